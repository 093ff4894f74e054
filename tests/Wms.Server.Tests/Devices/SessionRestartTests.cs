using System.Globalization;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Transport.Mqtt;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>
/// Persistent sessions of the embedded broker outlive a restart of the server (Transport/Mqtt/PersistentSessions):
/// a client that reconnects with clean start off finds its session, its subscriptions and the QoS 1 messages
/// queued for it, including those queued before the restart.
/// </summary>
public sealed class SessionRestartTests
{
    [Fact]
    public Task MqttnetClient_CleanStartOffAcrossARestart_SessionPresentSubscriptionKeptAndQueuedMessagesDelivered() =>
        RestartAsync(new WmsServerFactory { KeepDatabase = true }, first => new SameDatabaseFactory(first.DatabasePath));

    [Fact]
    public async Task MqttnetClient_CleanStartOffAcrossARestartOnPostgres_SessionPresentSubscriptionKeptAndQueuedMessagesDelivered()
    {
        TestPostgres.Require();
        var database = TestPostgres.CreateDatabase();
        try
        {
            await RestartAsync(new PostgresServerFactory { ExistingDatabase = database }, _ => new PostgresServerFactory { ExistingDatabase = database });
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }

    /// <summary>A watcher subscribes with clean start off and leaves; readings are queued for it before and after the restart.</summary>
    private static async Task RestartAsync(WmsServerFactory first, Func<WmsServerFactory, WmsServerFactory> restart)
    {
        var watcherId = "watcher-" + Guid.NewGuid().ToString("N")[..8];
        var (code, secret, topic) = await SubscribeThenQueueWhileAwayAsync(first, watcherId);

        await using var second = restart(first);
        var port = second.Services.GetRequiredService<EmbeddedBroker>().Port;
        using (var device = await ConnectDeviceAsync(port, code, secret))
        {
            // Queued after the restart, while the watcher is still away: only a restored subscription can take it.
            Assert.True((await PublishAsync(device, topic, Json(2, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":4.2"))).IsSuccess);
        }

        var received = new List<string>();
        using (var watcher = await WatcherAsync(port, watcherId, received))
        {
            // No SUBSCRIBE this time: the session has it.
            Assert.True(watcher.Connected.IsSessionPresent, "CONNACK session present after the restart");
            await EventuallyAsync(() => Task.FromResult(Count(received)), n => n >= 2);
            using (var device = await ConnectDeviceAsync(port, code, secret))
            {
                Assert.True((await PublishAsync(device, topic, Json(3, DateTimeOffset.UtcNow, "\"celsius\":4.3"))).IsSuccess);
            }

            await EventuallyAsync(() => Task.FromResult(Count(received)), n => n >= 3);
            lock (received)
            {
                Assert.Equal(["4.1", "4.2", "4.3"], received.Select(p => p.Split("\"celsius\":")[1].TrimEnd('}')));
            }
        }

        // Every message was acknowledged, so none is left to deliver again.
        var left = await EventuallyAsync(() => Task.FromResult(Scalar(first, $"SELECT COUNT(*) FROM mqtt_session_messages WHERE client_id = '{watcherId}'")), n => n == 0);
        Assert.Equal(0, left);
        Assert.Equal(1, Scalar(first, $"SELECT COUNT(*) FROM mqtt_subscriptions WHERE client_id = '{watcherId}'"));
    }

    [Fact]
    public async Task CleanStartAfterARestart_StoredSessionDiscarded_NothingDelivered()
    {
        var first = new WmsServerFactory { KeepDatabase = true };
        var watcherId = "watcher-" + Guid.NewGuid().ToString("N")[..8];
        await SubscribeThenQueueWhileAwayAsync(first, watcherId);

        await using var second = new SameDatabaseFactory(first.DatabasePath);
        var port = second.Services.GetRequiredService<EmbeddedBroker>().Port;
        var received = new List<string>();
        using (var watcher = await WatcherAsync(port, watcherId, received, cleanStart: true))
        {
            Assert.False(watcher.Connected.IsSessionPresent);
            await Task.Delay(500, TestContext.Current.CancellationToken);
            Assert.Equal(0, Count(received));
        }

        // The new session (clean start, expiry 3600) starts empty: the old one's subscription and queued reading are gone.
        var stored = await EventuallyAsync(
            () => Task.FromResult(Scalar(first, $"SELECT (SELECT COUNT(*) FROM mqtt_subscriptions WHERE client_id = '{watcherId}') + (SELECT COUNT(*) FROM mqtt_session_messages WHERE client_id = '{watcherId}')")),
            n => n == 0);
        Assert.Equal(0, stored);
    }

    /// <summary>A real client we did not write, and a real crash: mosquitto_sub -c across kill -9 of the server process.</summary>
    [Fact]
    public async Task MosquittoSub_PersistentSessionServerKilled_QueuedReadingsDeliveredAfterRestart()
    {
        Mosquitto.Require("mosquitto_sub");
        const string token = "mqtt-session-token";
        var database = Path.Combine(Path.GetTempPath(), "wms-mqtt-session-" + Guid.NewGuid().ToString("N") + ".db");
        var (grpc, mqtt) = (FreePorts.Next(), FreePorts.Next());
        var settings = new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(grpc),
            ["Wms:Mqtt:Address"] = ServerProcess.Port(mqtt),
            ["Wms:Security:AdminToken"] = token,
            ["Wms:Database:ConnectionString"] = "Data Source=" + database,
        };
        string[] Watcher(params string[] more) =>
            ["-h", "127.0.0.1", "-p", mqtt.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-u", "token", "-P", token, "-i", "dashboard-1", "-c", "-x", "3600", "-q", "1", "-t", "wms/SESS/+/temperature", .. more];
        try
        {
            string secret;
            await using (var server = await ServerProcess.StartAsync(settings))
            {
                var invoker = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}").CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + token));
                var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30));
                await invoker.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
                {
                    RequestId = "w", Warehouse = new Warehouse { Code = "SESS", Name = "Sessions", Kind = WarehouseKind.Central },
                }, options);
                var layout = new ImportLayoutRequest { RequestId = "l", WarehouseCode = "SESS" };
                layout.Zones.Add(new Zone { Code = "COLD", Name = "Cold" });
                await invoker.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, layout, options);
                secret = (await invoker.AsyncUnaryCall(WmsMethods.Device.RegisterDevice, new RegisterDeviceRequest
                {
                    RequestId = "d", WarehouseCode = "SESS", Code = "P1", Kind = DeviceKind.Probe, ZoneCode = "COLD", MinCelsius = 2, MaxCelsius = 8,
                }, options)).Secret;

                // Subscribe once (-E: exit right after the SUBACK), then the probe publishes while the dashboard is away.
                var (subscribed, output) = await Mosquitto.RunAsync("mosquitto_sub", Watcher("-E"));
                Assert.True(subscribed == 0, output);
                await PublishReadingAsync(mqtt, secret, 1, "3.1");
                await server.KillAsync();
            }

            await using (await ServerProcess.StartAsync(settings))
            {
                await PublishReadingAsync(mqtt, secret, 2, "3.2");

                // mosquitto_sub subscribes again on connecting, but both readings were published before it came back:
                // they reach it only through the restored session.
                var (exit, received) = await Mosquitto.RunAsync("mosquitto_sub", Watcher("-C", "2", "-W", "15"));
                Assert.True(exit == 0, received);
                var lines = received.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                Assert.Equal(2, lines.Length);
                Assert.Contains("\"seq\":1,", lines[0], StringComparison.Ordinal);
                Assert.Contains("\"seq\":2,", lines[1], StringComparison.Ordinal);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    /// <summary>
    /// On the first server: a probe, and a watcher that subscribes to the warehouse's temperatures with clean start off
    /// and leaves; then the probe publishes reading 1 (4.1 °C), queued for the watcher. The first server is stopped.
    /// </summary>
    private static async Task<(string Code, string Secret, string Topic)> SubscribeThenQueueWhileAwayAsync(WmsServerFactory first, string watcherId)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (first)
        {
            var kit = await CreateAsync(first);
            var (code, secret) = await kit.ProbeAsync();
            var topic = kit.Topic(code, "temperature");
            using (var watcher = await WatcherAsync(kit.Port, watcherId, received: null))
            {
                Assert.False(watcher.Connected.IsSessionPresent);
                await watcher.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"wms/{kit.Warehouse}/+/temperature", MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
                await watcher.Client.DisconnectAsync(cancellationToken: ct);
            }

            using var device = await kit.ConnectAsync(code, secret);
            Assert.True((await PublishAsync(device, topic, Json(1, DateTimeOffset.UtcNow.AddMinutes(-2), "\"celsius\":4.1"))).IsSuccess);
            return (code, secret, topic);
        }
    }

    private static async Task PublishReadingAsync(int port, string secret, long seq, string celsius)
    {
        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub",
        [
            "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-u", "P1", "-P", secret, "-i", "P1", "-q", "1",
            "-t", "wms/SESS/P1/temperature", "-m", Json(seq, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":" + celsius),
        ]);
        Assert.True(exit == 0, output);
    }

    private sealed record Watcher(IMqttClient Client, MqttClientConnectResult Connected) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    private static async Task<Watcher> WatcherAsync(int port, string clientId, List<string>? received, bool cleanStart = false)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        if (received is not null)
        {
            client.ApplicationMessageReceivedAsync += e =>
            {
                lock (received)
                {
                    received.Add(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
                }

                return Task.CompletedTask;
            };
        }

        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId).WithCredentials("token", WmsServerFactory.AdminToken).WithCleanStart(cleanStart).WithSessionExpiryInterval(3600)
            .WithTimeout(TimeSpan.FromSeconds(10)).Build();
        var connected = await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        return new Watcher(client, connected);
    }

    private static async Task<IMqttClient> ConnectDeviceAsync(int port, string code, string secret)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(code).WithCredentials(code, secret).WithTimeout(TimeSpan.FromSeconds(10)).Build(), TestContext.Current.CancellationToken);
        return client;
    }

    private static int Count(List<string> received)
    {
        lock (received)
        {
            return received.Count;
        }
    }

    private static long Scalar(WmsServerFactory factory, string sql)
    {
        using var connection = factory.OpenRawConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
