using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>Cold chain per lot: which lots sat in a cold room while its probe read out of range, and for how long.</summary>
public sealed class LotExposureTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    // Whole seconds: the payloads carry milliseconds.
    private static readonly DateTimeOffset T0 = new(DateTimeOffset.UtcNow.AddHours(-1).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [Fact]
    public async Task Excursion_LotsInTheZone_EachAccruesTheTimeItWasThereOutOfRange()
    {
        var kit = await CreateAsync(factory);
        var (tracked, _) = await kit.Inventory.NewSkuAsync(lots: true);
        var (plain, _) = await kit.Inventory.NewSkuAsync();
        await kit.Inventory.StockAsync(tracked, 5, "R-01", lot: "L1");
        await kit.Inventory.StockAsync(plain, 3, "R-02");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);
        using var client = await kit.ConnectAsync(code, secret);
        var topic = kit.Topic(code, "temperature");

        await PublishAsync(client, topic, Json(1, T0, "\"celsius\":5"));
        await PublishAsync(client, topic, Json(2, T0.AddSeconds(60), "\"celsius\":12"));
        await PublishAsync(client, topic, Json(3, T0.AddSeconds(120), "\"celsius\":12"));
        // Lot L3 arrives in the middle of the excursion: it counts only from then on.
        await kit.Inventory.StockAsync(tracked, 2, "R-03", lot: "L3");
        await PublishAsync(client, topic, Json(4, T0.AddSeconds(200), "\"celsius\":13"));
        await PublishAsync(client, topic, Json(5, T0.AddSeconds(260), "\"celsius\":6"));
        // A redelivery, and in-range readings afterwards, add nothing.
        await PublishAsync(client, topic, Json(5, T0.AddSeconds(260), "\"celsius\":6"));
        await PublishAsync(client, topic, Json(6, T0.AddSeconds(400), "\"celsius\":5"));

        var all = await ExposuresAsync(kit, new ListLotExposuresRequest());
        var device = await kit.DeviceAsync(code);

        Assert.Equal(200, device.OutOfRangeSeconds);
        Assert.Equal([(plain, "", 200.0), (tracked, "L1", 200.0), (tracked, "L3", 140.0)], all.Select(e => (e.SkuCode, e.Lot, e.Seconds)).OrderBy(e => e.Lot));
        Assert.Equal("L3", all[^1].Lot); // longest first
        Assert.All(all, e => Assert.Equal((code, "Z"), (e.DeviceCode, e.ZoneCode)));
        var l3 = Assert.Single(all, e => e.Lot == "L3");
        Assert.Equal((T0.AddSeconds(120), T0.AddSeconds(260)), (l3.FirstAt.ToDateTimeOffset(), l3.LastAt.ToDateTimeOffset()));

        var one = await ExposuresAsync(kit, new ListLotExposuresRequest { SkuCode = tracked, Lot = "L3" });
        Assert.Equal(140.0, Assert.Single(one).Seconds);
    }

    [Fact]
    public async Task Probe_NeverOutOfRange_NoLotExposed()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.Inventory.NewSkuAsync();
        await kit.Inventory.StockAsync(sku, 5, "R-01");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(1, T0, "\"celsius\":5"));
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(2, T0.AddSeconds(60), "\"celsius\":7.9"));

        Assert.Empty(await ExposuresAsync(kit, new ListLotExposuresRequest()));
    }

    [Fact]
    public async Task ListLotExposures_LotWithoutSku_InvalidArgumentNamingTheField()
    {
        var kit = await CreateAsync(factory);

        var error = await Assert.ThrowsAsync<RpcException>(() => ExposuresAsync(kit, new ListLotExposuresRequest { Lot = "L1" }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("sku_code", error.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task<List<LotExposure>> ExposuresAsync(DeviceKit kit, ListLotExposuresRequest request)
    {
        request.WarehouseCode = kit.Warehouse;
        return (await kit.Inventory.Call(WmsMethods.Device.ListLotExposures, request)).Exposures.ToList();
    }
}
