using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Alerts;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;
using Alert = Wms.Contracts.V1.Alert;
using AlertKind = Wms.Contracts.V1.AlertKind;

namespace Wms.Server.Tests.Devices;

public sealed class AlertTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static Task<AlertView> RaiseAsync(WmsServerFactory factory, DeviceKit kit, string subject, string requestId = "") =>
        factory.Services.GetRequiredService<RaiseAlert.Handler>().HandleAsync(
            new RaiseAlert.Command(requestId.Length > 0 ? requestId : Guid.NewGuid().ToString(), "replenishment", kit.Warehouse, Wms.Server.Alerts.AlertKind.LowStock, subject, "pick face below min"),
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task RaiseAlert_SameSubjectWhileOpen_OneAlertAndResolvedByResolveAlert()
    {
        var kit = await CreateAsync(factory);

        var first = await RaiseAsync(factory, kit, "P-01");
        var again = await RaiseAsync(factory, kit, "P-01");
        var resolved = await kit.Inventory.Call(WmsMethods.Alert.ResolveAlert, new ResolveAlertRequest { RequestId = Guid.NewGuid().ToString(), AlertId = first.Id, Resolution = "replenished" });
        var afterwards = await RaiseAsync(factory, kit, "P-01");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(("replenished", AlertKind.LowStock), (resolved.Resolution, resolved.Kind));
        Assert.NotEqual(first.Id, afterwards.Id);
        Assert.Equal([afterwards.Id], (await kit.AlertsAsync()).Select(a => a.Id));
    }

    [Fact]
    public async Task RaiseAlert_SubjectTooLong_InvalidArgumentNamingSubject()
    {
        var kit = await CreateAsync(factory);

        var error = await Assert.ThrowsAsync<Wms.Server.Common.DomainException>(() => RaiseAsync(factory, kit, new string('x', 65)));

        Assert.StartsWith("subject:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowAlerts_RaisedAndResolved_BothStreamedInOrder()
    {
        var kit = await CreateAsync(factory);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        using var call = factory.CreateInvoker().AsyncServerStreamingCall(
            WmsMethods.Alert.FollowAlerts, new FollowAlertsRequest { WarehouseCode = kit.Warehouse }, new CallOptions(cancellationToken: cancel.Token));

        var raised = await RaiseAsync(factory, kit, "P-02");
        var seen = new List<Alert>();
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        seen.Add(call.ResponseStream.Current);
        await kit.Inventory.Call(WmsMethods.Alert.ResolveAlert, new ResolveAlertRequest { RequestId = Guid.NewGuid().ToString(), AlertId = raised.Id });
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        seen.Add(call.ResponseStream.Current);

        Assert.Equal([raised.Id, raised.Id], seen.Select(a => a.Id));
        Assert.Null(seen[0].ResolvedAt);
        Assert.NotNull(seen[1].ResolvedAt);
        Assert.True(seen[1].Position > seen[0].Position);
    }

    [Fact]
    public async Task FollowAsync_IdleServer_ReadsNothingUntilAnAlertIsRaisedThenStreamsItAtOnce()
    {
        var kit = await CreateAsync(factory);
        var queries = factory.Services.GetRequiredService<AlertQueries>();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        var last = await queries.LastPositionAsync(cancel.Token);
        await using var follow = queries.FollowAsync(kit.Warehouse, last, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = follow.MoveNextAsync().AsTask();
        await Task.Delay(500, cancel.Token);

        // Idle for 2 s: the 100 ms poll this replaced read the table about 20 times per follower here.
        var before = queries.FollowReads;
        await Task.Delay(2000, cancel.Token);
        var idleReads = queries.FollowReads - before;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var raised = await RaiseAsync(factory, kit, "P-04");
        Assert.True(await next);
        var latency = clock.Elapsed;

        Assert.Equal(0, idleReads);
        Assert.Equal(raised.Id, follow.Current.Id);
        Assert.True(latency < TimeSpan.FromSeconds(10), $"streamed after {latency} (the catch-up read is 30 s away: the signal woke it)");
    }

    [Fact]
    public async Task FollowAsync_ChangeThisServerWasNotToldAbout_FoundByTheCatchUpRead()
    {
        var kit = await CreateAsync(factory);
        // Another server on the same database: its own signal never hears of this server's writes.
        var otherServer = new AlertQueries(
            factory.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Wms.Server.Data.WmsDbContext>>(),
            new Wms.Server.Data.DatabaseSignals(Microsoft.Extensions.Options.Options.Create(new Wms.Server.Data.DataOptions { SignalCatchUpSeconds = 1 })), TimeProvider.System);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromSeconds(30));
        await using var follow = otherServer.FollowAsync(kit.Warehouse, await otherServer.LastPositionAsync(cancel.Token), cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = follow.MoveNextAsync().AsTask();
        await Task.Delay(300, cancel.Token);

        var raised = await RaiseAsync(factory, kit, "P-05");

        Assert.True(await next);
        Assert.Equal(raised.Id, follow.Current.Id);
    }

    [Fact]
    public async Task Alerts_PublishedOnTheWarehouseAlertsTopic_MosquittoSubReceivesThem()
    {
        var kit = await CreateAsync(factory);
        using var sub = Mosquitto.Start("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", kit.Port.ToString(CultureInfo.InvariantCulture), "-u", "token", "-P", WmsServerFactory.AdminToken, "-V", "mqttv5",
             "-q", "1", "-t", $"wms/{kit.Warehouse}/alerts", "-C", "1", "-W", "15"], out var output);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        var raised = await RaiseAsync(factory, kit, "P-03");
        await sub.WaitForExitAsync(TestContext.Current.CancellationToken);

        var text = Mosquitto.Text(output);
        Assert.Contains($"\"id\":{raised.Id}", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"LowStock\"", text, StringComparison.Ordinal);
        Assert.Contains("P-03", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MosquittoSub_ObserverWithPickerToken_Refused()
    {
        var kit = await CreateAsync(factory);
        var picker = factory.RegisterToken("picker", Wms.Server.Security.Role.Picker);

        var (exit, output) = await Mosquitto.RunAsync("mosquitto_sub",
            ["-h", "127.0.0.1", "-p", kit.Port.ToString(CultureInfo.InvariantCulture), "-u", "token", "-P", picker, "-V", "mqttv5", "-t", $"wms/{kit.Warehouse}/alerts", "-W", "3"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("not authori", output, StringComparison.OrdinalIgnoreCase);
    }
}
