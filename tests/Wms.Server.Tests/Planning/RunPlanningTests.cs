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
        // Steady demand: no spread of demand, so SS = z·d·σL = 1.6449 × 12 × 2 (supplier lead time 7 ± 2 days).
        Assert.Equal(1.6449 * 12 * 2, plan.SafetyStock, 1);
        Assert.Equal(12 * 7 + plan.SafetyStock, plan.ReorderPoint, 6);
        // Face: min = 12 a day × 1 day, max = min + 2 days of demand.
        Assert.Equal((12L, 36L, PickFaceLevels.Planned), (face.MinQuantity, face.MaxQuantity, face.Levels));
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
