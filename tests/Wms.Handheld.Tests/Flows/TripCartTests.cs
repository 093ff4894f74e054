using Wms.Contracts.V1;
using Wms.Handheld.Device;
using Wms.Handheld.Tests.Support;
using Wms.Server.Tests;
using Xunit;

namespace Wms.Handheld.Tests.Flows;

/// <summary>A site that picks into totes: totes scanned at trip start, the drop-off point at its end, both recorded on the server.</summary>
public sealed class TripCartTests(WmsServerFactory server) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task Pick_TwoOrderTripWithTotes_ToteScannedPerOrderShownOnEachLineAndDropOffRecorded()
    {
        var (floor, _, _, device) = await HandheldFixture.StartAsync(server, settings: new DeviceSettings { UseTotes = true });
        await using var _ = device;
        var sku = await floor.SkuAsync("Blue widget");
        await floor.StockAsync(sku.Code, "A-01-01", 10);
        var orders = new[] { await floor.CreateOrderAsync((sku.Code, 2)), await floor.CreateOrderAsync((sku.Code, 3)) }.Order(StringComparer.Ordinal).ToList();
        await floor.ReleaseAsync([.. orders]);

        var first = await device.SendAsync("1");
        Assert.Equal($"Tote for {orders[0]} (1/2)", first.Prompt);
        Assert.True(first.Shows("2 orders, one tote each."), first.Text);
        var second = await device.SendAsync("T-01");
        Assert.Equal($"Tote for {orders[1]} (2/2)", second.Prompt);
        Assert.Equal("Tote T-01 already holds " + orders[0] + ": take another tote.", (await device.SendAsync("t-01")).Message);
        var task = await device.SendAsync("T-02");
        Assert.True(task.Shows("2 totes on the cart.") && task.Shows("Bin  A-01-01"), task.Text);
        var tote = task.Lines.Single(l => l.StartsWith("Into tote ", StringComparison.Ordinal));

        await device.SendAsync("A-01-01", sku.Gtin, "");
        var dropOff = await device.SendAsync("A-01-01", sku.Gtin, "");
        Assert.Equal("Scan drop-off point (x = later)", dropOff.Prompt);
        var notStaging = await device.SendAsync("R-01");
        Assert.Contains("R-01 is not a staging bin", notStaging.Message, StringComparison.Ordinal);
        var dropped = await device.SendAsync("PACK-1");

        Assert.True(dropped.Shows("dropped off at PACK-1.") && dropped.Shows("No pick work right now."), dropped.Text);
        Assert.Contains(tote["Into tote ".Length..], new[] { "T-01", "T-02" });
        foreach (var order in orders)
        {
            Assert.Equal(OrderStatus.Picked, (await floor.OrderAsync(order)).Status);
        }
    }

    /// <summary>Two orders of one SKU in A-01-01, released as one trip; the device started on it with totes on.</summary>
    private static async Task<(Floor Floor, Cable Cable, HandheldDriver Device, (string Code, string Gtin) Sku, List<string> Orders)> TotesTripAsync(WmsServerFactory server)
    {
        var (floor, _, cable, device) = await HandheldFixture.StartAsync(server, settings: new DeviceSettings { UseTotes = true });
        var sku = await floor.SkuAsync("Blue widget");
        await floor.StockAsync(sku.Code, "A-01-01", 10);
        var orders = new[] { await floor.CreateOrderAsync((sku.Code, 2)), await floor.CreateOrderAsync((sku.Code, 3)) }.Order(StringComparer.Ordinal).ToList();
        await floor.ReleaseAsync([.. orders]);
        return (floor, cable, device, sku, orders);
    }

    /// <summary>The trip the cart screen ("CART  trip 17") is for.</summary>
    private static long TripOf(Wms.Handheld.Ui.ScreenFrame cart) =>
        long.Parse(cart.Title["CART  trip ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The server's record of a trip's totes and drop-off, read from its database.</summary>
    private (List<string> Totes, string DropOff) Recorded(long tripId)
    {
        using var connection = server.OpenRawConnection();
        using var totes = connection.CreateCommand();
        totes.CommandText = $"SELECT tote_code FROM trip_totes WHERE trip_id = {tripId} ORDER BY tote_code";
        var codes = new List<string>();
        using (var reader = totes.ExecuteReader())
        {
            while (reader.Read())
            {
                codes.Add(reader.GetString(0));
            }
        }

        using var dropOff = connection.CreateCommand();
        dropOff.CommandText = $"SELECT b.code FROM trip_drop_offs d JOIN bins b ON b.id = d.bin_id WHERE d.trip_id = {tripId}";
        return (codes, dropOff.ExecuteScalar() as string ?? "");
    }

    [Fact]
    public async Task Pick_TotesPicksAndDropOffWhileOffline_KeptOnDeviceAndRecordedInOrderWhenBack()
    {
        var (floor, cable, device, sku, orders) = await TotesTripAsync(server);
        await using var _ = device;
        var cart = await device.SendAsync("1");
        Assert.Equal($"Tote for {orders[0]} (1/2)", cart.Prompt);
        var tripId = TripOf(cart);

        cable.Mode = Cable.State.Cut;
        var started = await device.SendAsync("T-01", "T-02");
        Assert.True(started.Shows("2 totes on the cart, kept on device (offline). First line:") && started.Shows("Into tote T-0"), started.Text);
        Assert.EndsWith("OFFLINE  1 waiting", started.Status, StringComparison.Ordinal);
        await device.SendAsync("A-01-01", sku.Gtin, "");
        var dropOff = await device.SendAsync("A-01-01", sku.Gtin, "");
        Assert.Equal("Scan drop-off point (x = later)", dropOff.Prompt);
        var dropped = await device.SendAsync("PACK-1");
        Assert.True(dropped.Shows("dropped off at PACK-1, kept on device (offline).") && dropped.Shows("Trip finished on the device."), dropped.Text);
        Assert.Equal(4, device.Pending);

        cable.Mode = Cable.State.Connected;
        var back = await device.SendAsync("");

        Assert.Equal(("Back online: 4 queued actions sent.", false), (back.Message, back.IsError));
        Assert.True(back.Shows("No pick work right now."), back.Text);
        foreach (var order in orders)
        {
            Assert.Equal(OrderStatus.Picked, (await floor.OrderAsync(order)).Status);
        }

        var (totes, dropOffBin) = Recorded(tripId);
        Assert.Equal(["T-01", "T-02"], totes);
        Assert.Equal("PACK-1", dropOffBin);
    }

    [Fact]
    public async Task Pick_DropOffAnswerLost_KeptOnDeviceAndReplayedWithItsRequestIdNotRefused()
    {
        var (_, cable, device, sku, _) = await TotesTripAsync(server);
        await using var _ = device;
        var tripId = TripOf(await device.SendAsync("1"));
        await device.SendAsync("T-01", "T-02", "A-01-01", sku.Gtin, "");
        var dropOff = await device.SendAsync("A-01-01", sku.Gtin, "");
        Assert.Equal("Scan drop-off point (x = later)", dropOff.Prompt);

        cable.Mode = Cable.State.AnswersLost;
        var kept = await device.SendAsync("PACK-1");
        Assert.True(kept.Shows("dropped off at PACK-1, kept on device (offline)."), kept.Text);
        Assert.Equal("PACK-1", Recorded(tripId).DropOff);

        cable.Mode = Cable.State.Connected;
        var back = await device.SendAsync("");

        // A new request id would be refused ("already dropped off") and shown with the bell; the same id is answered.
        Assert.Equal(("Back online: 1 queued action sent.", false, false), (back.Message, back.IsError, back.Bell));
        Assert.Equal(0, device.Pending);
    }
}
