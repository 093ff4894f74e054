using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

public sealed class PickFlowTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    /// <summary>A trip of one line per SKU, each SKU stocked (10) in its pick face A-01-01, A-01-02...</summary>
    private static Task<(string Order, List<(string Code, string Gtin)> Skus)> TripAsync(Floor floor, int lines, long quantity = 4, bool lots = false) =>
        floor.TripAsync(lines, _ => quantity, lots ? "LOT-7" : "");

    [Fact]
    public async Task Pick_WholeTripByScans_EveryLinePickedOnTheServer()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 3);

        var first = await device.SendAsync("1");
        Assert.True(first.Shows("PICK  line 1 of 3"), first.Text);
        Assert.True(first.Shows("Bin  A-01-01") && first.Shows($"SKU  {skus[0].Code}") && first.Shows("Widget 1") && first.Shows("Qty  4 EA"), first.Text);
        Assert.True(first.Shows("New trip ") && first.Shows(": 3 lines, ") && first.Shows(" m."), first.Text);
        Assert.Equal("Scan bin A-01-01", first.Prompt);
        Assert.Equal("Scan item", (await device.SendAsync("A-01-01")).Prompt);
        Assert.Equal("Qty [4] EA", (await device.SendAsync(skus[0].Gtin)).Prompt);
        var second = await device.SendAsync("");
        Assert.True(second.Shows("Picked 4. Line done.") && second.Shows("line 2 of 3") && second.Shows("A-01-02"), second.Text);
        await device.SendAsync("A-01-02", skus[1].Code, "", "A-01-03", skus[2].Gtin, "");

        Assert.True(device.Screen.Shows("Picked 4. Trip complete.") && device.Screen.Shows("No pick work right now."), device.Screen.Text);
        var picked = await floor.OrderAsync(order);
        Assert.Equal(OrderStatus.Picked, picked.Status);
        Assert.All(picked.Lines, l => Assert.Equal(4, l.PickedQuantity));
        Assert.Equal(6, await floor.OnHandAsync(skus[1].Code, "A-01-02"));
    }

    [Fact]
    public async Task Pick_WrongBin_SaysExpectedAndScannedAndBeeps()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await TripAsync(floor, 1);
        await device.SendAsync("1");

        var screen = await device.SendAsync("A-01-03");

        Assert.Equal("Wrong bin: expected A-01-01, scanned A-01-03", screen.Message);
        Assert.True(screen.IsError && screen.Bell);
        Assert.Equal("Scan bin A-01-01", screen.Prompt);
    }

    [Fact]
    public async Task Pick_WrongItem_SaysExpectedSkuAndScannedCodeAndBeeps()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (_, skus) = await TripAsync(floor, 1);
        await device.SendAsync("1", "A-01-01");

        var screen = await device.SendAsync("4006381333931");

        Assert.Equal($"Wrong item: expected {skus[0].Code}, scanned 4006381333931", screen.Message);
        Assert.True(screen.IsError && screen.Bell);
        Assert.Equal("Scan item", screen.Prompt);
    }

    [Fact]
    public async Task Pick_Gs1LabelWithLotAndCount_FillsLotAndQuantityAndPicksThatLot()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 1, quantity: 4, lots: true);
        var first = await device.SendAsync("1", "A-01-01");
        Assert.True(first.Shows("Lot  LOT-7"), first.Text);

        var quantity = await device.SendAsync(Floor.Label(skus[0].Gtin, lot: "LOT-7", expiry: "271231", count: 3));
        Assert.Equal("Qty [3] EA", quantity.Prompt);
        await device.SendAsync("");

        Assert.True(device.Screen.Shows("Picked 3. 1 left here."), device.Screen.Text);
        Assert.Equal(3, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);
        Assert.Contains(await floor.LedgerAsync(skus[0].Code), e => e.Reason == LedgerReason.Pick && e.Lot == "LOT-7" && e.Quantity == -3);
    }

    [Fact]
    public async Task Pick_PlainBarcodeOnLotTrackedItem_AsksForTheLotAndNamesAWrongOne()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 1, lots: true);

        Assert.Equal("Scan lot LOT-7", (await device.SendAsync("1", "A-01-01", skus[0].Gtin)).Prompt);
        var wrong = await device.SendAsync("LOT-8");
        await device.SendAsync("LOT-7", "");

        Assert.Equal(("Wrong lot: expected LOT-7, scanned LOT-8", true), (wrong.Message, wrong.Bell));
        Assert.Equal(4, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);
    }

    [Theory]
    [InlineData("wrong lot on the label", "LOT-8", null, "Wrong lot: expected LOT-7, scanned LOT-8")]
    [InlineData("bad check digit", null, "]C10104012345678902", "Bad label: AI 01 (GTIN) 04012345678902 has a bad check digit: 2, expected 1.")]
    [InlineData("truncated expiry", null, "]C10104012345678901172512", "Bad label: AI 17 (expiry) is cut short: it needs 6 characters, the label has 4 ('2512').")]
    [InlineData("unknown AI", null, "]C1010401234567890199ABC", "Bad label: Unknown application identifier '99' at character 17.")]
    [InlineData("label without an item", null, "]C100106141411234567897", "The label names no item (no AI 01 or 02): scan the item's own label.")]
    public async Task Pick_BadLabel_ClearMessageBeepAndStillAsksForTheItem(string scenario, string? lot, string? raw, string message)
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (_, skus) = await TripAsync(floor, 1, lots: true);
        await device.SendAsync("1", "A-01-01");

        var screen = await device.SendAsync(raw ?? Floor.Label(skus[0].Gtin, lot: lot));

        Assert.True(message == screen.Message, $"{scenario}: {screen.Message}");
        Assert.True(screen.Bell && screen.IsError, scenario);
        Assert.Equal("Scan item", screen.Prompt);
    }

    [Theory]
    [InlineData("5", "Too many: 5 asked, only 4 to take here.")]
    [InlineData("0", "Quantity must be a whole number from 1 to 4, not '0'.")]
    [InlineData("two", "Quantity must be a whole number from 1 to 4, not 'two'.")]
    public async Task Pick_BadQuantity_NamesTheLimitAndAsksAgain(string typed, string message)
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (_, skus) = await TripAsync(floor, 1);
        await device.SendAsync("1", "A-01-01", skus[0].Code);

        var screen = await device.SendAsync(typed);

        Assert.Equal((message, true), (screen.Message, screen.Bell));
        Assert.Equal("Qty [4] EA", screen.Prompt);
    }

    [Fact]
    public async Task Pick_ShortAfterBinAndItemScanned_AsksFoundAndReasonPicksWhatWasFoundAndRaisesACount()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1", "A-01-01", skus[0].Gtin);

        Assert.Equal("Found 0-3, x=cancel", (await device.SendAsync("s")).Prompt);
        Assert.Equal("Type how many you found, 0 to 3.", (await device.SendAsync("")).Message);
        Assert.Equal("Found must be 0 to 3; for all 4, pick normally.", (await device.SendAsync("4")).Message);
        var reasons = await device.SendAsync("1");
        Assert.Equal("Reason 1-3, x=cancel", reasons.Prompt);
        Assert.True(reasons.Shows("1 too few in bin") && !reasons.Shows("bin empty"), reasons.Text);
        Assert.Equal("Choose the reason: 1, 2, 3 or type it.", (await device.SendAsync("")).Message);
        var next = await device.SendAsync("2");

        Assert.True(next.Shows("Short (damaged): 1 picked, 0 from another bin, 3 backordered. Count raised on A-01-01."), next.Text);
        Assert.True(next.Shows("A-01-02"), next.Text);
        var line = (await floor.OrderAsync(order)).Lines[0];
        Assert.Equal((1L, 3L), (line.PickedQuantity, line.BackorderedQuantity));
        var counts = await floor.Call(Wms.Client.WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = floor.Warehouse });
        Assert.Contains(counts.Counts, c => c.BinCode == "A-01-01");
    }

    [Fact]
    public async Task Pick_ShortBeforeTheBinIsScanned_RefusedNothingRecorded()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, _) = await TripAsync(floor, 1);
        await device.SendAsync("1");

        // The keys from the floor report: s, 2, 2 at "Scan bin" recorded 2 picked with nothing scanned.
        var screen = await device.SendAsync("s");
        await device.SendAsync("2", "2");

        Assert.Equal(("Scan bin A-01-01 first: a short pick is told at the bin.", true), (screen.Message, screen.Bell));
        Assert.Equal("Scan bin A-01-01", screen.Prompt);
        var line = (await floor.OrderAsync(order)).Lines[0];
        Assert.Equal((0L, 0L), (line.PickedQuantity, line.BackorderedQuantity));
        Assert.DoesNotContain(await floor.WarehouseLedgerAsync(), e => e.Reason == LedgerReason.Pick);
    }

    [Fact]
    public async Task Pick_ShortAfterTheBinOnly_FoundIsNoneAndTheReasonIsAskedNotDefaulted()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, _) = await TripAsync(floor, 1);
        await device.SendAsync("1", "A-01-01");

        var reasons = await device.SendAsync("s");
        Assert.True(reasons.Shows("Found 0. Why?") && reasons.Shows("1 bin empty") && reasons.Shows("Found some? x, scan one, then s."), reasons.Text);
        Assert.Equal("Choose the reason: 1, 2, 3 or type it.", (await device.SendAsync("")).Message);
        var done = await device.SendAsync("1");

        Assert.True(done.Shows("Short (bin empty): 0 picked"), done.Text);
        var line = (await floor.OrderAsync(order)).Lines[0];
        Assert.Equal((0L, 4L), (line.PickedQuantity, line.BackorderedQuantity));
    }

    [Fact]
    public async Task Pick_TypedSmallerQuantityThenX_BackToTheQuantityNotTheBin()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 1);
        await device.SendAsync("1", "A-01-01", skus[0].Gtin);

        Assert.Equal("Pick 3 of 4? Enter=yes x=no", (await device.SendAsync("3")).Prompt);
        Assert.Equal("Qty [4] EA", (await device.SendAsync("x")).Prompt);
        Assert.Equal(0, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);
        Assert.Equal("Pick 2 of 4? Enter=yes x=no", (await device.SendAsync("2")).Prompt);
        var done = await device.SendAsync("");

        Assert.True(done.Shows("Picked 2. 2 left here."), done.Text);
        Assert.Equal(2, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);
    }

    [Fact]
    public async Task Pick_PlainLines_TwoScansAndOneEnterEach()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 4);
        await device.SendAsync("1");

        // Lines sent per pick line, one line at a time, counting until the next line's bin is asked.
        var keys = new List<int>();
        for (var i = 0; i < skus.Count; i++)
        {
            // The two scans and Enter, then more Enters (at most two) until the line is picked.
            var sent = 0;
            foreach (var key in new[] { $"A-01-{i + 1:00}", skus[i].Gtin, "", "", "" })
            {
                sent++;
                if ((await device.SendAsync(key)).Shows("Picked 4."))
                {
                    break;
                }
            }

            keys.Add(sent);
        }

        Assert.Equal([3, 3, 3, 3], keys);
        Assert.Equal(OrderStatus.Picked, (await floor.OrderAsync(order)).Status);
        TestContext.Current.SendDiagnosticMessage($"keystrokes per plain pick line: {keys.Average()} (2 scans + 1 Enter)");
    }

    [Fact]
    public async Task Pick_Skip_LineGoesToTheEndOfTheTrip()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await TripAsync(floor, 3);
        await device.SendAsync("1");

        var screen = await device.SendAsync("k");

        Assert.True(screen.Shows("Skipped A-01-01: it comes last."), screen.Text);
        Assert.True(screen.Shows("PICK  line 1 of 3") && screen.Shows("Bin  A-01-02"), screen.Text);
        await device.SendAsync("k");
        Assert.True(device.Screen.Shows("Bin  A-01-03"), device.Screen.Text);
        await device.SendAsync("k");
        Assert.True(device.Screen.Shows("Bin  A-01-01") && device.Screen.Shows("line 1 of 3"), device.Screen.Text);
    }

    [Fact]
    public async Task Pick_Help_ListsTheKeysThenReturnsToTheTask()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await TripAsync(floor, 1);
        await device.SendAsync("1", "A-01-01");

        var help = await device.SendAsync("?");
        var back = await device.SendAsync("");

        Assert.True(help.Shows("s  short") && help.Shows("e  damaged") && help.Shows("l  lines left") && help.Shows("k  skip") && help.Shows("x  back to the menu"), help.Text);
        Assert.Equal("Scan bin A-01-01", back.Prompt);
    }

    [Fact]
    public async Task Pick_NoWork_SaysSoAndBackToMenu()
    {
        var (_, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;

        var idle = await device.SendAsync("1");
        var menu = await device.SendAsync("x");

        Assert.True(idle.Shows("No pick work right now."), idle.Text);
        Assert.True(menu.Shows("1 Pick"), menu.Text);
    }

    [Fact]
    public async Task Pick_WrongItemWithAKnownBarcode_NamesTheItemScanned()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (_, skus) = await TripAsync(floor, 2);
        var other = await floor.SkuAsync("Red gadget");
        await device.SendAsync("1", "A-01-01");

        var catalogued = await device.SendAsync(other.Gtin);
        var onTheTrip = await device.SendAsync(Floor.Label(skus[1].Gtin));

        Assert.Equal(($"Wrong item: expected {skus[0].Code}, scanned {other.Code} Red gadget", true), (catalogued.Message, catalogued.Bell));
        Assert.Equal($"Wrong item: expected {skus[0].Code}, scanned {skus[1].Code} Widget 2", onTheTrip.Message);
        Assert.Equal("Scan item", onTheTrip.Prompt);
    }

    [Fact]
    public async Task Pick_LinesKeyListsTheRemainingLinesAndJumpsToOne()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 3);
        await device.SendAsync("1", "A-01-01");

        var list = await device.SendAsync("l");
        Assert.Equal("TRIP  3 lines left", list.Title);
        Assert.True(list.Lines[0].StartsWith("1 A-01-01", StringComparison.Ordinal) && list.Lines[2].StartsWith("3 A-01-03", StringComparison.Ordinal), list.Text);
        Assert.True(list.Lines[2].Contains(skus[2].Code, StringComparison.Ordinal) && list.Lines[2].EndsWith(" 4", StringComparison.Ordinal), list.Text);
        Assert.Equal("No line '7': type 1 to 3.", (await device.SendAsync("7")).Message);
        var jumped = await device.SendAsync("3");
        Assert.True(jumped.Shows("Now line 3: A-01-03.") && jumped.Shows("Bin  A-01-03"), jumped.Text);
        var next = await device.SendAsync("A-01-03", skus[2].Gtin, "");

        Assert.True(next.Shows("Picked 4. Line done.") && next.Shows("Bin  A-01-01"), next.Text);
        Assert.Equal([0L, 0L, 4L], (await floor.OrderAsync(order)).Lines.Select(l => l.PickedQuantity));
    }

    [Fact]
    public async Task Pick_BinLabelReadTwiceByTheScanner_SecondReadIgnoredAtScanItem()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (_, skus) = await TripAsync(floor, 1);
        await device.SendAsync("1");

        // Both reads arrive together, well within 100 ms of each other.
        var item = await device.SendAsync("A-01-01", "A-01-01");
        Assert.Equal(("Scan item", ""), (item.Prompt, item.Message));
        var quantity = await device.SendAsync(skus[0].Gtin, skus[0].Gtin);

        Assert.Equal(("Qty [4] EA", ""), (quantity.Prompt, quantity.Message));
    }

    [Fact]
    public async Task Pick_LotHeldAfterTheTripWasReleased_RefusedSayingWhyAndTheExceptionsMenuTakesItElsewhere()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 1, quantity: 4, lots: true);
        await floor.StockAsync(skus[0].Code, "R-02", 10, lot: "LOT-9");
        await floor.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest
        {
            RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, BinCode = "A-01-01", SkuCode = skus[0].Code, Lot = "LOT-7", Reason = "temperature excursion",
        });

        var refused = await device.SendAsync("1", "A-01-01", Floor.Label(skus[0].Gtin, lot: "LOT-7"), "");

        Assert.True(refused.IsError && refused.Bell, refused.Text);
        Assert.Equal(
            $"Pick for {order} refused (Lot LOT-7 of SKU {skus[0].Code} in bin A-01-01 is on hold (temperature excursion): do not pick it; report the line short "
            + $"(exceptions menu) so the order is served from another bin): put the 4 {skus[0].Code} in your hand back in bin A-01-01.",
            refused.Message);
        Assert.Equal(0L, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);

        // Told short at the bin with none found: the order's 4 come from the other lot in R-02.
        var shorted = await device.SendAsync("A-01-01", "s", "2");
        Assert.True(shorted.Shows("0 picked, 4 from another bin, 0 backordered."), shorted.Text);
        Assert.Equal((10L, 10L), (await floor.OnHandAsync(skus[0].Code, "A-01-01"), await floor.OnHandAsync(skus[0].Code, "R-02")));
        Assert.Equal(4L, (await floor.OrderAsync(order)).Lines[0].AllocatedQuantity);
    }
}
