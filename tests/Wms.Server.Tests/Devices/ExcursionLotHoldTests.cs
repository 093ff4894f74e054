using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>
/// With Wms:Devices:HoldOnExcursion=Lots, an excursion holds each lot with stock in the cold room (a lot hold, not a
/// bin hold); back in range resolves the alert and leaves the holds for a person. The probe is Debian's mosquitto_pub.
/// </summary>
public sealed class ExcursionLotHoldTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    private sealed class LotHoldingServer : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Wms:Devices:HoldOnExcursion", "Lots");
        }
    }

    [Fact]
    public async Task Excursion_HoldLotsConfigured_EachStockedLotHeldTheBinNot_BackInRangeResolvesAndHoldsStay()
    {
        Mosquitto.Require("mosquitto_pub");
        await using var factory = new LotHoldingServer();
        var kit = await CreateAsync(factory);
        var (tracked, _) = await kit.Inventory.NewSkuAsync(lots: true);
        var (plain, _) = await kit.Inventory.NewSkuAsync();
        await kit.Inventory.StockAsync(tracked, 5, "R-03", lot: "L1");
        await kit.Inventory.StockAsync(plain, 3, "R-03");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);

        await PublishAsync(kit, code, secret, Json(1, T0, "\"celsius\":5"));
        await PublishAsync(kit, code, secret, Json(2, T0.AddSeconds(60), "\"celsius\":15"));
        var held = await EventuallyAsync(() => HoldsAsync(kit, "R-03"), h => h.Values.Count(r => r.Length > 0) == 2);
        // Stock that arrives after the excursion began was not in it: the bin still takes it, and it is not held.
        await kit.Inventory.StockAsync(tracked, 2, "R-03", lot: "L2");
        await PublishAsync(kit, code, secret, Json(3, T0.AddSeconds(120), "\"celsius\":5"));
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
    public async Task Excursion_HoldLotsConfigured_HeldLotIsNotPicked()
    {
        Mosquitto.Require("mosquitto_pub");
        await using var factory = new LotHoldingServer();
        var kit = await CreateAsync(factory);
        var (tracked, _) = await kit.Inventory.NewSkuAsync(lots: true);
        await kit.Inventory.StockAsync(tracked, 5, "R-03", lot: "L1");
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 0);

        await PublishAsync(kit, code, secret, Json(1, T0, "\"celsius\":15"));
        await EventuallyAsync(() => HoldsAsync(kit, "R-03"), h => h[(tracked, "L1")].Length > 0);
        var move = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => kit.Inventory.Call(WmsMethods.Inventory.MoveStock, new MoveStockRequest
        {
            RequestId = Inventory.InventoryKit.Id(), WarehouseCode = kit.Warehouse, FromBinCode = "R-03", ToBinCode = "R-04", SkuCode = tracked, Lot = "L1", Quantity = 1,
        }));

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, move.StatusCode);
        Assert.Contains("on hold", move.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>One reading at QoS 1 from mosquitto_pub signed in as the probe; it exits 0 once the broker has acknowledged it.</summary>
    private static async Task PublishAsync(DeviceKit kit, string code, string secret, string payload)
    {
        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub",
        [
            "-h", "127.0.0.1", "-p", kit.Port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-i", code, "-u", code, "-P", secret,
            "-q", "1", "-t", kit.Topic(code, "temperature"), "-m", payload,
        ]);
        Assert.True(exit == 0, output);
    }

    /// <summary>Hold reason by (SKU, lot) of the stock in a bin ("" when not held).</summary>
    private static async Task<Dictionary<(string Sku, string Lot), string>> HoldsAsync(DeviceKit kit, string bin) =>
        (await kit.Inventory.Call(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = kit.Warehouse, BinCode = bin }))
        .Lines.ToDictionary(l => (l.SkuCode, l.Lot), l => l.HoldReason);
}
