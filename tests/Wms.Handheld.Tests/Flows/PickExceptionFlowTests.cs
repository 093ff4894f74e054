using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

/// <summary>
/// The exceptions menu (e) on a pick line: each choice is reported to the server, which records the short
/// pick, holds the bin and alerts the supervisors; offline the report waits in the outbox like a pick.
/// </summary>
public sealed class PickExceptionFlowTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    /// <summary>A trip of one line per SKU, each SKU stocked (10) in its pick face A-01-01, A-01-02...; 4 of each asked.</summary>
    private static Task<(string Order, List<(string Code, string Gtin)> Skus)> TripAsync(Floor floor, int lines) => floor.TripAsync(lines, _ => 4L);

    private static Task<Bin> BinAsync(Floor floor, string bin) => floor.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = floor.Warehouse, Code = bin });

    private static async Task<List<Alert>> AlertsAsync(Floor floor) =>
        [.. (await floor.Call(WmsMethods.Alert.ListAlerts, new ListAlertsRequest { WarehouseCode = floor.Warehouse, Kind = AlertKind.PickException })).Alerts];

    [Fact]
    public async Task Pick_ExceptionDamagedAfterScans_ReportedThatLotHeldNotTheBinAndSupervisorAlerted()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1", "A-01-01", skus[0].Gtin);

        var menu = await device.SendAsync("e");
        Assert.True(menu.Shows("1 damaged") && menu.Shows("2 wrong item in bin") && menu.Shows("3 bin blocked") && menu.Shows("4 other"), menu.Text);
        Assert.True(menu.Shows("The bin goes on hold and your") && menu.Shows("supervisor is told."), menu.Text);
        Assert.Equal("Found 0-3, x=cancel", (await device.SendAsync("1")).Prompt);
        var done = await device.SendAsync("3");

        Assert.True(menu.Shows("1 damaged (that lot goes on hold)"), menu.Text);
        Assert.Equal($"Reported (damaged): 3 picked, 0 from another bin, 1 backordered. {skus[0].Code} in A-01-01 on hold, supervisor alerted.", done.Message);
        Assert.True(done.Shows("Bin  A-01-02"), done.Text);
        var line = (await floor.OrderAsync(order)).Lines[0];
        Assert.Equal((3L, 1L), (line.PickedQuantity, line.BackorderedQuantity));
        // Only that SKU and lot in the bin is held: the bin itself stays open for its other stock.
        Assert.False((await BinAsync(floor, "A-01-01")).OnHold);
        var held = Assert.Single((await floor.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = floor.Warehouse, BinCode = "A-01-01" })).Lines);
        Assert.StartsWith("pick exception: damaged (picker-", held.HoldReason, StringComparison.Ordinal);
        var alert = Assert.Single(await AlertsAsync(floor));
        Assert.Equal($"A-01-01/{skus[0].Code}", alert.Subject);
        Assert.Contains($"at bin A-01-01, SKU {skus[0].Code}, order {order}: damaged.", alert.Message, StringComparison.Ordinal);
        Assert.StartsWith("picker-", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pick_ExceptionBinBlocked_NeedsNoScanReallocatesElsewhereHoldsAndAlerts()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 1);
        await floor.StockAsync(skus[0].Code, "A-01-06", 10);

        var damagedAtAisle = await device.SendAsync("1", "e", "1");
        Assert.Equal("Scan bin A-01-01 first: an exception is told at the bin.", damagedAtAisle.Message);
        var blocked = await device.SendAsync("e", "3");

        Assert.Equal("Reported (bin blocked): 0 picked, 4 from another bin, 0 backordered. A-01-01 on hold, supervisor alerted.", blocked.Message);
        Assert.True(blocked.Shows("Bin  A-01-06"), blocked.Text);
        var counts = await floor.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = floor.Warehouse });
        Assert.Contains(counts.Counts, c => c.BinCode == "A-01-01");
        Assert.Equal(0, (await floor.OrderAsync(order)).Lines[0].BackorderedQuantity);
        Assert.True((await BinAsync(floor, "A-01-01")).OnHold);
        Assert.Single(await AlertsAsync(floor));
    }

    [Fact]
    public async Task Pick_ExceptionOther_AsksWhatIsWrongAndReportsItInThoseWords()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await TripAsync(floor, 1);
        await device.SendAsync("1", "A-01-01");

        var ask = await device.SendAsync("e", "4");
        Assert.Equal("Type it, x=cancel", ask.Prompt);
        Assert.True(ask.Shows("What is wrong? (a few words)"), ask.Text);
        Assert.Equal("Type what is wrong, in a few words.", (await device.SendAsync("  ")).Message);
        var done = await device.SendAsync("labels torn, cannot read");

        Assert.Equal("Reported (labels torn, cannot read): 0 picked, 0 from another bin, 4 backordered. A-01-01 on hold, supervisor alerted.", done.Message);
        Assert.StartsWith("pick exception: labels torn, cannot read (", (await BinAsync(floor, "A-01-01")).HoldReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pick_ExceptionWhileOffline_KeptOnDeviceThenHoldAndAlertWhenBackOnline()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1");

        cable.Mode = Cable.State.Cut;
        var queued = await device.SendAsync("A-01-01", skus[0].Gtin, "e", "2", "1");
        Assert.Equal("Exception (wrong item in bin) kept on device (offline): hold and alert follow when back online.", queued.Message);
        Assert.True(queued.Shows("Bin  A-01-02") && queued.Status.EndsWith("OFFLINE  1 waiting", StringComparison.Ordinal), queued.Text);
        Assert.False((await BinAsync(floor, "A-01-01")).OnHold);

        cable.Mode = Cable.State.Connected;
        var next = await device.SendAsync("A-01-02", skus[1].Gtin, "");

        Assert.Equal(0, device.Pending);
        Assert.True(next.Shows("No pick work right now."), next.Text);
        Assert.Equal([(1L, 3L), (4L, 0L)], (await floor.OrderAsync(order)).Lines.Select(l => (l.PickedQuantity, l.BackorderedQuantity)));
        Assert.True((await BinAsync(floor, "A-01-01")).OnHold);
        Assert.Single(await AlertsAsync(floor));
    }

    [Fact]
    public async Task Pick_ExceptionQueuedThenOrderCancelled_RefusalSaysWhereTheFoundUnitsGoAndNothingIsHeld()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1");
        cable.Mode = Cable.State.Cut;
        await device.SendAsync("A-01-01", skus[0].Gtin, "e", "1", "2");
        await floor.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, Reference = order });

        cable.Mode = Cable.State.Connected;
        await device.SendAsync("x");
        var told = await device.SendAsync("1");

        Assert.Contains($"Order {order} was cancelled: put the 2 {skus[0].Code} in your hand back in bin A-01-01.", told.Message, StringComparison.Ordinal);
        Assert.True(told.IsError && told.Bell, told.Text);
        Assert.Equal(0, device.Pending);
        Assert.False((await BinAsync(floor, "A-01-01")).OnHold);
        Assert.Empty(await AlertsAsync(floor));
        Assert.Equal(10, await floor.OnHandAsync(skus[0].Code, "A-01-01"));
    }
}
