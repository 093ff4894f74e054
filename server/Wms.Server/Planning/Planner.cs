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
    /// Each SKU planned on the supplier whose terms need the lowest reorder point for the service level (the least
    /// stock held: shorter and steadier lead times win; ties go to the supplier code), or on <paramref name="fallback"/>
    /// when it has no supplier terms.
    /// </summary>
    public static List<Plan> PlanAll(
        IReadOnlyDictionary<long, double[]> demandBySku, PlanningOptions options, SupplyOption fallback, IReadOnlyDictionary<long, IReadOnlyList<SupplyOption>> suppliers)
    {
        var volume = demandBySku.ToDictionary(kv => kv.Key, kv => kv.Value.Sum());
        var abc = Classification.Abc(volume, options.AShare, options.BShare);
        var plans = new Plan[demandBySku.Count];
        var items = demandBySku.ToArray();
        Parallel.For(0, items.Length, i =>
        {
            var (sku, demand) = items[i];
            var forecast = Forecasting.Best(demand, options.HorizonDays);
            var xyz = Classification.Xyz(demand.Length == 0 ? 0 : demand.Average(), Forecasting.StdDev(demand), options.XMaxCv, options.YMaxCv);
            var candidates = suppliers.TryGetValue(sku, out var terms) && terms.Count > 0 ? terms : [fallback];
            var (supply, levels) = candidates
                .Select(o => (Option: o, Levels: SafetyStock.Compute(forecast.DailyMean, forecast.DailySigma, o.LeadTimeDays, o.LeadTimeSigmaDays, options.ServiceLevel, options.ReviewDays)))
                .OrderBy(x => x.Levels.ReorderPoint).ThenBy(x => x.Option.SupplierCode, StringComparer.Ordinal).First();
            var (faceMin, faceMax) = FaceLevels(forecast.DailyMean, forecast.DailySigma, levels.Z, options);
            plans[i] = new Plan(sku, forecast, abc[sku], xyz, levels, faceMin, faceMax, supply);
        });
        return [.. plans];
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
/// One way a SKU is supplied: a supplier's terms (lead time mean and σ in days, minimum order, pack multiple), or the
/// settings' lead time with no supplier (a SKU without terms, or a transfer into a regional warehouse).
/// </summary>
public sealed record SupplyOption(long? SupplierId, string SupplierCode, double LeadTimeDays, double LeadTimeSigmaDays, long MinOrderQuantity, long PackMultiple)
{
    public static SupplyOption Default(double leadTimeDays, double leadTimeSigmaDays) => new(null, "", leadTimeDays, leadTimeSigmaDays, 1, 1);

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
