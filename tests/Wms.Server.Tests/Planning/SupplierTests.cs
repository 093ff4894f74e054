using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Planning;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;
using Role = Wms.Server.Security.Role;
using Warehouse = Wms.Server.Layout.Warehouse;
using WarehouseKind = Wms.Server.Layout.WarehouseKind;

namespace Wms.Server.Tests.Planning;

public sealed class SupplierTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Theory]
    [InlineData(37.2, 1, 1, 38)]
    [InlineData(37.2, 50, 1, 50)]
    [InlineData(37.2, 1, 12, 48)]
    [InlineData(37.2, 50, 12, 60)]
    [InlineData(164, 100, 24, 168)]
    [InlineData(0, 50, 12, 0)]
    [InlineData(-3, 50, 12, 0)]
    public void OrderQuantity_Need_AtLeastTheMinimumInWholePacks(double need, long minimum, long pack, long expected) =>
        Assert.Equal(expected, new SupplyOption(1, "S", 5, 1, minimum, pack).OrderQuantity(need));

    /// <summary>
    /// Steady 10 a day (σd = 0), 95 %: ROP = d·L + 4.5 + z·√((d·σL)² + 8.25), 4.5 and 8.25 being the undershoot's mean and
    /// variance (the position is 0-9 below the reorder point when seen there). STEADY (9 ± 0 days): 90 + 4.5 + 1.6449·2.87 =
    /// 99.22. QUICK (5 ± 3 days): 50 + 4.5 + 1.6449·30.14 = 104.07. The longer but steady lead time needs less stock, so
    /// STEADY is chosen; a SKU without terms is planned on the settings' 7 ± 2 days: 70 + 4.5 + 1.6449·20.21 = 107.73.
    /// </summary>
    [Fact]
    public void PlanAll_TwoSuppliers_TheOneNeedingTheLowestReorderPointIsChosen()
    {
        var steady = Enumerable.Repeat(10.0, 365).ToArray();
        var options = new PlanningOptions();
        var terms = new Dictionary<long, IReadOnlyList<SupplyOption>>
        {
            [1] = [new SupplyOption(7, "QUICK", 5, 3, 1, 1), new SupplyOption(8, "STEADY", 9, 0, 1, 1)],
        };

        var plans = Planner.PlanAll(new Dictionary<long, double[]> { [1] = steady, [2] = steady }, options, SupplyOption.Default(7, 2), terms).ToDictionary(p => p.SkuId);

        Assert.Equal(("STEADY", 9.0), (plans[1].Supply.SupplierCode, plans[1].Supply.LeadTimeDays));
        Assert.Equal(99.22, plans[1].Levels.ReorderPoint, 2);
        Assert.Equal((null, 7.0), (plans[2].Supply.SupplierId, plans[2].Supply.LeadTimeDays));
        Assert.Equal(107.73, plans[2].Levels.ReorderPoint, 2);
    }

    /// <summary>
    /// Steady 10 a day (σd = 0), 95 %, review 7 days, holding 25 % a year. A: 2.00 a unit, 5 ± 1 days: SS = 16.449, an
    /// order is 70: 2 × (3650 + 0.25 × (16.449 + 35)) = 7325.72 a year. B: 1.90, 10 ± 3 days, minimum 500: SS = 49.347:
    /// 1.9 × (3650 + 0.25 × (49.347 + 250)) = 7077.19. B is cheaper a year although it needs more stock (ROP 149.3
    /// against 66.4). With a minimum of 5,000, B holds so much that A wins: 1.9 × (3650 + 0.25 × 2549.35) = 8145.9.
    /// </summary>
    [Fact]
    public void Choose_EverySupplierPriced_LowestYearlyCostWinsHoldingCostIncluded()
    {
        var options = new PlanningOptions();
        var a = new SupplyOption(1, "A", 5, 1, 1, 1, UnitPrice: 2.00);
        var b = new SupplyOption(2, "B", 10, 3, 500, 1, UnitPrice: 1.90);
        var bigMinimum = b with { MinOrderQuantity = 5000 };

        var (cheaper, levels) = Planner.Choose(10, 0, [a, b], options);
        var (held, _) = Planner.Choose(10, 0, [a, bigMinimum], options);

        Assert.Equal("B", cheaper.SupplierCode);
        Assert.Equal(149.35, levels.ReorderPoint, 2);
        Assert.Equal(7325.72, Planner.YearlyCost(a, SafetyStock.Compute(10, 0, 5, 1, 0.95, 7), 10, options), 2);
        Assert.Equal(7077.19, Planner.YearlyCost(b, levels, 10, options), 2);
        Assert.Equal("A", held.SupplierCode);
    }

    [Fact]
    public void Choose_OneSupplierWithoutPrice_PricesIgnoredLowestReorderPointWins()
    {
        var a = new SupplyOption(1, "A", 5, 1, 1, 1, UnitPrice: 2.00);
        var b = new SupplyOption(2, "B", 10, 3, 500, 1);

        var (chosen, levels) = Planner.Choose(10, 0, [b, a], new PlanningOptions());

        Assert.Equal("A", chosen.SupplierCode);
        Assert.Equal(66.45, levels.ReorderPoint, 2);
    }

    /// <summary>
    /// By units: 100, 10 and 1 a day start at 0, 90.1 % and 99.1 % of the volume: A, B, C. By value at 1.00, 50.00 and
    /// 1.00 a unit (6,000, 30,000 and 60 over the 60 days), SKU 2 comes first: SKU 1 starts at 83.2 % (B), SKU 3 at 99.8 % (C).
    /// </summary>
    [Fact]
    public void PlanAll_AbcByValue_RanksUnitsTimesPrice()
    {
        var demand = new Dictionary<long, double[]>
        {
            [1] = Enumerable.Repeat(100.0, 60).ToArray(), [2] = Enumerable.Repeat(10.0, 60).ToArray(), [3] = Enumerable.Repeat(1.0, 60).ToArray(),
        };
        var none = new Dictionary<long, IReadOnlyList<SupplyOption>>();
        var prices = new Dictionary<long, double> { [1] = 1.0, [2] = 50.0, [3] = 1.0 };

        var byUnits = Planner.PlanAll(demand, new PlanningOptions(), SupplyOption.Default(7, 2), none, prices).ToDictionary(p => p.SkuId, p => p.Abc);
        var byValue = Planner.PlanAll(demand, new PlanningOptions { AbcBasis = AbcBasis.Value }, SupplyOption.Default(7, 2), none, prices).ToDictionary(p => p.SkuId, p => p.Abc);

        Assert.Equal(('A', 'B', 'C'), (byUnits[1], byUnits[2], byUnits[3]));
        Assert.Equal(('B', 'A', 'C'), (byValue[1], byValue[2], byValue[3]));
    }

    [Fact]
    public async Task NightlyPlan_SuppliersWithPrices_CheapestPerYearChosenAndTheSuggestionCarriesItsValue()
    {
        var kit = await CentralSoldOutAsync();
        var quick = "QUICK-" + OutboundKit.NewId()[..6];
        var cheap = "CHEAP-" + OutboundKit.NewId()[..6];
        await UpsertAsync(kit, quick, new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 5, LeadTimeSigmaDays = 1, UnitPrice = 2.00 });
        await UpsertAsync(kit, cheap, new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 10, LeadTimeSigmaDays = 3, MinOrderQuantity = 500, UnitPrice = 1.90 });

        await factory.Services.GetRequiredService<RunPlanning.Handler>().HandleAsync(new RunPlanning.Command(kit.Warehouse), TestContext.Current.CancellationToken);
        var plan = Assert.Single((await kit.Outbound.Call(WmsMethods.Planning.ListSkuPlans, new ListSkuPlansRequest { WarehouseCode = kit.Warehouse })).Plans);
        var suggestion = Assert.Single((await kit.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = kit.Warehouse })).Suggestions);
        var accepted = await kit.Outbound.Call(WmsMethods.Planning.DecideSuggestion, new DecideSuggestionRequest
        {
            RequestId = OutboundKit.NewId(), SuggestionId = suggestion.SuggestionId, Accept = true, Quantity = 600,
        });
        var listed = (await kit.Outbound.Call(WmsMethods.Planning.ListSuppliers, new ListSuppliersRequest { SkuCode = kit.Sku })).Suppliers;

        // 12 a day, z = 1.64485, undershoot 5.5 (variance 11.92): SS = 5.5 + z·√((12·σL)² + 11.92).
        // QUICK 2 × (4380 + 0.25 × (26.04 + 42)) = 8794.02; CHEAP 1.9 × (4380 + 0.25 × (64.99 + 250)) = 8471.62.
        // CHEAP: ROP = 120 + 64.99 = 184.99, up to 268.99, 269 needed, at least 500: 500 at 1.90 = 950.
        Assert.Equal((cheap, 10.0), (plan.SupplierCode, plan.LeadTimeDays));
        Assert.Equal(184.99, plan.ReorderPoint, 2);
        Assert.Equal(("purchase", cheap, 500L, 1.90, 950.0), (suggestion.Kind, suggestion.SupplierCode, suggestion.Quantity, suggestion.UnitPrice, suggestion.OrderValue));
        Assert.EndsWith($"supplier {cheap}, min 500, pack 1: 269 -> 500 at 1.9 = 950", suggestion.Reason, StringComparison.Ordinal);
        Assert.Equal((600L, 1140.0), (accepted.Quantity, accepted.OrderValue));
        Assert.Equal((2.00, 1.90), (listed.Single(s => s.Code == quick).Terms.Single().UnitPrice, listed.Single(s => s.Code == cheap).Terms.Single().UnitPrice));
    }

    [Fact]
    public async Task NightlyPlan_CentralWithSupplierTerms_PurchaseFromTheChosenSupplierRoundedToMinimumAndPack()
    {
        var kit = await CentralSoldOutAsync();
        var acme = "ACME-" + OutboundKit.NewId()[..6];
        var bulk = "BULK-" + OutboundKit.NewId()[..6];
        await UpsertAsync(kit, acme, new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 5, LeadTimeSigmaDays = 1, MinOrderQuantity = 100, PackMultiple = 24 });
        await UpsertAsync(kit, bulk, new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 6, LeadTimeSigmaDays = 2 });

        var listed = (await kit.Outbound.Call(WmsMethods.Planning.ListSuppliers, new ListSuppliersRequest { SkuCode = kit.Sku })).Suppliers;
        await factory.Services.GetRequiredService<RunPlanning.Handler>().HandleAsync(new RunPlanning.Command(kit.Warehouse), TestContext.Current.CancellationToken);
        var plan = Assert.Single((await kit.Outbound.Call(WmsMethods.Planning.ListSkuPlans, new ListSkuPlansRequest { WarehouseCode = kit.Warehouse })).Plans);
        var suggestion = Assert.Single((await kit.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = kit.Warehouse })).Suggestions);

        Assert.Equal([acme, bulk], listed.Select(s => s.Code).Order(StringComparer.Ordinal));
        Assert.Equal((100L, 24L), (listed.Single(s => s.Code == acme).Terms.Single().MinOrderQuantity, listed.Single(s => s.Code == acme).Terms.Single().PackMultiple));
        Assert.Equal((1L, 1L), (listed.Single(s => s.Code == bulk).Terms.Single().MinOrderQuantity, listed.Single(s => s.Code == bulk).Terms.Single().PackMultiple));
        // 12 a day, σd = 0, 95 %, undershoot 5.5 (variance 11.92): ACME ROP = 60 + 5.5 + 1.6449·√(12² + 11.92) = 86.04;
        // BULK 72 + 5.5 + 1.6449·√(24² + 11.92) = 117.38. ACME it is; up to 86.04 + 12·7 = 170.04, so 171 needed: at least
        // 100, in packs of 24 → 192.
        Assert.Equal((acme, 5.0, 1.0), (plan.SupplierCode, plan.LeadTimeDays, plan.LeadTimeSigmaDays));
        Assert.Equal(86.04, plan.ReorderPoint, 2);
        Assert.Equal(("purchase", acme, 192L), (suggestion.Kind, suggestion.SupplierCode, suggestion.Quantity));
        Assert.EndsWith($"supplier {acme}, min 100, pack 24: 171 -> 192", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertSupplier_SetChangeAndRemoveTerms_KeptPerSkuAndNamed()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        var other = await kit.Outbound.SkuAsync();
        var code = "S-" + OutboundKit.NewId()[..6];

        await UpsertAsync(kit, code, new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 4, LeadTimeSigmaDays = 1 }, new SupplierTerms { SkuCode = other, LeadTimeDays = 10, LeadTimeSigmaDays = 3 });
        var changed = await kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, new UpsertSupplierRequest
        {
            RequestId = OutboundKit.NewId(), Code = code, Name = "Renamed", Terms = { new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3, PackMultiple = 6 } }, RemoveSkuCodes = { other },
        });

        Assert.Equal("Renamed", changed.Name);
        var terms = Assert.Single(changed.Terms);
        Assert.Equal((kit.Sku, 3.0, 0.0, 1L, 6L), (terms.SkuCode, terms.LeadTimeDays, terms.LeadTimeSigmaDays, terms.MinOrderQuantity, terms.PackMultiple));
    }

    [Fact]
    public async Task UpsertSupplier_BadInput_NamedFieldNothingStoredAndSupervisorsOnly()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        var code = "S-" + OutboundKit.NewId()[..6];
        UpsertSupplierRequest Request(params SupplierTerms[] terms) => new() { RequestId = OutboundKit.NewId(), Code = code, Name = "Bad", Terms = { terms } };
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

        var zero = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 0 })));
        var sigma = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3, LeadTimeSigmaDays = double.NaN })));
        var pack = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3, PackMultiple = -6 })));
        var twice = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(
            new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3 }, new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 4 })));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(
            new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3 }, new SupplierTerms { SkuCode = "NO-SUCH-SKU", LeadTimeDays = 4 })));
        var price = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3, UnitPrice = -0.01 })));
        var longCode = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, new UpsertSupplierRequest { RequestId = OutboundKit.NewId(), Code = new string('S', 33), Name = "x" }));
        var denied = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, Request(new SupplierTerms { SkuCode = kit.Sku, LeadTimeDays = 3 }), picker));
        var listed = (await kit.Outbound.Call(WmsMethods.Planning.ListSuppliers, new ListSuppliersRequest())).Suppliers;

        Assert.StartsWith("terms[0].lead_time_days:", zero.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("terms[0].lead_time_sigma_days:", sigma.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("terms[0].pack_multiple:", pack.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("terms[1].sku_code:", twice.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("terms[0].unit_price:", price.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("NO-SUCH-SKU", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("code:", longCode.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.DoesNotContain(listed, s => s.Code == code);
    }

    private static Task<SupplierInfo> UpsertAsync(ReplenishmentKit kit, string code, params SupplierTerms[] terms) =>
        kit.Outbound.Call(WmsMethods.Planning.UpsertSupplier, new UpsertSupplierRequest { RequestId = OutboundKit.NewId(), Code = code, Name = code + " Ltd", Terms = { terms } });

    /// <summary>A central warehouse that sold 12 a day for a year from F-01 and has nothing left.</summary>
    private async Task<ReplenishmentKit> CentralSoldOutAsync()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        var balance = await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 365 * 12);
        await kit.Outbound.SetupAsync(async (db, ct) =>
        {
            (await db.Set<Warehouse>().SingleAsync(w => w.Code == kit.Warehouse, ct)).Kind = WarehouseKind.Central;
            await db.SaveChangesAsync(ct);
            return true;
        });
        await RunPlanningTests.PicksAsync(kit, balance, days: 365, perDay: 12);
        return kit;
    }
}
