using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Planning;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;
using Bin = Wms.Server.Layout.Bin;
using LedgerEntry = Wms.Server.Inventory.LedgerEntry;
using LedgerReason = Wms.Server.Inventory.LedgerReason;
using StockBalance = Wms.Server.Inventory.StockBalance;

namespace Wms.Server.Tests.Planning;

public sealed class RunPlanningTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task RunPlanning_TwelveADayFromTheLedger_PlansTheSkuAndLevelsThePlannedFace()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        var balance = await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 5000);
        await kit.Outbound.Call(WmsMethods.Replenishment.SetPickFace, new SetPickFaceRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse, BinCode = "F-01", SkuCode = kit.Sku, Planned = true,
        });
        // A whole year of history at 12 a day (the window the forecasts learn from).
        await PicksAsync(kit, balance, days: 365, perDay: 12);

        var result = await factory.Services.GetRequiredService<RunPlanning.Handler>().HandleAsync(new RunPlanning.Command(kit.Warehouse), TestContext.Current.CancellationToken);
        var face = Assert.Single(await kit.FacesAsync());
        var plan = await kit.Outbound.QueryAsync(db => db.Set<Wms.Server.Planning.SkuPlan>().SingleAsync(p => p.SkuId == db.Set<Wms.Server.Catalog.Sku>().Single(s => s.Code == kit.Sku).Id));

        Assert.Equal((1, 1), (result.Skus, result.FacesUpdated));
        Assert.Equal(12, plan.DailyMean, 3);
        Assert.Equal(("A", "X"), (plan.AbcClass, plan.XyzClass));
        // Steady demand: no spread of demand, only of the lead time (7 ± 2 days): σLT = 12 × 2 = 24. Seen once a day, the position
        // is 0-11 below the reorder point when it gets there (undershoot: mean 5.5, variance (12² − 1) / 12 = 11.92), so
        // SS = 5.5 + 1.6449 × √(24² + 11.92) = 45.38.
        Assert.Equal(45.38, plan.SafetyStock, 2);
        Assert.Equal(12 * 7 + plan.SafetyStock, plan.ReorderPoint, 6);
        // Face: min = 12 a day × 1 day, max = min + 2 days of demand.
        Assert.Equal((12L, 36L, PickFaceLevels.Planned), (face.MinQuantity, face.MaxQuantity, face.Levels));
    }

    [Fact]
    public async Task RunPlanning_TwiceTheSameDay_OneLevelRowForTheDayHoldingTheNewestPlanOlderThanTheHistoryDropped()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        var balance = await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 5000);
        await PicksAsync(kit, balance, days: 60, perDay: 12);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Two older levels: one just inside the 730 days kept, one just outside.
        await kit.Outbound.SetupAsync(async (db, ct) =>
        {
            var stock = await db.Set<StockBalance>().SingleAsync(b => b.Id == balance, ct);
            db.Add(new PlanLevel { WarehouseId = stock.WarehouseId, SkuId = stock.SkuId, Day = today.AddDays(-730), OrderUpTo = 7 });
            db.Add(new PlanLevel { WarehouseId = stock.WarehouseId, SkuId = stock.SkuId, Day = today.AddDays(-731), OrderUpTo = 8 });
            await db.SaveChangesAsync(ct);
            return true;
        });
        var handler = factory.Services.GetRequiredService<RunPlanning.Handler>();

        await handler.HandleAsync(new RunPlanning.Command(kit.Warehouse), TestContext.Current.CancellationToken);
        var before = await kit.Outbound.QueryAsync(db => db.Set<Wms.Server.Planning.SkuPlan>().SingleAsync(p => p.SkuId == db.Set<Wms.Server.Catalog.Sku>().Single(s => s.Code == kit.Sku).Id));
        await PicksAsync(kit, balance, days: 60, perDay: 12);
        await handler.HandleAsync(new RunPlanning.Command(kit.Warehouse), TestContext.Current.CancellationToken);
        var plan = await kit.Outbound.QueryAsync(db => db.Set<Wms.Server.Planning.SkuPlan>().SingleAsync(p => p.SkuId == db.Set<Wms.Server.Catalog.Sku>().Single(s => s.Code == kit.Sku).Id));
        var levels = await kit.Outbound.QueryAsync(db => db.Set<PlanLevel>().Where(l => l.SkuId == plan.SkuId).OrderBy(l => l.Day).ToListAsync());

        // The second run saw twice the picks: its levels replace the first run's in today's row (one row a day for the KPIs).
        Assert.Equal([today.AddDays(-730), today], levels.Select(l => l.Day));
        var level = levels[^1];
        Assert.True(plan.OrderUpTo > before.OrderUpTo + 1, $"order-up-to {before.OrderUpTo} then {plan.OrderUpTo}");
        Assert.Equal((plan.ReorderPoint, plan.OrderUpTo), (level.ReorderPoint, level.OrderUpTo));
    }

    /// <summary>Pick rows in the ledger, one per day going back from yesterday, as confirmed picks leave them.</summary>
    internal static Task PicksAsync(ReplenishmentKit kit, long balanceId, int days, long perDay) => kit.Outbound.SetupAsync(async (db, ct) =>
    {
        var balance = await db.Set<StockBalance>().SingleAsync(b => b.Id == balanceId, ct);
        var today = DateTimeOffset.UtcNow.Date;
        for (var d = 1; d <= days; d++)
        {
            balance.OnHand -= perDay;
            db.Add(new LedgerEntry
            {
                At = new DateTimeOffset(today.AddDays(-d).AddHours(10), TimeSpan.Zero), WarehouseId = balance.WarehouseId, BinId = balance.BinId,
                SkuId = balance.SkuId, StockBalanceId = balance.Id, Quantity = -perDay, Reason = LedgerReason.Pick, Actor = "test", Reference = "pick-task:0",
            });
        }

        await db.SaveChangesAsync(ct);
        return true;
    });
}
