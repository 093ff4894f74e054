using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Tests.Support;
using Wms.Handheld.Ui;
using Wms.Server.Security;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

/// <summary>
/// Replenishment on the handheld (menu 7) against the real server: the queue, the scans at the reserve bin
/// and the pick face, partial moves, and confirmations kept on the device while offline.
/// </summary>
public sealed class ReplenishFlowTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    /// <summary>
    /// Pick face A-01-01 (min 5, max 40) of a new SKU, empty; 50 in reserve bin R-01: the top-up plans one
    /// urgent task of 40 from R-01.
    /// </summary>
    private static async Task<(string Code, string Gtin)> FaceBelowMinAsync(Floor floor, string lot = "")
    {
        var sku = await floor.SkuAsync("Blue widget", lots: lot.Length > 0);
        await floor.StockAsync(sku.Code, "R-01", 50, lot: lot);
        await floor.Call(WmsMethods.Replenishment.SetPickFace, new SetPickFaceRequest
        {
            RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, BinCode = "A-01-01", SkuCode = sku.Code, MinQuantity = 5, MaxQuantity = 40,
        });
        var run = await floor.Call(WmsMethods.Replenishment.RunReplenishment, new RunReplenishmentRequest { RequestId = Floor.Id(), WarehouseCode = floor.Warehouse });
        Assert.Equal((1, 40L), (run.TasksCreated, run.UnitsPlanned));
        return sku;
    }

    private static async Task<List<LedgerEntry>> ReplenishmentLedgerAsync(Floor floor, string sku) =>
        [.. (await floor.LedgerAsync(sku)).Where(e => e.Reason == LedgerReason.Replenishment)];

    [Fact]
    public async Task Replenish_TaskTakenFromTheList_FromBinItemQuantityAndFaceScannedThenStockMoved()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await FaceBelowMinAsync(floor);

        var list = await device.SendAsync("7");
        Assert.Equal(("REPLENISH  1 open", "Task 1-1, Enter=1, x=menu"), (list.Title, list.Prompt));
        Assert.StartsWith("1 R-01    >A-01-01  SKU-", list.Lines[0], StringComparison.Ordinal);
        Assert.EndsWith("   40!", list.Lines[0], StringComparison.Ordinal);
        Assert.True(list.Shows("! urgent: face empty or orders wait"), list.Text);
        var task = await device.SendAsync("");
        Assert.Equal("Scan bin R-01", task.Prompt);
        Assert.True(task.Shows($"SKU  {sku.Code}") && task.Shows("Blue widget") && task.Shows("Qty  40 EA   to A-01-01"), task.Text);
        Assert.Equal("Wrong bin: expected R-01, scanned R-02", (await device.SendAsync("R-02")).Message);
        Assert.Equal("Scan item", (await device.SendAsync("R-01")).Prompt);
        Assert.Equal("Qty [40] EA", (await device.SendAsync(sku.Gtin)).Prompt);
        var put = await device.SendAsync("");
        Assert.Equal("Scan bin A-01-01", put.Prompt);
        Assert.True(put.Shows($"Put 40 EA of {sku.Code}") && put.Shows("into pick face A-01-01"), put.Text);
        Assert.Equal("Wrong bin: expected A-01-01, scanned A-01-02", (await device.SendAsync("A-01-02")).Message);
        var done = await device.SendAsync("A-01-01");

        Assert.Equal("Moved 40 to A-01-01: 40 there now. Task done.", done.Message);
        Assert.True(done.Shows("No replenishment tasks open."), done.Text);
        Assert.Equal((40L, 10L), (await floor.OnHandAsync(sku.Code, "A-01-01"), await floor.OnHandAsync(sku.Code, "R-01")));
        Assert.Equal([-40L, 40L], (await ReplenishmentLedgerAsync(floor, sku.Code)).Select(e => e.Quantity).Order());
    }

    [Fact]
    public async Task Replenish_FewerThanAsked_RestStaysOpenOrTheTaskIsClosed()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await FaceBelowMinAsync(floor);

        var fewer = await device.SendAsync("7", "", "R-01", sku.Gtin, "25");
        Assert.Equal("Enter, c or x", fewer.Prompt);
        Assert.True(fewer.Shows("Moving 25 of 40.") && fewer.Shows("c      no more in the bin: close"), fewer.Text);
        Assert.Equal("Qty [40] EA", (await device.SendAsync("x")).Prompt);
        var first = await device.SendAsync("25", "", "A-01-01");
        Assert.Equal("Moved 25 to A-01-01: 25 there now. 15 still to move.", first.Message);
        // Still this operator's: marked as theirs (and shown to nobody else until finished or given back).
        Assert.EndsWith("   15!*", first.Lines[0], StringComparison.Ordinal);
        Assert.True(first.Shows("* yours: taken, not finished"), first.Text);

        var closed = await device.SendAsync("1", "R-01", sku.Gtin, "5", "c", "A-01-01");

        Assert.Equal("Moved 5 to A-01-01: 30 there now. Task done.", closed.Message);
        Assert.True(closed.Shows("No replenishment tasks open."), closed.Text);
        Assert.Equal((30L, 20L), (await floor.OnHandAsync(sku.Code, "A-01-01"), await floor.OnHandAsync(sku.Code, "R-01")));
    }

    [Fact]
    public async Task Replenish_LotTrackedPlainBarcode_AsksForTheLotAndBackAtTheFaceMovesNothing()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await FaceBelowMinAsync(floor, lot: "L-26");

        var lot = await device.SendAsync("7", "", "R-01", sku.Gtin);
        Assert.Equal("Scan lot L-26", lot.Prompt);
        Assert.Equal("Wrong lot: expected L-26, scanned L-27", (await device.SendAsync("L-27")).Message);
        var back = await device.SendAsync("L-26", "", "x");
        Assert.Equal(("Nothing moved: the 40 " + sku.Code + " go back to R-01.", "REPLENISH  1 open"), (back.Message, back.Title));
        Assert.Equal(0, await floor.OnHandAsync(sku.Code, "A-01-01"));
        var done = await device.SendAsync("", "R-01", sku.Gtin, "L-26", "", "A-01-01");

        Assert.Equal("Moved 40 to A-01-01: 40 there now. Task done.", done.Message);
    }

    [Fact]
    public async Task Replenish_AnswerLostAfterTheServerMovedIt_KeptOnDeviceAndReplayedOnceWithItsRequestId()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await FaceBelowMinAsync(floor);
        await device.SendAsync("7", "", "R-01", sku.Gtin, "");

        cable.Mode = Cable.State.AnswersLost;
        var kept = await device.SendAsync("A-01-01");
        Assert.Equal("Moved 40 to A-01-01. Kept on device (offline).", kept.Message);
        Assert.True(kept.Shows("No replenishment tasks open.") && kept.Status.EndsWith("OFFLINE  1 waiting", StringComparison.Ordinal), kept.Text);

        cable.Mode = Cable.State.Connected;
        var back = await device.SendAsync("");

        // Sent again with the same request id: the server answers the first move; a new id would be refused (task done).
        Assert.Equal(("Back online: 1 queued action sent.", false), (back.Message, back.IsError));
        Assert.Equal(0, device.Pending);
        Assert.Equal((40L, 10L), (await floor.OnHandAsync(sku.Code, "A-01-01"), await floor.OnHandAsync(sku.Code, "R-01")));
        Assert.Equal(2, (await ReplenishmentLedgerAsync(floor, sku.Code)).Count);
    }

    [Fact]
    public async Task Replenish_CutOffBeforeTheQueueWasLoaded_SaysNoTasksLoadedAndBeeps()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await FaceBelowMinAsync(floor);
        cable.Mode = Cable.State.Cut;

        var screen = await device.SendAsync("7");

        Assert.Equal(("Offline — no replenishment tasks loaded.", true), (screen.Message, screen.Bell));
        cable.Mode = Cable.State.Connected;
        Assert.Equal("REPLENISH  1 open", (await device.SendAsync("")).Title);
    }

    /// <summary>A second operator's device on the same floor, signed in with their own token.</summary>
    private async Task<HandheldDriver> SecondDeviceAsync(Floor floor)
    {
        var other = server.RegisterToken("picker-" + Floor.Id()[..6], Role.Picker);
        var device = new HandheldDriver(new Cable(server.Server.CreateHandler()));
        await device.SignInAsync(other, floor.Warehouse);
        return device;
    }

    private static long TaskId(ScreenFrame task) => long.Parse(task.Title["REPLENISH  task ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Replenish_AnotherOperatorTookTheTask_HiddenFromTheQueueAndAStaleCopySaysWhoHasItUntilGivenBack()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await using var second = await SecondDeviceAsync(floor);
        var sku = await FaceBelowMinAsync(floor);
        Assert.Equal("REPLENISH  1 open", (await second.SendAsync("7")).Title);

        var taken = await device.SendAsync("7", "");
        Assert.Equal("Scan bin R-01", taken.Prompt);
        var stale = await second.SendAsync("");

        Assert.True(stale.IsError && stale.Bell, stale.Text);
        Assert.StartsWith($"Replenishment task {TaskId(taken)} is taken by picker-", stale.Message, StringComparison.Ordinal);
        Assert.EndsWith("take another task, or ask a supervisor to release it.", stale.Message, StringComparison.Ordinal);
        Assert.True(stale.Shows("No replenishment tasks open."), stale.Text);

        // Backing out at the first scan gives the task back: the other operator sees it on the next look.
        var back = await device.SendAsync("x");
        Assert.Equal("REPLENISH  1 open", back.Title);
        Assert.False(back.Lines[0].EndsWith('*'), back.Text);
        var free = await second.SendAsync("");
        Assert.Equal("REPLENISH  1 open", free.Title);
        var done = await second.SendAsync("", "R-01", sku.Gtin, "", "A-01-01");
        Assert.Equal("Moved 40 to A-01-01: 40 there now. Task done.", done.Message);
    }

    [Fact]
    public async Task Replenish_ReserveBinPutOnHoldWhileTheOperatorIsAtIt_TheFaceScanSaysWhyAndNothingMoves()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await FaceBelowMinAsync(floor);
        var task = await device.SendAsync("7", "");
        Assert.Equal("Scan bin A-01-01", (await device.SendAsync("R-01", sku.Gtin, "")).Prompt);

        var hold = await floor.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, BinCode = "R-01", Reason = "sprinkler leak" });
        var refused = await device.SendAsync("A-01-01");

        Assert.Equal(1, hold.ReplenishmentTasksCancelled);
        Assert.Equal(
            $"Replenishment of 40 {sku.Code} refused (Replenishment task {TaskId(task)} was cancelled: bin R-01 is on hold (sprinkler leak)): take them from A-01-01 back to R-01.",
            refused.Message);
        Assert.True(refused.IsError && refused.Shows("No replenishment tasks open."), refused.Text);
        HandheldDriver.AssertFits(refused);
        Assert.Equal((0L, 50L), (await floor.OnHandAsync(sku.Code, "A-01-01"), await floor.OnHandAsync(sku.Code, "R-01")));
        Assert.Empty(await ReplenishmentLedgerAsync(floor, sku.Code));
    }

    [Fact]
    public async Task Replenish_TaskCancelledByALotHoldBeforeItWasTaken_TakingItSaysWhyAndTheListEmpties()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await FaceBelowMinAsync(floor, lot: "L-26");
        Assert.Equal("REPLENISH  1 open", (await device.SendAsync("7")).Title);

        await floor.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest
        {
            RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, BinCode = "R-01", SkuCode = sku.Code, Lot = "L-26", Reason = "temperature excursion",
        });
        var refused = await device.SendAsync("");

        Assert.StartsWith("Replenishment task ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith($"was cancelled: Lot L-26 of SKU {sku.Code} in bin R-01 is on hold (temperature excursion).", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.IsError && refused.Shows("No replenishment tasks open."), refused.Text);
    }
}
