using Wms.Client;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>The server as a client of a real mosquitto broker, taking readings through an MQTT 5 shared subscription.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExternalBrokerTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    private sealed class ClientOfBroker(int port) : WmsServerFactory
    {
        public string ClientId { get; } = "wms-test-" + Guid.NewGuid().ToString("N")[..8];

        public LogRecorder Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(Logs));
            builder.UseSetting("Wms:Mqtt:Mode", "External");
            builder.UseSetting("Wms:Mqtt:BrokerPort", port.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Wms:Mqtt:ClientId", ClientId);
        }
    }

    private static async Task<IMqttClient> DeviceAsync(MosquittoBroker broker, string code)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId(code).Build(),
            TestContext.Current.CancellationToken);
        return client;
    }

    private static async Task PublishManyAsync(IMqttClient device, DeviceKit kit, string code, long fromSeq, int count)
    {
        for (var seq = fromSeq; seq < fromSeq + count; seq++)
        {
            await PublishAsync(device, kit.Topic(code, "temperature"), Json(seq, T0.AddSeconds(seq), "\"celsius\":5"), MqttQualityOfServiceLevel.AtLeastOnce);
        }
    }

    [Fact]
    public async Task ExternalBroker_ReadingsFlowAndSurviveABrokerRestart_EachStoredOnce()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var server = new ClientOfBroker(broker.Port);
        _ = server.Server;
        var kit = await CreateAsync(server);
        var (code, _) = await kit.ProbeAsync();
        // The server's shared subscription must be in place before the first reading.
        await Task.Delay(1500, TestContext.Current.CancellationToken);

        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub",
            ["-h", "127.0.0.1", "-p", broker.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-t", kit.Topic(code, "temperature"), "-m", Json(1, T0, "\"celsius\":5")]);
        var first = await EventuallyAsync(() => kit.DeviceAsync(code), d => d.Accepted == 1);
        using (var device = await DeviceAsync(broker, code))
        {
            await PublishManyAsync(device, kit, code, 2, 199);
        }

        var before = await EventuallyAsync(() => kit.DeviceAsync(code), d => d.Accepted == 200);
        await broker.RestartAsync();
        // Readings published before the servers are back have no subscriber at all in mosquitto 2.0 (docs/mqtt.md).
        await EventuallyAsync(() => Task.FromResult(broker.Output), o => o.Contains($"as {server.ClientId}-0", StringComparison.Ordinal) && o.Contains($"as {server.ClientId}-1", StringComparison.Ordinal));
        await Task.Delay(500, TestContext.Current.CancellationToken);
        using (var device = await DeviceAsync(broker, code))
        {
            await PublishManyAsync(device, kit, code, 201, 300);
        }

        var after = await EventuallyAsync(() => kit.DeviceAsync(code), d => d.Accepted == 500, seconds: 30);
        var readings = await kit.Inventory.Call(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = code, Limit = 1000 });

        Assert.True(exit == 0, output);
        Assert.Equal(1L, first.Accepted);
        Assert.Equal(200L, before.Accepted);
        Assert.True(after.Accepted == 500, broker.Output);
        Assert.Equal((500L, 500L), (after.Accepted, after.LastSequence));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), readings.Readings.Select(r => r.Sequence));
    }

    [Fact]
    public async Task ExternalBroker_StoppedWhileReadingsFlow_ShutsDownWithoutWarnings()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var server = new ClientOfBroker(broker.Port);
        try
        {
            _ = server.Server;
            var kit = await CreateAsync(server);
            var codes = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                codes.Add((await kit.ProbeAsync()).Code);
            }

            await EventuallyAsync(() => Task.FromResult(broker.Output), o => o.Contains($"as {server.ClientId}-0", StringComparison.Ordinal) && o.Contains($"as {server.ClientId}-1", StringComparison.Ordinal));
            await Task.Delay(500, TestContext.Current.CancellationToken);

            // The devices keep publishing while the server stops: acknowledgements are in flight when it does.
            using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            var publishing = codes.Select(code => Task.Run(async () =>
            {
                using var device = await DeviceAsync(broker, code);
                for (var seq = 1L; !stopPublishing.IsCancellationRequested; seq++)
                {
                    await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(kit.Topic(code, "temperature"))
                        .WithPayload(Json(seq, T0.AddMilliseconds(seq), "\"celsius\":5")).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), CancellationToken.None);
                }
            }, CancellationToken.None)).ToList();
            await EventuallyAsync(() => kit.DeviceAsync(codes[^1]), d => d.Accepted >= 300, seconds: 30);

            await server.DisposeAsync();
            await stopPublishing.CancelAsync();
            await Task.WhenAll(publishing);
        }
        finally
        {
            await server.DisposeAsync();
        }

        var warnings = server.Logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }
}
