using Wms.Contracts.V1;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

public sealed class ReceiveFlowTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task Receive_LabelWithLotExpiryAndCountThenPutawayToTheSuggestedBin_StockInThatBin()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync("Yoghurt", lots: true, expiry: true);
        var receipt = await floor.ReceiptAsync((sku.Code, 12));

        Assert.Equal("Scan receipt (x = menu)", (await device.SendAsync("2")).Prompt);
        Assert.Equal("Scan dock bin", (await device.SendAsync(receipt)).Prompt);
        await device.SendAsync("DOCK-1");
        var received = await device.SendAsync(Floor.Label(sku.Gtin, lot: "L-9", expiry: "271130", count: 12));
        Assert.True(received.Shows($"Received 12 {sku.Code}: 12 of 12. Receipt complete."), received.Text);
        var putaway = await device.SendAsync("p");
        Assert.True(putaway.Shows($"12 x {sku.Code}") && putaway.Shows("Lot L-9") && putaway.Prompt.StartsWith("Scan bin ", StringComparison.Ordinal), putaway.Text);
        var suggested = putaway.Prompt["Scan bin ".Length..];
        var done = await device.SendAsync(suggested);

        Assert.True(done.Shows($"Put 12 {sku.Code} in {suggested}."), done.Text);
        var stock = await floor.Call(Wms.Client.WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = floor.Warehouse, SkuCode = sku.Code });
        Assert.Equal([(suggested, "L-9", "2027-11-30", 12L)], stock.Lines.Select(l => (l.BinCode, l.Lot, l.Expiry, l.OnHand)));
    }

    [Fact]
    public async Task Receive_PlainBarcodeOfLotAndExpiryTrackedItem_AsksForBothAndPutsAwayIntoAnotherBin()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync("Milk", lots: true, expiry: true);
        var receipt = await floor.ReceiptAsync((sku.Code, 5));
        await device.SendAsync("2", receipt, "DOCK-1", "5");

        Assert.Equal("Lot", (await device.SendAsync(sku.Gtin)).Prompt);
        Assert.Equal("Expiry (YYMMDD or YYYY-MM-DD)", (await device.SendAsync("L-1")).Prompt);
        Assert.Equal("Not a date: '2027-13-01'.", (await device.SendAsync("2027-13-01")).Message);
        var received = await device.SendAsync("270301");
        Assert.True(received.Shows($"Received 5 {sku.Code}: 5 of 5"), received.Text);
        await device.SendAsync("p", "R-03");

        Assert.Equal(5, await floor.OnHandAsync(sku.Code, "R-03"));
    }

    [Fact]
    public async Task Receive_BurstOf50Scans_AllReceivedInScanOrder()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var a = await floor.SkuAsync("Apples");
        var b = await floor.SkuAsync("Bananas");
        var receipt = await floor.ReceiptAsync((a.Code, 30), (b.Code, 30));
        await device.SendAsync("2", receipt, "DOCK-1");
        // A pattern that order matters for: a a b a b b ... from a fixed seed.
        var random = new Random(7);
        var scans = Enumerable.Range(0, 50).Select(_ => random.Next(2) == 0 ? a : b).ToList();

        await device.SendAsync([.. scans.Select(s => s.Gtin)]);

        var receipts = (await floor.WarehouseLedgerAsync()).Where(e => e.Reason == LedgerReason.Receipt).OrderBy(e => e.Position).ToList();
        Assert.Equal(scans.Select(s => s.Code), receipts.Select(e => e.SkuCode));
        Assert.All(receipts, e => Assert.Equal(1, e.Quantity));
        Assert.Equal(scans.Count(s => s == a), await floor.OnHandAsync(a.Code, "DOCK-1"));
    }

    [Fact]
    public async Task Receive_BadScans_EachGetsItsMessage()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var sku = await floor.SkuAsync();
        var receipt = await floor.ReceiptAsync((sku.Code, 2));
        var other = await floor.SkuAsync("Not expected");

        var unknownReceipt = await device.SendAsync("2", "PO-NOPE");
        Assert.True(unknownReceipt.Message.Contains("PO-NOPE", StringComparison.Ordinal) && unknownReceipt.Bell, unknownReceipt.Text);
        Assert.Equal("A-01-01 is not a dock or staging bin.", (await device.SendAsync(receipt, "A-01-01")).Message);
        Assert.Equal("Unknown item: 4006381333931", (await device.SendAsync("DOCK-1", "4006381333931")).Message);
        Assert.StartsWith("Bad label: AI 01 (GTIN)", (await device.SendAsync("]C10104012345678902")).Message, StringComparison.Ordinal);
        var notOnReceipt = await device.SendAsync(other.Gtin);
        Assert.True(notOnReceipt.IsError && notOnReceipt.Message.Contains(other.Code, StringComparison.Ordinal), notOnReceipt.Text);
        await device.SendAsync(sku.Gtin, "p");
        var noRoom = await device.SendAsync("E-NOPE");
        Assert.True(noRoom.IsError && noRoom.Message.Contains("E-NOPE", StringComparison.Ordinal), noRoom.Text);
    }
}
