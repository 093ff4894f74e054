namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// Seed batching and local search (relocate one order, swap two) over trips, priced by the exact
/// pick-path oracle. Which trips an order is tried against is narrowed by a cheap footprint test (how
/// much aisle it would add to the trip), so that the oracle is called only on promising moves.
/// </summary>
internal sealed class BatchSearch(Wave wave, int seed, Func<bool> stop)
{
    /// <summary>Candidates priced with the oracle per step of seed batching.</summary>
    private const int SeedCandidates = 6;

    /// <summary>Trips an order is tried against in the local search.</summary>
    private const int NeighbourTrips = 4;

    private readonly List<List<int>> _trips = [];
    private readonly List<double> _lengths = [];
    private readonly Random _random = new(seed);

    public void SeedBatches()
    {
        var left = new SortedSet<int>(Enumerable.Range(0, wave.Orders.Length));
        while (left.Count > 0)
        {
            int first = left.MaxBy(i => (Reach(i), -i));
            var trip = new List<int> { first };
            left.Remove(first);
            double length = wave.Distance(trip);
            while (true)
            {
                var candidates = left.Where(i => wave.Fits(trip, i))
                    .OrderBy(i => Footprint(i, trip)).ThenBy(i => i).Take(SeedCandidates).ToList();
                if (candidates.Count == 0)
                {
                    break;
                }

                var (best, bestLength) = candidates.Select(i => (i, wave.Distance([.. trip, i]))).MinBy(c => c.Item2);
                trip.Add(best);
                left.Remove(best);
                length = bestLength;
            }

            _trips.Add(trip);
            _lengths.Add(length);
        }
    }

    public void Improve()
    {
        bool improved = true;
        var order = Enumerable.Range(0, wave.Orders.Length).ToArray();
        while (improved && !stop())
        {
            improved = false;
            _random.Shuffle(order);
            foreach (int o in order)
            {
                if (stop())
                {
                    return;
                }

                improved |= TryMove(o);
            }
        }
    }

    public BatchingPlan ToPlan() => wave.Plan(_trips);

    /// <summary>The best improving relocation or swap of order <paramref name="o"/> into one of its neighbour trips.</summary>
    private bool TryMove(int o)
    {
        int from = _trips.FindIndex(t => t.Contains(o));
        var source = _trips[from];
        var sourceWithout = source.Where(i => i != o).ToList();
        double fromWithout = wave.Distance(sourceWithout);
        double sourceSaving = _lengths[from] - fromWithout;
        var neighbours = Enumerable.Range(0, _trips.Count).Where(t => t != from)
            .OrderBy(t => Footprint(o, _trips[t])).ThenBy(t => t).Take(NeighbourTrips);
        double bestGain = 1e-9;
        (int To, int Swap, double From, double Into) best = (-1, -1, 0, 0);
        foreach (int to in neighbours)
        {
            var target = _trips[to];
            if (wave.Fits(target, o))
            {
                double into = wave.Distance([.. target, o]);
                double gain = sourceSaving - (into - _lengths[to]);
                if (gain > bestGain)
                {
                    (bestGain, best) = (gain, (to, -1, fromWithout, into));
                }
            }

            // Swaps only with the orders of the target nearest to o's picks: the oracle is the cost.
            foreach (int p in target.OrderBy(p => Footprint(p, source)).ThenBy(p => p).Take(2))
            {
                if (!wave.Fits(source, p, without: o) || !wave.Fits(target, o, without: p))
                {
                    continue;
                }

                double newFrom = wave.Distance([.. sourceWithout, p]);
                double newTo = wave.Distance([.. target.Where(i => i != p), o]);
                double gain = _lengths[from] + _lengths[to] - newFrom - newTo;
                if (gain > bestGain)
                {
                    (bestGain, best) = (gain, (to, p, newFrom, newTo));
                }
            }
        }

        if (best.To < 0)
        {
            return false;
        }

        source.Remove(o);
        _trips[best.To].Add(o);
        if (best.Swap >= 0)
        {
            _trips[best.To].Remove(best.Swap);
            source.Add(best.Swap);
        }

        _lengths[from] = best.From;
        _lengths[best.To] = best.Into;
        if (source.Count == 0)
        {
            _trips.RemoveAt(from);
            _lengths.RemoveAt(from);
        }

        return true;
    }

    /// <summary>How far into the warehouse the order reaches from the depot (its farthest pick).</summary>
    private double Reach(int order) => wave.Orders[order].Picks.Max(wave.Layout.DistanceFromDepot);

    /// <summary>
    /// A cheap estimate of the walk an order adds to a trip: for each of its picks, the distance to the
    /// nearest pick of the trip, or from the depot when the trip is empty.
    /// </summary>
    private double Footprint(int order, List<int> trip)
    {
        double sum = 0;
        foreach (var p in wave.Orders[order].Picks)
        {
            double nearest = wave.Layout.DistanceFromDepot(p);
            foreach (int other in trip)
            {
                if (other == order)
                {
                    continue;
                }

                foreach (var q in wave.Orders[other].Picks)
                {
                    nearest = Math.Min(nearest, wave.Layout.Distance(p, q));
                }
            }

            sum += nearest;
        }

        return sum;
    }
}
