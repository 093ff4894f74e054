using Grpc.Net.Client;
using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Devices;

/// <summary>kill -9 the server while devices publish at QoS 1: every reading the broker acknowledged is stored, once.</summary>
public sealed class IngestDurabilityTests
{
    private const string Token = "mqtt-durability-token";
    private const int DeviceCount = 20;

    [Fact]
    public async Task AcknowledgedReadings_ServerKilledMidLoad_AllStoredOnceAfterRestart()
    {
        var database = Path.Combine(Path.GetTempPath(), "wms-mqtt-kill-" + Guid.NewGuid().ToString("N") + ".db");
        var (grpc, mqtt) = (FreePorts.Next(), FreePorts.Next());
        var settings = new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(grpc),
            ["Wms:Mqtt:Address"] = ServerProcess.Port(mqtt),
            ["Wms:Security:AdminToken"] = Token,
            ["Wms:Database:ConnectionString"] = "Data Source=" + database,
        };
        var acked = new ConcurrentBag<(string Device, long Seq)>();
        var devices = new List<(string Code, string Secret)>();
        try
        {
            await using (var server = await ServerProcess.StartAsync(settings))
            {
                var invoker = Invoker(grpc);
                await invoker.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
                {
                    RequestId = "w", Warehouse = new Warehouse { Code = "KILL", Name = "Kill", Kind = WarehouseKind.Central },
                }, Options());
                var layout = new ImportLayoutRequest { RequestId = "l", WarehouseCode = "KILL" };
                layout.Zones.Add(new Zone { Code = "COLD", Name = "Cold" });
                await invoker.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, layout, Options());
                for (var i = 0; i < DeviceCount; i++)
                {
                    var answer = await invoker.AsyncUnaryCall(WmsMethods.Device.RegisterDevice, new RegisterDeviceRequest
                    {
                        RequestId = "d" + i, WarehouseCode = "KILL", Code = $"K{i:00}", Kind = DeviceKind.Probe, ZoneCode = "COLD", MinCelsius = 2, MaxCelsius = 8,
                    }, Options());
                    devices.Add((answer.Device.Code, answer.Secret));
                }

                using var stop = new CancellationTokenSource();
                var publishers = devices.Select(d => Task.Run(() => PublishUntilStoppedAsync(mqtt, d.Code, d.Secret, acked, stop.Token))).ToArray();
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (acked.Count < 300 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(10, TestContext.Current.CancellationToken);
                }

                await server.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(publishers);
            }

            Assert.True(acked.Count >= 300, $"only {acked.Count} readings acknowledged before the kill");
            await using (await ServerProcess.StartAsync(settings))
            {
                var invoker = Invoker(grpc);
                foreach (var (code, _) in devices)
                {
                    var stored = (await invoker.AsyncUnaryCall(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = code, Limit = 1000 }, Options()))
                        .Readings.Select(r => r.Sequence).ToList();
                    var mine = acked.Where(a => a.Device == code).Select(a => a.Seq).Order().ToList();

                    Assert.Empty(mine.Except(stored));
                    Assert.Equal(stored.Count, stored.Distinct().Count());
                    // At most the one reading in flight at the kill is stored without its acknowledgement having arrived.
                    Assert.InRange(stored.Count, mine.Count, mine.Count + 1);
                }
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

    private static CallInvoker Invoker(int port) =>
        GrpcChannel.ForAddress($"http://127.0.0.1:{port}").CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + Token));

    private static CallOptions Options() => new(deadline: DateTime.UtcNow.AddSeconds(30));

    private static async Task PublishUntilStoppedAsync(int port, string code, string secret, ConcurrentBag<(string, long)> acked, CancellationToken stop)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(code).WithCredentials(code, secret).Build(), stop);
            for (long seq = 1; !stop.IsCancellationRequested; seq++)
            {
                var payload = Encoding.UTF8.GetBytes(DeviceKit.Json(seq, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":5"));
                var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"wms/KILL/{code}/temperature").WithPayload(payload)
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), stop);
                if (!result.IsSuccess)
                {
                    return;
                }

                acked.Add((code, seq));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The kill: whatever was not acknowledged may or may not be stored.
        }
    }
}
