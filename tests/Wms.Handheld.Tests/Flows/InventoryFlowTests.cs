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
