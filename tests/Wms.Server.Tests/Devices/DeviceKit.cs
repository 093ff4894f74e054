using Wms.Client;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wms.Contracts.V1;
using Wms.Server.Tests.Inventory;
using Wms.Server.Transport.Grpc;
using Wms.Server.Transport.Mqtt;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Devices;

/// <summary>A test warehouse (<see cref="InventoryKit"/>) with devices registered in it, and MQTT clients that play them.</summary>
public sealed class DeviceKit(WmsServerFactory factory, InventoryKit inventory)
{
    public InventoryKit Inventory { get; } = inventory;

    public string Warehouse => Inventory.Warehouse;

    public int Port => factory.Services.GetRequiredService<EmbeddedBroker>().Port;

    public static async Task<DeviceKit> CreateAsync(WmsServerFactory factory) => new(factory, await InventoryKit.CreateAsync(factory));

    public static string NewCode(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    public async Task<(string Code, string Secret)> RegisterAsync(RegisterDeviceRequest request)
    {
        request.RequestId = Id();
        request.WarehouseCode = Warehouse;
        var answer = await Inventory.Call(WmsMethods.Device.RegisterDevice, request);
        return (answer.Device.Code, answer.Secret);
    }

    public Task<(string Code, string Secret)> ScannerAsync() =>
        RegisterAsync(new RegisterDeviceRequest { Code = NewCode("SCN"), Kind = DeviceKind.Scanner });

    public Task<(string Code, string Secret)> ProbeAsync(int graceSeconds = 60, int heartbeatSeconds = 0) =>
        RegisterAsync(new RegisterDeviceRequest { Code = NewCode("PRB"), Kind = DeviceKind.Probe, ZoneCode = "Z", MinCelsius = 2, MaxCelsius = 8, GraceSeconds = graceSeconds, HeartbeatSeconds = heartbeatSeconds });

    public Task<(string Code, string Secret)> ScaleAsync(string sku, string bin = "R-01", int graceSeconds = 60, double tolerance = 1, double tare = 0) =>
        RegisterAsync(new RegisterDeviceRequest { Code = NewCode("SCL"), Kind = DeviceKind.Scale, BinCode = bin, SkuCode = sku, GraceSeconds = graceSeconds, ToleranceUnits = tolerance, TareGrams = tare });

    public Task<Device> DeviceAsync(string code) => Inventory.Call(WmsMethods.Device.GetDevice, new GetDeviceRequest { DeviceCode = code });

    public async Task<List<Alert>> AlertsAsync(bool openOnly = true) =>
        (await Inventory.Call(WmsMethods.Alert.ListAlerts, new ListAlertsRequest { WarehouseCode = Warehouse, OpenOnly = openOnly })).Alerts.ToList();

    public Task<IMqttClient> ConnectAsync(string code, string secret, MqttProtocolVersion version = MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null) =>
        ConnectToAsync(Port, code, secret, version, configure);

    /// <summary>A device connected to the broker on <paramref name="port"/> (any server's, not only this kit's); a refusal throws, naming its reason code.</summary>
    public static async Task<IMqttClient> ConnectToAsync(int port, string code, string secret, MqttProtocolVersion version = MqttProtocolVersion.V500, Action<MqttClientOptionsBuilder>? configure = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(version).WithClientId(code).WithCredentials(code, secret).WithTimeout(TimeSpan.FromSeconds(10));
            configure?.Invoke(builder);

            // MQTT 5: a refusal is the CONNACK's reason code, not always an exception.
            var result = await client.ConnectAsync(builder.Build(), TestContext.Current.CancellationToken);
            return result.ResultCode == MqttClientConnectResultCode.Success && client.IsConnected
                ? client
                : throw new InvalidOperationException($"refused: {result.ResultCode}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>What the broker answers a connection that should be refused.</summary>
    public async Task<MqttClientConnectResultCode> RefusedAsync(string code, string secret, Action<MqttClientOptionsBuilder>? configure = null)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId(code).WithCredentials(code, secret).WithTimeout(TimeSpan.FromSeconds(10));
        configure?.Invoke(builder);
        try
        {
            return (await client.ConnectAsync(builder.Build(), TestContext.Current.CancellationToken)).ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex) when (Enum.GetValues<MqttClientConnectResultCode>().Any(c => ex.Message.Contains(c.ToString(), StringComparison.Ordinal)))
        {
            // MQTTnet 5 names the CONNACK's reason code in the message only.
            return Enum.GetValues<MqttClientConnectResultCode>().Last(c => ex.Message.Contains(c.ToString(), StringComparison.Ordinal));
        }
    }

    public string Topic(string device, string kind) => $"wms/{Warehouse}/{device}/{kind}";

    /// <summary>Arguments for mosquitto_pub/mosquitto_sub signed in to this kit's broker; no client id when <paramref name="clientId"/> is null.</summary>
    public List<string> MosquittoArgs(string user, string password, string? clientId, string version, params string[] more) =>
        MosquittoArgsOn(Port, user, password, clientId, version, more);

    /// <summary>The same, for the broker's listener on <paramref name="port"/> (its TLS one, say).</summary>
    public static List<string> MosquittoArgsOn(int port, string user, string password, string? clientId, string version, params string[] more)
    {
        var args = new List<string> { "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", user, "-P", password, "-V", version };
        if (clientId is not null)
        {
            args.AddRange(["-i", clientId]);
        }

        args.AddRange(more);
        return args;
    }

    public static string Json(long seq, DateTimeOffset ts, string fields = "") =>
        $"{{\"seq\":{seq},\"ts\":\"{ts.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\"{(fields.Length == 0 ? "" : "," + fields)}}}";

    public static async Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce, bool retain = false) =>
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(qos).WithRetainFlag(retain).Build(), TestContext.Current.CancellationToken);

    /// <summary>Polls until the condition holds (effects that run after a commit, such as a raised cycle count).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
