using System.Collections.Immutable;

namespace Wms.Routing.PickPaths.Internal;

/// <summary>The orders of a wave and the distance oracle: the exact pick path of a set of orders, memoised.</summary>
internal sealed class Wave(PickPathPlanner planner, ImmutableArray<BatchOrder> orders, CartCapacity cart)
{
    private static readonly PickPathOptions OracleOptions = new(seed: 0, timeBudget: TimeSpan.FromSeconds(1));
    private readonly Dictionary<string, double> _memo = new(StringComparer.Ordinal);

    public ImmutableArray<BatchOrder> Orders { get; } = orders;

    public WarehouseLayout Layout => planner.Layout;

    public int OracleCalls { get; private set; }

    /// <summary>Length of the shortest pick path through every pick of the orders.</summary>
    public double Distance(IReadOnlyCollection<int> batch)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        int[] sorted = [.. batch.Order()];
        string key = string.Join(',', sorted);
        if (_memo.TryGetValue(key, out double known))
        {
            return known;
        }

        OracleCalls++;
        var picks = sorted.SelectMany(i => Orders[i].Picks).ToList();
        double d = planner.Plan(picks, PickPathMethod.Optimal, OracleOptions).Distance;
        _memo[key] = d;
        return d;
    }

    public bool Fits(IEnumerable<int> batch, int extra = -1, int without = -1)
    {
        int totes = 0;
        long units = 0;
        double weight = 0;
        foreach (int i in batch.Append(extra))
        {
            if (i < 0 || i == without)
            {
                continue;
            }

            totes += Orders[i].Totes;
            units += Orders[i].Units;
            weight += Orders[i].WeightKg;
        }

        return cart.Holds(totes, units, weight);
    }

    public BatchingPlan Plan(IEnumerable<List<int>> trips)
    {
        var batches = trips.Where(t => t.Count > 0).Select(t => new OrderBatch([.. t.Order()], Distance(t),
            t.Sum(i => Orders[i].Totes), t.Sum(i => (long)Orders[i].Units), t.Sum(i => Orders[i].WeightKg))).ToImmutableArray();
        return new BatchingPlan(batches, batches.Sum(b => b.Distance));
    }
}
