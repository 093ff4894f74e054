using Wms.Contracts.V1;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

public sealed class OfflineTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    /// <summary>Different quantities per line (2, 3, 4...), so a pick applied twice or to the wrong line shows in the totals.</summary>
    private static Task<(string Order, List<(string Code, string Gtin)> Skus)> TripAsync(Floor floor, int lines) => floor.TripAsync(lines, i => i + 2L);

    private static string[] Pick(int line, string gtin) => [$"A-01-{line:00}", gtin, ""];

    /// <summary>Each task's ledger: exactly one pick row of its full quantity.</summary>
    private static async Task AssertPickedOnceAsync(Floor floor, string order, List<(string Code, string Gtin)> skus)
    {
        var picked = await floor.OrderAsync(order);
        Assert.Equal(OrderStatus.Picked, picked.Status);
        for (var i = 0; i < skus.Count; i++)
        {
            var picks = (await floor.LedgerAsync(skus[i].Code)).Where(e => e.Reason == LedgerReason.Pick).Select(e => e.Quantity).ToList();
            Assert.Equal([-(i + 2L)], picks);
            Assert.Equal(10 - (i + 2L), await floor.OnHandAsync(skus[i].Code, $"A-01-{i + 1:00}"));
        }
    }

    [Fact]
    public async Task Pick_ConnectionCutMidTrip_KeepsPickingQueuesInOrderAndAppliesEachPickOnceWhenBack()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 4);
        await device.SendAsync("1");
        await device.SendAsync(Pick(1, skus[0].Gtin));
        Assert.True(device.Screen.Status.Contains("ONLINE", StringComparison.Ordinal), device.Screen.Status);

        cable.Mode = Cable.State.Cut;
        var second = await device.SendAsync(Pick(2, skus[1].Gtin));
        Assert.True(second.Shows("Picked 3. Kept on device (offline)."), second.Text);
        Assert.EndsWith("OFFLINE  1 waiting", second.Status, StringComparison.Ordinal);
        Assert.True(second.Shows("Bin  A-01-03") && second.Shows("line 3 of 4"), second.Text);
        var third = await device.SendAsync(Pick(3, skus[2].Gtin));
        Assert.EndsWith("OFFLINE  2 waiting", third.Status, StringComparison.Ordinal);
        Assert.Equal(0, (await floor.OrderAsync(order)).Lines.Skip(1).Sum(l => l.PickedQuantity));

        cable.Mode = Cable.State.Connected;
        var done = await device.SendAsync(Pick(4, skus[3].Gtin));

        Assert.EndsWith("ONLINE", done.Status, StringComparison.Ordinal);
        Assert.Equal(0, device.Pending);
        Assert.True(done.Shows("No pick work right now."), done.Text);
        await AssertPickedOnceAsync(floor, order, skus);
        // Sent in the order they were made: the ledger rows of lines 2, 3, 4 follow each other.
        var ledger = (await floor.WarehouseLedgerAsync()).Where(e => e.Reason == LedgerReason.Pick).Select(e => e.SkuCode).ToList();
        Assert.Equal(skus.Select(s => s.Code), ledger);
    }

    [Fact]
    public async Task Pick_AnswersLostAfterTheServerApplied_ReplayedWithTheSameRequestIdAndAppliedOnce()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 3);
        await device.SendAsync("1");

        cable.Mode = Cable.State.AnswersLost;
        var first = await device.SendAsync(Pick(1, skus[0].Gtin));
        Assert.EndsWith("OFFLINE  1 waiting", first.Status, StringComparison.Ordinal);
        Assert.Equal(2, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);
        await device.SendAsync(Pick(2, skus[1].Gtin));
        Assert.Equal(2, device.Pending);

        cable.Mode = Cable.State.Connected;
        await device.SendAsync(Pick(3, skus[2].Gtin));

        Assert.Equal(0, device.Pending);
        await AssertPickedOnceAsync(floor, order, skus);
    }

    [Fact]
    public async Task Pick_SkipAndShortWhileOffline_QueuedAndAppliedInOrder()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 3);
        await device.SendAsync("1");

        cable.Mode = Cable.State.Cut;
        var skipped = await device.SendAsync("k");
        Assert.True(skipped.Shows("Bin  A-01-02") && skipped.Shows("OFFLINE  1 waiting"), skipped.Text);
        await device.SendAsync("A-01-02", skus[1].Gtin, "s", "1", "1");
        Assert.True(device.Screen.Shows("Short pick (too few in bin) kept on device (offline).") && device.Screen.Shows("Bin  A-01-03"), device.Screen.Text);
        await device.SendAsync(Pick(3, skus[2].Gtin));
        Assert.True(device.Screen.Shows("Bin  A-01-01") && device.Screen.Shows("line 3 of 3"), device.Screen.Text);
        Assert.Equal(3, device.Pending);

        cable.Mode = Cable.State.Connected;
        await device.SendAsync(Pick(1, skus[0].Gtin));

        Assert.Equal(0, device.Pending);
        var lines = (await floor.OrderAsync(order)).Lines;
        Assert.Equal([(2L, 0L), (1L, 2L), (4L, 0L)], lines.Select(l => (l.PickedQuantity, l.BackorderedQuantity)));
    }

    [Fact]
    public async Task Outbox_AppClosedWhileOffline_SentAfterRestartWithTheRememberedSignIn()
    {
        var (floor, picker, cable, device) = await HandheldFixture.StartAsync(server);
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1");
        cable.Mode = Cable.State.Cut;
        await device.SendAsync(Pick(1, skus[0].Gtin));
        var directory = device.DataDirectory;
        device.KeepData = true;
        try
        {
            await device.DisposeAsync();
            Assert.Equal(0, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);

            await using var restarted = new HandheldDriver(new Cable(server.Server.CreateHandler()), directory);
            await restarted.StartedAsync();
            Assert.True(restarted.Screen.Shows("Server [http://localhost/]") && restarted.Screen.Shows("1 waiting"), restarted.Screen.Text);
            Assert.Equal("Token [saved]", (await restarted.SendAsync("")).Prompt);
            Assert.Equal($"Warehouse [{floor.Warehouse}]", (await restarted.SendAsync("")).Prompt);
            var menu = await restarted.SendAsync("");

            Assert.True(menu.Shows("1 Pick") && menu.Status.EndsWith("ONLINE", StringComparison.Ordinal), menu.Text);
            Assert.Equal(2, (await floor.OrderAsync(order)).Lines[0].PickedQuantity);
            var next = await restarted.SendAsync("1");
            Assert.True(next.Shows("Bin  A-01-02"), next.Text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Pick_OrderCancelledWhileItsPickWasQueued_NamesOrderSkuAndQuantityAndWhereToPutThem()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1");
        cable.Mode = Cable.State.Cut;
        await device.SendAsync(Pick(1, skus[0].Gtin));
        await floor.Call(Wms.Client.WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = Floor.Id(), WarehouseCode = floor.Warehouse, Reference = order });

        cable.Mode = Cable.State.Connected;
        await device.SendAsync("x");
        var told = await device.SendAsync("1");

        Assert.Contains($"Order {order} was cancelled: put the 2 {skus[0].Code} in your hand back in bin A-01-01.", told.Message, StringComparison.Ordinal);
        Assert.True(told.IsError && told.Bell, told.Text);
        Assert.Equal(0, device.Pending);
        // The refused pick never left the bin on the books: back in A-01-01 is where the 2 belong.
        Assert.Equal(10, await floor.OnHandAsync(skus[0].Code, "A-01-01"));
    }

    [Fact]
    public async Task Pick_OfflineWithNoTrip_SaysNoTripLoadedAndBeeps()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        await TripAsync(floor, 1);
        cable.Mode = Cable.State.Cut;

        var screen = await device.SendAsync("1");

        Assert.Equal(("Offline — no trip loaded.", true), (screen.Message, screen.Bell));
        Assert.False(screen.Shows("Trip finished"), screen.Text);
        Assert.EndsWith("OFFLINE  0 waiting", screen.Status, StringComparison.Ordinal);
        cable.Mode = Cable.State.Connected;
        Assert.True((await device.SendAsync("")).Shows("Bin  A-01-01"), device.Screen.Text);
    }

    [Fact]
    public async Task Pick_TripFinishedOfflineThenBackOnline_NoticeThatTheQueueWasSent()
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server);
        await using var _ = device;
        var (order, skus) = await TripAsync(floor, 2);
        await device.SendAsync("1");
        cable.Mode = Cable.State.Cut;
        await device.SendAsync(Pick(1, skus[0].Gtin));
        var finished = await device.SendAsync(Pick(2, skus[1].Gtin));
        Assert.True(finished.Shows("Trip finished on the device.") && finished.Shows("2 actions wait for the server."), finished.Text);

        cable.Mode = Cable.State.Connected;
        var back = await device.SendAsync("");

        Assert.Contains("Back online: 2 queued actions sent.", back.Message, StringComparison.Ordinal);
        Assert.True(back.Shows("No pick work right now.") && back.Status.EndsWith("ONLINE", StringComparison.Ordinal), back.Text);
        Assert.Equal(OrderStatus.Picked, (await floor.OrderAsync(order)).Status);
    }
}
