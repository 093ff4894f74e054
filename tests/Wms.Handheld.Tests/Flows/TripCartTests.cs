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
}
