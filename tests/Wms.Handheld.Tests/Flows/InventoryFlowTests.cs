using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

/// <summary>Moves, stock lookup and blind cycle counts.</summary>
public sealed class InventoryFlowTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task Move_ScanFromItemQuantityTo_StockMoves()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        await floor.StockAsync(sku.Code, "R-01", 20);

        Assert.Equal("Scan item", (await device.SendAsync("3", "R-01")).Prompt);
        Assert.Equal("Qty 1-20", (await device.SendAsync(sku.Gtin)).Prompt);
        Assert.Equal("Type how many, 1 to 20.", (await device.SendAsync("")).Message);
        Assert.Equal("Too many: 25 asked, only 20 to take here.", (await device.SendAsync("25")).Message);
        Assert.Equal("Scan to-bin for 8", (await device.SendAsync("8")).Prompt);
        var moved = await device.SendAsync("A-01-04");

        Assert.True(moved.Shows($"Moved 8 {sku.Code} R-01 > A-01-04: 8 there now."), moved.Text);
        Assert.Equal((12L, 8L), (await floor.OnHandAsync(sku.Code, "R-01"), await floor.OnHandAsync(sku.Code, "A-01-04")));
    }

    [Fact]
    public async Task Move_ToTheSameBinOrABinWithoutRoom_SaidInFloorWordsAndTheToBinAskedAgain()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        await floor.StockAsync(sku.Code, "R-02", 47);
        await floor.StockAsync(sku.Code, "R-01", 90);

        var quantity = await device.SendAsync("3", "R-02", sku.Gtin);
        Assert.Equal("Qty 1-47", quantity.Prompt);
        Assert.False(quantity.Shows("[47]"), quantity.Text);
        var same = await device.SendAsync("20", "R-02");
        Assert.Equal(("R-02 is where it is now: scan the bin it goes to.", true), (same.Message, same.Bell));
        Assert.Equal("Scan to-bin for 20", same.Prompt);
        var full = await device.SendAsync("R-01");
        Assert.True(full.IsError && full.Message.StartsWith("Bin R-01 ", StringComparison.Ordinal), full.Message);
        Assert.Equal("Scan to-bin for 20", full.Prompt);
        var moved = await device.SendAsync("R-03");

        Assert.True(moved.Shows($"Moved 20 {sku.Code} R-02 > R-03: 20 there now."), moved.Text);
        Assert.Equal((27L, 90L), (await floor.OnHandAsync(sku.Code, "R-02"), await floor.OnHandAsync(sku.Code, "R-01")));
    }

    [Fact]
    public async Task StockLookup_LotTrackedSku_LotsWholeWithExpiryInFefoOrderAndNoEmptyColumns()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync("Yoghurt 500 g", lots: true, expiry: true);
        await floor.StockAsync(sku.Code, "R-01", 5, lot: "L261129-B", expiry: "2026-11-29");
        await floor.StockAsync(sku.Code, "R-02", 7, lot: "L261005-A", expiry: "2026-10-05");
        await floor.StockAsync(sku.Code, "A-01-01", 2, lot: "L261129-C", expiry: "2026-11-29");
        var plain = await floor.SkuAsync("Bolts");
        await floor.StockAsync(plain.Code, "R-03", 9);

        var byItem = await device.SendAsync("4", sku.Gtin);
        var byBin = await device.SendAsync("R-03");

        var rows = byItem.Lines.Skip(1).ToList();
        Assert.Equal("Bin     Lot       Expiry        On Avail", rows[0]);
        Assert.Equal(
            ["R-02    L261005-A 2026-10-05     7     7", "R-01    L261129-B 2026-11-29     5     5", "A-01-01 L261129-C 2026-11-29     2     2"],
            rows.Skip(1));
        Assert.Equal(["Bin R-03", "SKU          On Avail", $"{plain.Code}     9     9"], byBin.Lines);
    }

    [Fact]
    public async Task StockLookup_OneLotHeld_ReadsHoldWithTheReasonWhileTheOtherLotStaysAvailable()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync("Yoghurt 500 g", lots: true, expiry: true);
        await floor.StockAsync(sku.Code, "R-01", 5, lot: "L261005-A", expiry: "2026-10-05");
        await floor.StockAsync(sku.Code, "R-01", 7, lot: "L261129-B", expiry: "2026-11-29");
        await floor.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest
        {
            RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, BinCode = "R-01", SkuCode = sku.Code, Lot = "L261005-A", Reason = "temperature excursion",
        });

        var byItem = await device.SendAsync("4", sku.Gtin);

        Assert.Equal(
            ["Bin  Lot       Expiry        On Avail", "R-01 L261005-A 2026-10-05     5  HOLD", "R-01 L261129-B 2026-11-29     7     7",
             "HOLD R-01 L261005-A: temperature excurs~"],
            byItem.Lines.Skip(1));
    }

    [Fact]
    public async Task Move_EmptyBinOrItemNotThere_SaysSo()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        var other = await floor.SkuAsync("Other");
        await floor.StockAsync(sku.Code, "R-02", 5);

        Assert.Equal("Bin R-03 holds no stock.", (await device.SendAsync("3", "R-03")).Message);
        Assert.Equal($"No {other.Code} in R-02.", (await device.SendAsync("R-02", other.Gtin)).Message);
    }

    [Fact]
    public async Task StockLookup_ByBinAndByItem_ShowsOnHandAndAvailable()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync("Red widget");
        await floor.StockAsync(sku.Code, "R-01", 7);
        await floor.StockAsync(sku.Code, "A-01-05", 3);

        var byBin = await device.SendAsync("4", "R-01");
        var byItem = await device.SendAsync(sku.Gtin);
        var unknown = await device.SendAsync("NOTHING-1");

        Assert.True(byBin.Shows("Bin R-01") && byBin.Lines.Any(l => l.StartsWith(sku.Code, StringComparison.Ordinal) && l.EndsWith("    7     7", StringComparison.Ordinal)), byBin.Text);
        Assert.True(byItem.Shows($"{sku.Code} Red widget") && byItem.Lines.Any(l => l.StartsWith("A-01-05", StringComparison.Ordinal)) && byItem.Lines.Any(l => l.StartsWith("R-01", StringComparison.Ordinal)), byItem.Text);
        Assert.Equal(("No bin or item NOTHING-1.", true), (unknown.Message, unknown.Bell));
    }

    [Fact]
    public async Task CycleCount_BlindCountMatchingTheBook_PostedAndBookNeverShown()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        await floor.StockAsync(sku.Code, "A-01-06", 37);
        await floor.RaiseCountAsync("A-01-06", "audit");
        var before = device.Display.Frames.Count;

        var list = await device.SendAsync("5");
        Assert.True(list.Lines.Any(l => l.StartsWith("1 A-01-06", StringComparison.Ordinal)), list.Text);
        Assert.Equal("Wrong bin: expected A-01-06, scanned A-01-05", (await device.SendAsync("1", "A-01-05")).Message);
        await device.SendAsync("A-01-06", "30", sku.Gtin, sku.Gtin, "5", sku.Gtin);
        var counted = await device.SendAsync(sku.Gtin);
        Assert.True(counted.Shows($"{sku.Code} 37"), counted.Text);
        var posted = await device.SendAsync("d");

        Assert.True(posted.Shows("Count of A-01-06 posted: no difference."), posted.Text);
        // The status bar shows the warehouse code, random hex that may itself contain "37".
        Assert.DoesNotContain(device.FramesSince(before).Take(4), f => f.Text.Replace(floor.Warehouse, "", StringComparison.Ordinal).Contains("37", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CycleCount_FarOffTheBook_RecountRequested()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        await floor.StockAsync(sku.Code, "A-01-03", 40);
        await floor.RaiseCountAsync("A-01-03");

        var result = await device.SendAsync("5", "A-01-03", "A-01-03", sku.Gtin, "d");

        Assert.Equal(("Count of A-01-03 differs from the book: count it again (attempt 2).", true), (result.Message, result.Bell));
    }
}
