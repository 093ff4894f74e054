using Wms.Routing.Vehicles.Internal;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>The split of a giant tour into routes, against every split of it tried by a plain dynamic programme.</summary>
public sealed class SplitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Run_CheapOverload_FindsTheCheapestSplitEvenWithRoutesOverHalfAgainTheCapacity(int seed)
    {
        var instance = new Instance(TestProblems.RandomCvrp(stops: 14, vehicles: 14, capacity: 12, seed));
        var penalties = new Penalties(0.3, 1, 1);
        int[] tour = Shuffled(instance.N, seed);

        var routes = new Split(instance).Run(tour, penalties, active: instance.K);

        AssertSplitsTheTour(tour, routes);
        Assert.Equal(Cheapest(instance, tour, penalties, maxRoutes: instance.K), Priced(instance, routes, penalties), 6);
        // HGS-CVRP's split has no load cap for CVRP: at this price the cheapest split carries more than 1.5× a vehicle's load.
        Assert.Contains(routes, r => r.Sum(u => instance.Weight[u]) > 1.5 * instance.CapW[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    public void Run_FewerRoutesThanTheCheapestSplitNeeds_FindsTheCheapestWithinTheLimit(int seed)
    {
        var instance = new Instance(TestProblems.RandomCvrp(stops: 14, vehicles: 14, capacity: 12, seed));
        // Seed 4's tour splits into as few routes as the load needs, so it cannot test the limit.
        var penalties = new Penalties(1000, 1, 1);
        int[] tour = Shuffled(instance.N, seed);
        int load = (int)Math.Ceiling(Enumerable.Range(1, instance.N).Sum(u => instance.Weight[u]) / instance.CapW[0]);
        var unlimited = new Split(instance).Run(tour, penalties, active: instance.K);
        Assert.True(unlimited.Count(r => r.Length > 0) > load, $"the unlimited split must need more routes than the limit, or the limit proves nothing ({unlimited.Count(r => r.Length > 0)} against {load})");

        var routes = new Split(instance).Run(tour, penalties, active: instance.K, maxRoutes: load);

        AssertSplitsTheTour(tour, routes);
        Assert.True(routes.Count(r => r.Length > 0) <= load);
        Assert.Equal(Cheapest(instance, tour, penalties, maxRoutes: load), Priced(instance, routes, penalties), 6);
    }

    private static int[] Shuffled(int n, int seed)
    {
        int[] tour = [.. Enumerable.Range(1, n)];
        new Random(seed).Shuffle(tour);
        return tour;
    }

    private static void AssertSplitsTheTour(int[] tour, int[][] routes) =>
        Assert.Equal(tour, routes.SelectMany(r => r));

    private static double Priced(Instance instance, int[][] routes, Penalties penalties)
    {
        var plan = new Individual(instance, routes);
        plan.Reprice(penalties);
        return plan.PenalizedCost;
    }

    /// <summary>Every route tour[i..j) after every split into at most <paramref name="maxRoutes"/> routes, no cap on the load.</summary>
    private static double Cheapest(Instance instance, int[] tour, Penalties penalties, int maxRoutes)
    {
        int n = tour.Length;
        var best = new double[maxRoutes + 1, n + 1];
        for (int r = 0; r <= maxRoutes; r++)
        {
            for (int j = 0; j <= n; j++)
            {
                best[r, j] = j == 0 ? 0 : double.PositiveInfinity;
            }
        }

        for (int r = 1; r <= maxRoutes; r++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j <= n; j++)
                {
                    double distance = instance.D(0, tour[i]) + instance.D(tour[j - 1], 0);
                    double load = 0;
                    for (int p = i; p < j; p++)
                    {
                        distance += p > i ? instance.D(tour[p - 1], tour[p]) : 0;
                        load += instance.Weight[tour[p]];
                    }

                    double cost = distance + (penalties.Weight * Math.Max(0, load - instance.CapW[0]));
                    best[r, j] = Math.Min(best[r, j], best[r - 1, i] + cost);
                }
            }
        }

        return best[maxRoutes, n];
    }
}
