using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;
using Bin = Wms.Server.Layout.Bin;
using LedgerEntry = Wms.Server.Inventory.LedgerEntry;
using LedgerReason = Wms.Server.Inventory.LedgerReason;
using Sku = Wms.Server.Catalog.Sku;
using StockBalance = Wms.Server.Inventory.StockBalance;
using Warehouse = Wms.Server.Layout.Warehouse;

namespace Wms.Server.Tests.Planning;

public sealed class KpisTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>
    /// 100 received into face F-01 on the first of ten days, 10 picked every day: end-of-day levels 90, 80 … 0, so
    /// average inventory 45, 100 picked (10 a day), turnover 10 × 365 / 45 = 81.1 a year, 4.5 days of supply, and
    /// the face ended empty on the last day (one stock-out face-day).
    /// </summary>
    [Fact]
    public async Task GetInventoryKpis_TenDaysHandWorked_InventoryTurnoverDaysOfSupplyStockOuts()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.SetFaceAsync(min: 5, max: 50);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await HistoryAsync(kit, today.AddDays(-10));

        var kpis = await kit.Outbound.Call(WmsMethods.Planning.GetInventoryKpis, new GetInventoryKpisRequest
        {
            WarehouseCode = kit.Warehouse, From = Day(today.AddDays(-10)), To = Day(today.AddDays(-1)),
        });

        var total = kpis.Total;
        Assert.Equal((1, 100L, 1), (total.Skus, total.PickedUnits, total.StockOutFaceDays));
        Assert.Equal(45, total.AverageInventory, 6);
        Assert.Equal(81.11, total.TurnoverPerYear, 2);
        Assert.Equal(4.5, total.DaysOfSupply, 6);
        Assert.Equal("-", Assert.Single(kpis.Classes).AbcClass);
        Assert.Equal((-1d, 0), (kpis.FillRate, kpis.OrdersCounted));
    }

    /// <summary>
    /// The same ten days (ending 90, 80, 70 … 0). Today's plan has an order-up-to of 50, but the levels in force then were
    /// 1,000,000 on day 1 (the newest set before the range; an older 1 no longer held), 80 set on day 2 and 49.2 (50 whole
    /// units) from day 3: excess 0, 0, 70 − 50 = 20, 60 − 50 = 10, then none, so 30 over ten days, 3 on average (today's 50
    /// for every day would give 40 + 30 + 20 + 10 = 100, 10 on average).
    /// 4.5 days of supply: under the default target of 45 days, over one of 4.
    /// </summary>
    [Fact]
    public async Task GetInventoryKpis_PlanWithOrderUpTo_ExcessAveragedOverTheRangeAndDaysOfSupplyAgainstTheTarget()
    {
        await using var strict = new WmsServerFactory();
        strict.Settings["Wms:Planning:DaysOfSupplyTarget"] = "4";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = (ReplenishmentKit kit) => new GetInventoryKpisRequest { WarehouseCode = kit.Warehouse, From = Day(today.AddDays(-10)), To = Day(today.AddDays(-1)) };
        var kits = new List<ReplenishmentKit>();
        foreach (var server in new[] { factory, strict })
        {
            var kit = await ReplenishmentKit.CreateAsync(server);
            await HistoryAsync(kit, today.AddDays(-10));
            await kit.Outbound.SetupAsync(async (db, ct) =>
            {
                db.Add(new Wms.Server.Planning.SkuPlan
                {
                    WarehouseId = (await db.Set<Warehouse>().SingleAsync(w => w.Code == kit.Warehouse, ct)).Id,
                    SkuId = (await db.Set<Sku>().SingleAsync(x => x.Code == kit.Sku, ct)).Id, AbcClass = "A", OrderUpTo = 50, ComputedAt = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync(ct);
                var warehouseId = (await db.Set<Warehouse>().SingleAsync(w => w.Code == kit.Warehouse, ct)).Id;
                var skuId = (await db.Set<Sku>().SingleAsync(x => x.Code == kit.Sku, ct)).Id;
                // A level set before the range that is replaced before it starts does not count.
                db.Add(new Wms.Server.Planning.PlanLevel { WarehouseId = warehouseId, SkuId = skuId, Day = today.AddDays(-30), OrderUpTo = 1 });
                db.Add(new Wms.Server.Planning.PlanLevel { WarehouseId = warehouseId, SkuId = skuId, Day = today.AddDays(-20), OrderUpTo = 1_000_000 });
                db.Add(new Wms.Server.Planning.PlanLevel { WarehouseId = warehouseId, SkuId = skuId, Day = today.AddDays(-9), OrderUpTo = 80 });
                db.Add(new Wms.Server.Planning.PlanLevel { WarehouseId = warehouseId, SkuId = skuId, Day = today.AddDays(-8), OrderUpTo = 49.2 });
                await db.SaveChangesAsync(ct);
                return true;
            });
            kits.Add(kit);
        }

        var normal = await kits[0].Outbound.Call(WmsMethods.Planning.GetInventoryKpis, request(kits[0]));
        var tight = await kits[1].Outbound.Call(WmsMethods.Planning.GetInventoryKpis, request(kits[1]));

        Assert.Equal(("A", 3L, 4.5), (normal.Total.AbcClass == "all" ? Assert.Single(normal.Classes).AbcClass : "?", normal.Total.ExcessUnits, normal.Total.DaysOfSupply));
        Assert.Equal((45.0, false), (normal.DaysOfSupplyTarget, normal.Total.OverDaysOfSupplyTarget));
        Assert.Equal((4.0, true, true), (tight.DaysOfSupplyTarget, tight.Total.OverDaysOfSupplyTarget, Assert.Single(tight.Classes).OverDaysOfSupplyTarget));
    }

    [Fact]
    public async Task GetInventoryKpis_RangeBackwardsOrBadDate_NamesTheField()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);

        var backwards = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.GetInventoryKpis,
            new GetInventoryKpisRequest { WarehouseCode = kit.Warehouse, From = "2026-12-01", To = "2026-11-01" }));
        var bad = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.GetInventoryKpis,
            new GetInventoryKpisRequest { WarehouseCode = kit.Warehouse, From = "yesterday", To = "2026-11-01" }));

        Assert.StartsWith("to:", backwards.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("from:", bad.Status.Detail, StringComparison.Ordinal);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task HistoryAsync(ReplenishmentKit kit, DateOnly first) => kit.Outbound.SetupAsync(async (db, ct) =>
    {
        var warehouse = await db.Set<Warehouse>().SingleAsync(w => w.Code == kit.Warehouse, ct);
        var bin = await db.Set<Bin>().SingleAsync(b => b.WarehouseId == warehouse.Id && b.Code == "F-01", ct);
        var sku = await db.Set<Sku>().SingleAsync(s => s.Code == kit.Sku, ct);
        var balance = new StockBalance { WarehouseId = warehouse.Id, BinId = bin.Id, SkuId = sku.Id };
        db.Add(balance);
        await db.SaveChangesAsync(ct);
        void Row(DateOnly day, int hour, long quantity, LedgerReason reason) => db.Add(new LedgerEntry
        {
            At = new DateTimeOffset(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero), WarehouseId = warehouse.Id, BinId = bin.Id, SkuId = sku.Id,
            StockBalanceId = balance.Id, Quantity = quantity, Reason = reason, Actor = "test",
        });
        Row(first, 8, 100, LedgerReason.Receipt);
        for (var d = 0; d < 10; d++)
        {
            Row(first.AddDays(d), 12, -10, LedgerReason.Pick);
        }

        await db.SaveChangesAsync(ct);
        return true;
    });
}
