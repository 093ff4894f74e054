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
