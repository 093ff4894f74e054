using Microsoft.EntityFrameworkCore;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Inventory;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Slotting;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Sku = Wms.Server.Catalog.Sku;
using SkuPlan = Wms.Server.Planning.SkuPlan;
using Warehouse = Wms.Server.Layout.Warehouse;

namespace Wms.Server.Tests.Planning;

/// <summary>The nightly plan's ABC classes place stock: putaway by class zone, slotting advice by class first.</summary>
public sealed class VelocityClassTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    /// <summary>
    /// The kit's putaway bins, by distance from staging STG-1 (0, 0.5): R-01 … R-05 at 1-5 m, P-01 at 10 m, E-01 at 12 m. One A
    /// and one C SKU planned: each class holds half the SKUs, so zone A is the nearest 4 of the 7 bins (R-01 … R-04), zone C the
    /// other 3. The A SKU goes to R-01, the C SKU to the nearest bin of its zone, R-05; a SKU without a plan keeps the old rule
    /// (nearest empty bin to the dock, R-01). With zone C full, C overflows to the nearest free bin (zone B is empty, then A).
    /// </summary>
    [Fact]
    public async Task SuggestPutaway_ASkuAndCSku_ANearestDispatchCInTheFarZoneUnclassedAsBefore()
    {
        var kit = await InventoryKit.CreateAsync(factory);
        var (fast, _) = await kit.NewSkuAsync();
        var (slow, _) = await kit.NewSkuAsync();
        var (unplanned, _) = await kit.NewSkuAsync();
        await PlanAsync(kit.Warehouse, (fast, "A"), (slow, "C"));

        var a = await kit.Call(WmsMethods.Inventory.SuggestPutaway, new SuggestPutawayRequest { WarehouseCode = kit.Warehouse, SkuCode = fast, Quantity = 10 });
        var c = await kit.Call(WmsMethods.Inventory.SuggestPutaway, new SuggestPutawayRequest { WarehouseCode = kit.Warehouse, SkuCode = slow, Quantity = 10 });
        var none = await kit.Call(WmsMethods.Inventory.SuggestPutaway, new SuggestPutawayRequest { WarehouseCode = kit.Warehouse, SkuCode = unplanned, Quantity = 10 });

        Assert.Equal(("R-01", "R-05", "R-01"), (a.BinCode, c.BinCode, none.BinCode));
        Assert.True(a.DistanceM < c.DistanceM, $"A {a.DistanceM} m, C {c.DistanceM} m");
        Assert.Contains("velocity class A: zone A, the 57% of bins nearest to staging STG-1", a.Reason, StringComparison.Ordinal);
        Assert.Contains("velocity class C: zone C, the 43% of bins farthest from staging STG-1", c.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("velocity", none.Reason, StringComparison.Ordinal);

        // E-01 on hold leaves 6 bins: zone A R-01 … R-03, zone C, P-01, all three filled with another SKU. C
        // overflows inwards (zone B is empty), to zone A's bin nearest dispatch.
        await kit.StockAsync(unplanned, 100, "R-04");
        await kit.StockAsync(unplanned, 100, "R-05");
        await kit.StockAsync(unplanned, 50, "P-01");
        await kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = InventoryKit.Id(), WarehouseCode = kit.Warehouse, BinCode = "E-01", Reason = "test" });
        var overflow = await kit.Call(WmsMethods.Inventory.SuggestPutaway, new SuggestPutawayRequest { WarehouseCode = kit.Warehouse, SkuCode = slow, Quantity = 10 });
        Assert.Equal("R-01", overflow.BinCode);
        Assert.Contains("velocity class C: zone A", overflow.Reason, StringComparison.Ordinal);
    }

    /// <summary>
    /// One face near the depot (front of aisle 0) holding a C SKU picked 10 times in the week, one far (end of aisle 9)
    /// holding an A SKU picked twice, a spare far face. By walking alone nothing moves (the C SKU is picked more); with
    /// the classes the A SKU takes the near face and the C SKU goes out, and the advice says honestly what that costs in
    /// this week's walking.
    /// </summary>
    [Fact]
    public async Task SuggestSlotting_ASkuFarCSkuNear_ClassesSwapThemAndTheWalkIsReportedByPicks()
    {
        var warehouse = await _kit.WarehouseAsync(new BinSpec("N-0", BinKind.PickFace, 0, 0), new BinSpec("F-0", BinKind.PickFace, 9, 20), new BinSpec("F-1", BinKind.PickFace, 9, 21));
        var fast = await _kit.SkuAsync();
        var slow = await _kit.SkuAsync();
        await StockWithPicksAsync(warehouse, "N-0", slow, 10);
        await StockWithPicksAsync(warehouse, "F-0", fast, 2);
        var request = new SuggestSlottingRequest { WarehouseCode = warehouse, MaxMoves = 2, HistoryDays = 7, TimeBudgetMs = 2000 };

        var byPicks = await _kit.Call(WmsMethods.Layout.SuggestSlotting, request);
        await PlanAsync(warehouse, (fast, "A"), (slow, "C"));
        var byClass = await _kit.Call(WmsMethods.Layout.SuggestSlotting, request);

        Assert.Empty(byPicks.Moves);
        Assert.Equal(2, byClass.Moves.Count);
        Assert.Equal(("F-0", "N-0"), byClass.Moves.Where(m => m.SkuCode == fast).Select(m => (m.FromBinCode, m.ToBinCode)).Single());
        var outwards = byClass.Moves.Single(m => m.SkuCode == slow);
        Assert.Equal("N-0", outwards.FromBinCode);
        Assert.StartsWith("F-", outwards.ToBinCode, StringComparison.Ordinal);
        // Real walking by this week's picks: the C SKU's 10 picks now walk further than the A SKU's 2 save.
        Assert.True(outwards.WalkSavedPerDayM < 0, $"{outwards.WalkSavedPerDayM}");
        Assert.Equal(byPicks.CurrentWalkPerDayM, byClass.CurrentWalkPerDayM, 6);
        Assert.Equal(byClass.CurrentWalkPerDayM - byClass.Moves.Sum(m => m.WalkSavedPerDayM), byClass.AdvisedWalkPerDayM, 6);
        Assert.True(byClass.AdvisedWalkPerDayM > byClass.CurrentWalkPerDayM);
    }

    /// <summary>Plans with the given classes, as the nightly run stores them.</summary>
    private Task PlanAsync(string warehouse, params (string Sku, string Abc)[] classes) => _kit.SetupAsync(async (db, ct) =>
    {
        var warehouseId = (await db.Set<Warehouse>().SingleAsync(w => w.Code == warehouse, ct)).Id;
        foreach (var (code, abc) in classes)
        {
            var skuId = (await db.Set<Sku>().SingleAsync(s => s.Code == code, ct)).Id;
            db.Add(new SkuPlan { WarehouseId = warehouseId, SkuId = skuId, AbcClass = abc, ComputedAt = DateTimeOffset.UtcNow });
        }

        await db.SaveChangesAsync(ct);
        return true;
    });

    private Task StockWithPicksAsync(string warehouse, string bin, string sku, int picks) => SlottingTests.StockWithPicksAsync(_kit, warehouse, bin, sku, picks);
}
