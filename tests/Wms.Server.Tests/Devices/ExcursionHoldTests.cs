using Microsoft.AspNetCore.Hosting;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>
/// What an excursion holds: with Wms:Devices:HoldZoneOnExcursion (= HoldOnExcursion=Bins) the cold room's stocked bins;
/// with HoldOnExcursion=Lots each lot with stock there (a lot hold, not a bin hold), and back in range resolves the
/// alert and leaves the holds for a person. In the lot tests the probe is Debian's mosquitto_pub.
/// </summary>
public sealed class ExcursionHoldTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    private sealed class HoldingServer(string setting, string value) : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(setting, value);
        }
    }

    [Fact]
    public async Task Excursion_HoldConfigured_StockedBinsOfTheZoneOnHoldEmptyOnesNot()
    {
        await using var factory = new HoldingServer("Wms:Devices:HoldZoneOnExcursion", "true");
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.Inventory.NewSkuAsync();
        await kit.Inventory.StockAsync(sku, 5, "R-03");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(1, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":15"));
        Task<Bin> BinAsync(string bin) => kit.Inventory.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = kit.Warehouse, Code = bin });
        var held = await EventuallyAsync(() => BinAsync("R-03"), b => b.OnHold);

        Assert.True(held.OnHold);
        Assert.Contains(code, held.HoldReason, StringComparison.Ordinal);
        Assert.False((await BinAsync("R-04")).OnHold);
    }

    [Fact]
    public async Task Excursion_HoldLotsConfigured_EachStockedLotHeldTheBinNot_BackInRangeResolvesAndHoldsStay()
    {
        Mosquitto.Require("mosquitto_pub");
        await using var factory = new HoldingServer("Wms:Devices:HoldOnExcursion", "Lots");
        var kit = await CreateAsync(factory);
        var (tracked, _) = await kit.Inventory.NewSkuAsync(lots: true);
        var (plain, _) = await kit.Inventory.NewSkuAsync();
        await kit.Inventory.StockAsync(tracked, 5, "R-03", lot: "L1");
        await kit.Inventory.StockAsync(plain, 3, "R-03");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);

        await MosquittoPubAsync(kit, code, secret, Json(1, T0, "\"celsius\":5"));
        await MosquittoPubAsync(kit, code, secret, Json(2, T0.AddSeconds(60), "\"celsius\":15"));
        var held = await EventuallyAsync(() => HoldsAsync(kit, "R-03"), h => h.Values.Count(r => r.Length > 0) == 2);
        // Stock that arrives after the excursion began was not in it: the bin still takes it, and it is not held.
        await kit.Inventory.StockAsync(tracked, 2, "R-03", lot: "L2");
        await MosquittoPubAsync(kit, code, secret, Json(3, T0.AddSeconds(120), "\"celsius\":5"));
        var alerts = await EventuallyAsync(() => kit.AlertsAsync(openOnly: false), a => a.Any(x => x.Subject == code && x.ResolvedAt != null));
        var after = await HoldsAsync(kit, "R-03");
        var bin = await kit.Inventory.Call(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = kit.Warehouse, Code = "R-03" });

        Assert.Contains(code, held[(tracked, "L1")], StringComparison.Ordinal);
        Assert.Contains(code, held[(plain, "")], StringComparison.Ordinal);
        Assert.False(bin.OnHold);
        var excursion = Assert.Single(alerts, a => a.Subject == code && a.Kind == AlertKind.TemperatureExcursion);
        Assert.NotNull(excursion.ResolvedAt);
        Assert.Equal(held[(tracked, "L1")], after[(tracked, "L1")]);
        Assert.Equal(held[(plain, "")], after[(plain, "")]);
        Assert.Equal("", after[(tracked, "L2")]);
    }

    [Fact]
    public async Task Excursion_HoldLotsConfigured_HeldLotIsNotMoved()
    {
        Mosquitto.Require("mosquitto_pub");
        await using var factory = new HoldingServer("Wms:Devices:HoldOnExcursion", "Lots");
        var kit = await CreateAsync(factory);
        var (tracked, _) = await kit.Inventory.NewSkuAsync(lots: true);
        await kit.Inventory.StockAsync(tracked, 5, "R-03", lot: "L1");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);

        await MosquittoPubAsync(kit, code, secret, Json(1, T0, "\"celsius\":15"));
        await EventuallyAsync(() => HoldsAsync(kit, "R-03"), h => h[(tracked, "L1")].Length > 0);
        var move = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => kit.Inventory.Call(WmsMethods.Inventory.MoveStock, new MoveStockRequest
        {
            RequestId = Inventory.InventoryKit.Id(), WarehouseCode = kit.Warehouse, FromBinCode = "R-03", ToBinCode = "R-04", SkuCode = tracked, Lot = "L1", Quantity = 1,
        }));

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, move.StatusCode);
        Assert.Contains("on hold", move.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>One reading at QoS 1 from mosquitto_pub signed in as the probe; it exits 0 once the broker has acknowledged it.</summary>
    private static async Task MosquittoPubAsync(DeviceKit kit, string code, string secret, string payload)
    {
        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub",
            kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "temperature"), "-m", payload));
        Assert.True(exit == 0, output);
    }

    /// <summary>Hold reason by (SKU, lot) of the stock in a bin ("" when not held).</summary>
    private static async Task<Dictionary<(string Sku, string Lot), string>> HoldsAsync(DeviceKit kit, string bin) =>
        (await kit.Inventory.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, BinCode = bin }))
        .Lines.ToDictionary(l => (l.SkuCode, l.Lot), l => l.HoldReason);
}
