namespace Wms.Server.Planning;

/// <summary>
/// The planning arithmetic for a whole warehouse, free of I/O so the nightly job and the backtest bench run
/// the same code: forecast per SKU, ABC over the warehouse, XYZ, safety stock, reorder point, order-up-to,
/// and the pick-face min/max derived from the same figures.
/// </summary>
public static class Planner
{
    public sealed record Plan(long SkuId, Forecast Forecast, char Abc, char Xyz, SafetyStock.Levels Levels, long FaceMin, long FaceMax);

    public static List<Plan> PlanAll(IReadOnlyDictionary<long, double[]> demandBySku, PlanningOptions options, double leadTimeDays, double leadTimeSigmaDays)
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
            var levels = SafetyStock.Compute(forecast.DailyMean, forecast.DailySigma, leadTimeDays, leadTimeSigmaDays, options.ServiceLevel, options.ReviewDays);
            var (faceMin, faceMax) = FaceLevels(forecast.DailyMean, forecast.DailySigma, levels.Z, options);
            plans[i] = new Plan(sku, forecast, abc[sku], xyz, levels, faceMin, faceMax);
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
