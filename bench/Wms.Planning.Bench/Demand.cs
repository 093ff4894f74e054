namespace Wms.Planning.Bench;

/// <summary>
/// Generated daily demand with a known pattern per SKU, seeded: a third regular (a base of 5-100 a day, a weekly
/// profile, a slow trend, ±20 % noise), two thirds intermittent (a pick on 5-50 % of days, of 1-20 units).
/// </summary>
internal static class Demand
{
    private static readonly double[] Week = [1.3, 1.2, 1.1, 1.0, 0.9, 0.6, 0.4];

    public static double[] Generate(int sku, int days, int seed)
    {
        // Not HashCode.Combine: it is seeded per process, and the same --seed must give the same demand in every run.
        var random = new Random(unchecked((seed * 1_000_003) + sku));
        var demand = new double[days];
        if (random.NextDouble() < 1.0 / 3)
        {
            var level = 5 + 95 * random.NextDouble();
            var trend = (random.NextDouble() - 0.5) * level / 365;
            for (var t = 0; t < days; t++)
            {
                demand[t] = Math.Max(0, Math.Round((level + trend * t) * Week[t % 7] * (0.8 + 0.4 * random.NextDouble())));
            }
        }
        else
        {
            var probability = 0.05 + 0.45 * random.NextDouble();
            var maxSize = random.Next(2, 21);
            for (var t = 0; t < days; t++)
            {
                demand[t] = random.NextDouble() < probability ? random.Next(1, maxSize + 1) : 0;
            }
        }

        return demand;
    }
}
