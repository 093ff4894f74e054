namespace Wms.Routing.Vehicles.Tests;

/// <summary>
/// Exact optimum of a tiny problem with identical vehicles by enumerating every order and every way of
/// cutting it into routes; feasibility is judged by <see cref="PlanChecker"/>'s rules, simulated here.
/// </summary>
internal static class BruteForce
{
    public static double Optimum(RoutingProblem problem)
    {
        int n = problem.Stops.Count;
        var vehicle = problem.Vehicles[0];
        Assert.All(problem.Vehicles, v => Assert.Equal(vehicle with { Id = v.Id }, v));
        double best = double.PositiveInfinity;
        foreach (var perm in Permutations([.. Enumerable.Range(0, n)]))
        {
            for (int mask = 0; mask < 1 << (n - 1); mask++)
            {
                int routes = 1 + System.Numerics.BitOperations.PopCount((uint)mask);
                if (routes > problem.Vehicles.Count)
                {
                    continue;
                }

                double cost = 0;
                int start = 0;
                bool ok = true;
                for (int i = 0; i < n && ok; i++)
                {
                    if (i == n - 1 || (mask & (1 << i)) != 0)
                    {
                        double c = RouteCost(problem, vehicle, perm.AsSpan(start, i - start + 1));
                        ok = !double.IsPositiveInfinity(c);
                        cost += c;
                        start = i + 1;
                    }
                }

                if (ok)
                {
                    best = Math.Min(best, cost);
                }
            }
        }

        return best;
    }

    private static double RouteCost(RoutingProblem problem, Vehicle vehicle, ReadOnlySpan<int> stops)
    {
        double time = vehicle.ShiftStart;
        double dist = 0;
        double weight = 0;
        int prev = 0;
        foreach (int s in stops)
        {
            var stop = problem.Stops[s];
            dist += problem.Distance(prev, s + 1);
            time = Math.Max(time + problem.TravelTime(prev, s + 1), stop.ReadyTime);
            if (time > stop.DueTime + 1e-9)
            {
                return double.PositiveInfinity;
            }

            time += stop.ServiceTime;
            weight += stop.Weight;
            prev = s + 1;
        }

        dist += problem.Distance(prev, 0);
        time += problem.TravelTime(prev, 0);
        return weight > vehicle.WeightCapacity || time > vehicle.ShiftEnd + 1e-9
            ? double.PositiveInfinity
            : (dist * vehicle.CostPerDistance) + vehicle.FixedCost;
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        var c = new int[items.Length];
        yield return (int[])items.Clone();
        int i = 0;
        while (i < items.Length)
        {
            if (c[i] < i)
            {
                int j = i % 2 == 0 ? 0 : c[i];
                (items[j], items[i]) = (items[i], items[j]);
                yield return (int[])items.Clone();
                c[i]++;
                i = 0;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }
    }
}
