using Grpc.Core;
using MQTTnet;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Devices;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// Two servers on one PostgreSQL database, each with its embedded broker: a device registered through one
/// may connect to the other at once, and one disabled through one is cut off by the other.
/// </summary>
public sealed class DeviceDirectoryClusterTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task DisableDevice_ThroughOneServer_OtherServersBrokerClosesItsConnectionAndRefusesIt()
    {
        var brokers = new[] { FreePorts.Next(), FreePorts.Next() };
        await using var cluster = await ServerCluster.StartAsync(2, settings: i => new Dictionary<string, string>
        {
            ["Wms:Mqtt:Address"] = ServerProcess.Port(brokers[i]),
            // A signal, not the catch-up read, must carry the change: the catch-up is longer than the test waits.
            ["Wms:Database:SignalCatchUpSeconds"] = "600",
        });
        var (warehouse, _, _) = await ThreeServersTests.SeedAsync(cluster.Clients[0], units: 1);
        var secret = await cluster.Clients[0].AsyncUnaryCall(WmsMethods.Device.RegisterDevice, new RegisterDeviceRequest
        {
            RequestId = "probe", WarehouseCode = warehouse, Code = "PRB-X", Kind = DeviceKind.Probe, ZoneCode = "Z", MinCelsius = 2, MaxCelsius = 8, GraceSeconds = 60,
        }, Options);

        // Registered through server 0, connecting to server 1's broker.
        var device = await ConnectEventuallyAsync(brokers[1], "PRB-X", secret.Secret);
        var closed = new TaskCompletionSource();
        device.DisconnectedAsync += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        await cluster.Clients[0].AsyncUnaryCall(WmsMethods.Device.DisableDevice, new DisableDeviceRequest { RequestId = "disable", DeviceCode = "PRB-X" }, Options);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.True(closed.Task.IsCompletedSuccessfully);
        Assert.Contains("BadUserNameOrPassword", (await Assert.ThrowsAnyAsync<Exception>(() => DeviceKit.ConnectToAsync(brokers[1], "PRB-X", secret.Secret))).Message, StringComparison.Ordinal);
        device.Dispose();
    }

    private static async Task<IMqttClient> ConnectEventuallyAsync(int port, string code, string secret)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await DeviceKit.ConnectToAsync(port, code, secret);
            }
            catch (Exception) when (attempt < 40)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }
    }
}
