namespace Wms.Server.Planning;

/// <summary>
/// The planning arithmetic for a whole warehouse, free of I/O so the nightly job and the backtest bench run
/// the same code: forecast per SKU, ABC over the warehouse, XYZ, safety stock, reorder point, order-up-to,
/// and the pick-face min/max derived from the same figures.
/// </summary>
public static class Planner
{
    public sealed record Plan(long SkuId, Forecast Forecast, char Abc, char Xyz, SafetyStock.Levels Levels, long FaceMin, long FaceMax, SupplyOption Supply);

    /// <summary>Every SKU on one lead time (the backtest, and a warehouse none of whose SKUs has supplier terms).</summary>
    public static List<Plan> PlanAll(IReadOnlyDictionary<long, double[]> demandBySku, PlanningOptions options, double leadTimeDays, double leadTimeSigmaDays) =>
        PlanAll(demandBySku, options, SupplyOption.Default(leadTimeDays, leadTimeSigmaDays), new Dictionary<long, IReadOnlyList<SupplyOption>>());

    /// <summary>
    /// Each SKU planned on the best of its supply options (<see cref="Choose"/>): its suppliers' terms in a central
    /// warehouse, the central warehouses it can come from in a regional one, or <paramref name="fallback"/> when it has
    /// none. ABC ranks by picked units, or with <see cref="AbcBasis.Value"/> by units × <paramref name="unitValues"/>.
    /// </summary>
    public static List<Plan> PlanAll(
        IReadOnlyDictionary<long, double[]> demandBySku, PlanningOptions options, SupplyOption fallback, IReadOnlyDictionary<long, IReadOnlyList<SupplyOption>> supply,
        IReadOnlyDictionary<long, double>? unitValues = null)
    {
        var byValue = options.AbcBasis == AbcBasis.Value;
        var volume = demandBySku.ToDictionary(kv => kv.Key, kv => kv.Value.Sum() * (byValue ? unitValues?.GetValueOrDefault(kv.Key) ?? 0 : 1));
        var abc = Classification.Abc(volume, options.AShare, options.BShare);
        var plans = new Plan[demandBySku.Count];
        var items = demandBySku.ToArray();
        Parallel.For(0, items.Length, i =>
        {
            var (sku, demand) = items[i];
            var forecast = Forecasting.Best(demand, options.HorizonDays);
            var xyz = Classification.Xyz(demand.Length == 0 ? 0 : demand.Average(), Forecasting.StdDev(demand), options.XMaxCv, options.YMaxCv);
            var candidates = supply.TryGetValue(sku, out var offered) && offered.Count > 0 ? offered : [fallback];
            var (chosen, levels) = Choose(forecast.DailyMean, forecast.DailySigma, candidates, options, SafetyStock.Undershoot(demand));
            var (faceMin, faceMax) = FaceLevels(forecast.DailyMean, forecast.DailySigma, levels.Z, options);
            plans[i] = new Plan(sku, forecast, abc[sku], xyz, levels, faceMin, faceMax, chosen);
        });
        return [.. plans];
    }

    /// <summary>
    /// The option to plan on, with its levels. When every option has a price, the one with the lowest
    /// <see cref="YearlyCost"/>; otherwise (or on equal cost) the one needing the lowest reorder point: the least stock
    /// held for the service level, so a longer but steady lead time can beat a shorter, erratic one. Then the supplier
    /// code, then the order given (the caller lists sources by free stock, most first).
    /// </summary>
    public static (SupplyOption Supply, SafetyStock.Levels Levels) Choose(
        double dailyMean, double dailySigma, IReadOnlyList<SupplyOption> candidates, PlanningOptions options, SafetyStock.UndershootMoments undershoot = default)
    {
        var scored = candidates
            .Select(o => (Option: o, Levels: SafetyStock.Compute(dailyMean, dailySigma, o.LeadTimeDays, o.LeadTimeSigmaDays, options.ServiceLevel, options.ReviewDays, undershoot)))
            .ToList();
        var byCost = scored.All(x => x.Option.UnitPrice > 0);
        return scored
            .OrderBy(x => byCost ? YearlyCost(x.Option, x.Levels, dailyMean, options) : 0)
            .ThenBy(x => x.Levels.ReorderPoint)
            .ThenBy(x => x.Option.SupplierCode, StringComparer.Ordinal)
            .First();
    }

    /// <summary>
    /// What supplying a SKU on these terms costs a year: the purchases (365·d units at the price) plus holding the
    /// average stock, safety stock and half an order, at <see cref="PlanningOptions.HoldingCostRatePerYear"/> of its
    /// value. An order covers the review period (d·R), at least the minimum order, in whole packs, so a cheap supplier
    /// with a large minimum pays for it in stock held.
    /// </summary>
    public static double YearlyCost(SupplyOption option, SafetyStock.Levels levels, double dailyMean, PlanningOptions options)
    {
        var order = option.OrderQuantity(dailyMean * options.ReviewDays);
        return option.UnitPrice * (365 * dailyMean + options.HoldingCostRatePerYear * (levels.SafetyStock + order / 2.0));
    }

    /// <summary>
    /// A face's min covers its own replenishment lead time with the same service level (d·Lf + z·σ_d·√Lf);
    /// its max adds the days of demand one top-off should bring. Never below 1 so a face with any demand is kept.
    /// </summary>
    public static (long Min, long Max) FaceLevels(double dailyMean, double dailySigma, double z, PlanningOptions options)
    {
        var lead = options.FaceLeadTimeDays;
        var min = (long)Math.Ceiling(dailyMean * lead + z * dailySigma * Math.Sqrt(lead) - 1e-9);
        var max = (long)Math.Ceiling(min + dailyMean * options.FaceCoverDays - 1e-9);
        return (Math.Max(0, min), Math.Max(Math.Max(1, min), max));
    }
}

/// <summary>
/// One way a SKU is supplied: a supplier's terms (lead time mean and σ in days, minimum order, pack multiple, price per
/// unit, 0 for none), a transfer from a central warehouse (its lead time into this one), or the settings' lead time with
/// neither (a SKU without terms, or a warehouse without a central one).
/// </summary>
public sealed record SupplyOption(
    long? SupplierId, string SupplierCode, double LeadTimeDays, double LeadTimeSigmaDays, long MinOrderQuantity, long PackMultiple,
    double UnitPrice = 0, long? SourceWarehouseId = null, string SourceWarehouseCode = "")
{
    public static SupplyOption Default(double leadTimeDays, double leadTimeSigmaDays) => new(null, "", leadTimeDays, leadTimeSigmaDays, 1, 1);

    public static SupplyOption Transfer(long sourceWarehouseId, string sourceWarehouseCode, double leadTimeDays, double leadTimeSigmaDays) =>
        new(null, "", leadTimeDays, leadTimeSigmaDays, 1, 1, SourceWarehouseId: sourceWarehouseId, SourceWarehouseCode: sourceWarehouseCode);

    /// <summary>
    /// What to order for a need of <paramref name="units"/>: at least the minimum order, rounded up to whole packs
    /// (so a minimum that is not a whole number of packs is rounded up too). 0 when nothing is needed.
    /// </summary>
    public long OrderQuantity(double units)
    {
        var needed = (long)Math.Ceiling(units - 1e-9);
        if (needed <= 0)
        {
            return 0;
        }

        var atLeast = Math.Max(needed, MinOrderQuantity);
        return (atLeast + PackMultiple - 1) / PackMultiple * PackMultiple;
    }
}
