using System.Globalization;
using Grpc.Core;
using MQTTnet;
using MQTTnet.Formatter;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Devices;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// Three servers as clients of one real Mosquitto broker, sharing the readings through an MQTT 5 shared
/// subscription: each reading is stored once, whichever server took it, and one whose store failed is sent again.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadingsSplitTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Readings_SharedBetweenThreeServers_EachStoredExactlyOnce()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        var metricsPorts = Enumerable.Range(0, 3).Select(_ => FreePorts.Next()).ToList();
        await using var cluster = await ServerCluster.StartAsync(3, settings: i => new Dictionary<string, string>
        {
            ["Wms:Server:HttpAddress"] = $"127.0.0.1:{metricsPorts[i]}",
            ["Wms:Mqtt:Mode"] = "External",
            ["Wms:Mqtt:BrokerPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Wms:Mqtt:ClientId"] = $"wms-cluster-{i}",
        });
        // Every server's shared subscription must be in place before the first reading.
        await EventuallyAsync(() => Task.FromResult(broker.Output), o => Enumerable.Range(0, 3).All(i => o.Contains($"as wms-cluster-{i}-0", StringComparison.Ordinal)), seconds: 30);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var admin = cluster.Clients[0];
        var (warehouse, _, _) = await ThreeServersTests.SeedAsync(admin, units: 1);
        var probes = new[] { "PRB-A", "PRB-B", "PRB-C" };
        foreach (var probe in probes)
        {
            await admin.AsyncUnaryCall(WmsMethods.Device.RegisterDevice, new RegisterDeviceRequest
            {
                RequestId = probe, WarehouseCode = warehouse, Code = probe, Kind = DeviceKind.Probe, ZoneCode = "Z", MinCelsius = 2, MaxCelsius = 8, GraceSeconds = 60,
            }, Options);
        }

        // One store fails, once, as a dropped database connection would fail it: the server that took the reading
        // must leave it unacknowledged so the broker sends it again (a sequence, because nextval survives the rollback).
        await cluster.ExecuteAsync("""
            CREATE SEQUENCE reading_fault;
            CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW.sequence = 150 AND NEW.device_id = (SELECT id FROM devices WHERE code = 'PRB-B') THEN
                IF nextval('reading_fault') = 1 THEN RAISE EXCEPTION 'injected: the store of PRB-B 150 fails once'; END IF;
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER fail_once BEFORE INSERT ON device_readings FOR EACH ROW EXECUTE FUNCTION fail_once();
            """);

        // Another server learns of a new device from the database: give each a moment, as a site's rollout would.
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        var t0 = DateTimeOffset.UtcNow.AddHours(-1);
        await Task.WhenAll(probes.Select(async probe =>
        {
            var device = new MqttClientFactory().CreateMqttClient();
            await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId(probe).Build(),
                TestContext.Current.CancellationToken);
            for (var seq = 1; seq <= 300; seq++)
            {
                await PublishAsync(device, $"wms/{warehouse}/{probe}/temperature", Json(seq, t0.AddSeconds(seq), "\"celsius\":5"));
            }

            await device.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);
            device.Dispose();
        }));

        foreach (var probe in probes)
        {
            var stored = await EventuallyAsync(() => admin.AsyncUnaryCall(WmsMethods.Device.GetDevice, new GetDeviceRequest { DeviceCode = probe }, Options).ResponseAsync, d => d.Accepted == 300, seconds: 120);
            var readings = await admin.AsyncUnaryCall(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = probe, Limit = 1000 }, Options);
            var missing = Enumerable.Range(1, 300).Select(i => (long)i).Except(readings.Readings.Select(r => r.Sequence)).ToList();
            Assert.True(stored.Accepted == 300, $"{probe}: accepted {stored.Accepted}, rejected {stored.Rejected} ({stored.LastRejection}), stored {readings.Readings.Count}, missing [{string.Join(",", missing)}]\n{broker.Output[^Math.Min(3000, broker.Output.Length)..]}\n{ServerLogs(cluster)}");
            Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), readings.Readings.Select(r => r.Sequence));
        }

        Assert.Equal(900L, await cluster.ScalarAsync("SELECT count(*) FROM device_readings"));
        // Split, not merely stored: each server took a share (its own count, from its /metrics).
        var taken = await Task.WhenAll(metricsPorts.Select(AppliedAsync));
        Assert.Equal(900L, taken.Sum());
        Assert.All(taken, n => Assert.True(n > 0, $"one server took no reading: {string.Join(", ", taken)}"));
        Assert.True(await cluster.ScalarAsync("SELECT last_value FROM reading_fault") >= 2, "the injected failure never fired");
    }

    /// <summary>Readings a server stored, as its Prometheus endpoint counts them.</summary>
    private static async Task<long> AppliedAsync(int port)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", TestContext.Current.CancellationToken);
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith("wms_device_readings_total{", StringComparison.Ordinal) && l.Contains("outcome=\"applied\"", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>What each server said about MQTT and its ingest: why a reading went missing.</summary>
    private static string ServerLogs(ServerCluster cluster) => string.Join('\n', cluster.Servers.Select((s, i) =>
        $"server {i}:\n" + string.Join('\n', s.Output.Split('\n').Where(l => l.Contains("MQTT", StringComparison.OrdinalIgnoreCase) || l.Contains("reading", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(40))));
}
