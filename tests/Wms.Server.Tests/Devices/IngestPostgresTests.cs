using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>The same ingest on PostgreSQL: readings stored once, rules applied, alerts raised and resolved, lots' time out of range kept.</summary>
public sealed class IngestPostgresTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task Ingest_OnPostgres_StoredOnceLateKeptAlertRaisedAndResolved()
    {
        TestPostgres.Require();
        await using var factory = new PostgresServerFactory();
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.Inventory.NewSkuAsync(weightKg: 1);
        await kit.Inventory.StockAsync(sku, 5, "R-01");
        var (probe, probeSecret) = await kit.ProbeAsync(graceSeconds: 0);
        var (scale, scaleSecret) = await kit.ScaleAsync(sku, "R-01", graceSeconds: 0);
        using var probeClient = await kit.ConnectAsync(probe, probeSecret);
        using var scaleClient = await kit.ConnectAsync(scale, scaleSecret);

        await PublishAsync(probeClient, kit.Topic(probe, "temperature"), Json(2, T0.AddSeconds(2), "\"celsius\":12"));
        await PublishAsync(probeClient, kit.Topic(probe, "temperature"), Json(2, T0.AddSeconds(2), "\"celsius\":12"));
        await PublishAsync(probeClient, kit.Topic(probe, "temperature"), Json(1, T0, "\"celsius\":3"));
        var excursion = await kit.AlertsAsync();
        await PublishAsync(probeClient, kit.Topic(probe, "temperature"), Json(3, T0.AddSeconds(30), "\"celsius\":5"));
        await PublishAsync(scaleClient, kit.Topic(scale, "weight"), Json(1, T0, "\"grams\":5000"));
        var device = await kit.DeviceAsync(probe);

        Assert.Equal(AlertKind.TemperatureExcursion, Assert.Single(excursion).Kind);
        Assert.Empty(await kit.AlertsAsync());
        Assert.Equal((3L, 5.0, 3L, 28.0), (device.LastSequence, device.LastValue, device.Accepted, device.OutOfRangeSeconds));
        Assert.Equal((1L, 5000.0), ((await kit.DeviceAsync(scale)).Accepted, (await kit.DeviceAsync(scale)).LastValue));
        var exposed = await kit.Inventory.Call(WmsMethods.Device.ListLotExposures, new ListLotExposuresRequest { WarehouseCode = kit.Warehouse });
        Assert.Equal((sku, "", 28.0), (Assert.Single(exposed.Exposures).SkuCode, exposed.Exposures[0].Lot, exposed.Exposures[0].Seconds));
    }
}
