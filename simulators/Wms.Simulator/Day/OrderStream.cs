namespace Wms.Simulator.Day;

/// <summary>One order the day will bring: when, what, and what becomes of it (rush, cancelled after a while).</summary>
public sealed record PlannedOrder(string Reference, DateTimeOffset Arrives, IReadOnlyList<(string Sku, long Quantity)> Lines, bool Rush, TimeSpan? CancelAfter)
{
    /// <summary>Where it is delivered: around the warehouse, within about 20 km.</summary>
    public (double Latitude, double Longitude) Place { get; init; }

    /// <summary>The customer's delivery window, HH:MM, or empty for any time of the day.</summary>
    public (string Start, string End) Window { get; init; } = ("", "");
}

/// <summary>
/// The day's orders, decided up front from the seed: arrival times follow an hourly profile (a quiet night
/// whose orders wait for the shift as a backlog, a morning peak, a calmer afternoon), lines per order are
/// 1 plus a geometric tail, SKUs are drawn by Zipf popularity over a seeded ranking, quantities are mostly 1.
/// </summary>
public static class OrderStream
{
    /// <summary>Relative order intake per local hour 0-23 (e-commerce: evenings and mornings, peak 8-11 h).</summary>
    private static readonly double[] HourlyProfile =
        [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.2, 3.4, 3.8, 3.6, 3.0, 2.6, 2.4, 2.2, 2.0, 1.9, 1.8, 1.7, 1.8, 2.0, 2.0, 1.7, 1.3];

    /// <summary>Frankfurt, around the demo warehouse FRA.</summary>
    private const double Latitude = 50.11, Longitude = 8.68;

    public static IReadOnlyList<PlannedOrder> Plan(SimOptions o, IReadOnlyList<string> skus, DateTimeOffset midnight, DateTimeOffset dayEnd, Random random)
    {
        if (skus.Count == 0 || o.Orders == 0)
        {
            return [];
        }

        // A seeded popularity ranking: which SKUs are the best sellers is part of the day, not of the catalogue order.
        var ranked = skus.Order(StringComparer.Ordinal).ToArray();
        random.Shuffle(ranked);
        var zipf = Cumulative(ranked.Length, k => 1.0 / Math.Pow(k + 1, o.SkuSkew));

        var hours = Math.Max(1, (int)Math.Ceiling((dayEnd - midnight).TotalHours));
        var hourCdf = Cumulative(hours, h => HourlyProfile[h % 24]);
        var orders = new List<PlannedOrder>(o.Orders);
        var arrivals = Enumerable.Range(0, o.Orders).Select(_ => Arrival(random, hourCdf, midnight, dayEnd)).Order().ToList();
        var tail = Math.Clamp(1 - 1 / Math.Max(1.0, o.LinesPerOrder), 0, 0.95);
        for (var i = 0; i < arrivals.Count; i++)
        {
            var lineCount = 1;
            while (lineCount < 8 && random.NextDouble() < tail)
            {
                lineCount++;
            }

            var lines = new List<(string, long)>();
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (var l = 0; l < lineCount; l++)
            {
                var sku = ranked[Draw(random, zipf)];
                if (used.Add(sku))
                {
                    var roll = random.NextDouble();
                    lines.Add((sku, roll < 0.7 ? 1 : roll < 0.9 ? 2 : random.Next(3, 6)));
                }
            }

            var rush = random.NextDouble() < o.RushRate;
            TimeSpan? cancel = random.NextDouble() < o.CancelRate ? TimeSpan.FromMinutes(random.Next(1, 40)) : null;
            // A third of the customers name an afternoon or evening window; the rest take the van when it comes.
            var place = (Latitude + ((random.NextDouble() - 0.5) * 0.36), Longitude + ((random.NextDouble() - 0.5) * 0.56));
            var slot = random.NextDouble();
            (string, string) window = slot < 0.15 ? ("13:00", "17:00") : slot < 0.3 ? ("16:00", "21:00") : ("", "");
            orders.Add(new PlannedOrder($"SIM-{o.Date:yyMMdd}-{i + 1:D5}", arrivals[i], lines, rush, cancel) { Place = place, Window = window });
        }

        return orders;
    }

    private static DateTimeOffset Arrival(Random random, double[] hourCdf, DateTimeOffset midnight, DateTimeOffset dayEnd)
    {
        var hour = Draw(random, hourCdf);
        var at = midnight + TimeSpan.FromHours(hour + random.NextDouble());
        return at < dayEnd ? at : dayEnd - TimeSpan.FromSeconds(1);
    }

    private static double[] Cumulative(int n, Func<int, double> weight)
    {
        var cdf = new double[n];
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += weight(i);
            cdf[i] = sum;
        }

        for (var i = 0; i < n; i++)
        {
            cdf[i] /= sum;
        }

        return cdf;
    }

    private static int Draw(Random random, double[] cdf)
    {
        var index = Array.BinarySearch(cdf, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cdf.Length - 1);
    }
}
