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
/// subscription: each reading is stored once, whichever server took it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadingsSplitTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Readings_SharedBetweenThreeServers_EachStoredExactlyOnce()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        await using var cluster = await ServerCluster.StartAsync(3, settings: i => new Dictionary<string, string>
        {
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
            var stored = await EventuallyAsync(() => admin.AsyncUnaryCall(WmsMethods.Device.GetDevice, new GetDeviceRequest { DeviceCode = probe }, Options).ResponseAsync, d => d.Accepted == 300, seconds: 60);
            var readings = await admin.AsyncUnaryCall(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = probe, Limit = 1000 }, Options);
            Assert.Equal(300L, stored.Accepted);
            Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), readings.Readings.Select(r => r.Sequence));
        }

        Assert.Equal(900L, await cluster.ScalarAsync("SELECT count(*) FROM device_readings"));
    }
}
