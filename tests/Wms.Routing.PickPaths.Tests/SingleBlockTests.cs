using Wms.Routing.PickPaths.Tests.Support;

namespace Wms.Routing.PickPaths.Tests;

public sealed class SingleBlockTests
{
    private static readonly PickPathMethod[] Heuristics =
    [
        PickPathMethod.SShape, PickPathMethod.Return, PickPathMethod.Midpoint,
        PickPathMethod.LargestGap, PickPathMethod.Combined, PickPathMethod.LocalSearch,
    ];

    private static PickPathOptions Options => new(7, TimeSpan.FromSeconds(30), 200);

    [Theory]
    [InlineData(1, 2500, 7)]
    [InlineData(2, 200, 8)]
    public void Optimal_RandomSingleBlockInstances_MatchesBruteForce(int seed, int instances, int maxPicks)
    {
        var random = new Random(seed);
        for (var i = 0; i < instances; i++)
        {
            var layout = Instances.RandomLayout(random, blocks: 1);
            var picks = Instances.RandomPicks(random, layout, random.Next(1, maxPicks + 1));
            var graph = new ReferenceGraph(layout, picks);

            var path = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, path, graph);
            Assert.True(path.IsOptimal);
            Assert.Equal(graph.BruteForceOptimum(picks.Length), path.Distance, PlanAssert.Tolerance);
        }
    }

    [Fact]
    public void Heuristics_RandomSingleBlockInstances_ValidAndNeverBelowOptimum()
    {
        var random = new Random(3);
        for (var i = 0; i < 400; i++)
        {
            var layout = Instances.RandomLayout(random, blocks: 1, maxAisles: 12);
            var picks = Instances.RandomPicks(random, layout, random.Next(1, 25));
            var graph = new ReferenceGraph(layout, picks);
            var planner = new PickPathPlanner(layout);
            var optimum = planner.Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);
            PlanAssert.Valid(layout, picks, optimum, graph);

            foreach (var method in Heuristics)
            {
                var path = planner.Plan(picks, method, Options, TestContext.Current.CancellationToken);

                PlanAssert.Valid(layout, picks, path, graph);
                Assert.Equal(method, path.Method);
                Assert.True(path.Distance >= optimum.Distance - PlanAssert.Tolerance, $"{method} beat the optimum");
            }
        }
    }

    [Fact]
    public void LocalSearch_LargeSingleBlockOrders_WithinOnePercentOfOptimal()
    {
        var random = new Random(4);
        var layout = new WarehouseLayout(20, 30, 3, 3);
        var planner = new PickPathPlanner(layout);
        double optimal = 0, search = 0;
        for (var i = 0; i < 30; i++)
        {
            var picks = Instances.RandomPicks(random, layout, 60);
            optimal += planner.Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken).Distance;
            var path = planner.Plan(picks, PickPathMethod.LocalSearch, new PickPathOptions(i, TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);
            PlanAssert.Valid(layout, picks, path);
            search += path.Distance;
        }

        Assert.True(search <= optimal * 1.01, $"local search {search:F1} vs optimal {optimal:F1}");
    }

    [Fact]
    public void Optimal_SinglePickInThirdAisle_GoesThereAndBack()
    {
        var layout = new WarehouseLayout(5, aisleLength: 20, aisleSpacing: 3, crossAisleWidth: 2);
        var picks = new[] { new PickLocation(2, 5) };

        var path = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);

        // 6 m along the front cross aisle, 1 m out of it and 5 m up the aisle, and the same back.
        Assert.Equal(24, path.Distance, PlanAssert.Tolerance);
        Assert.Equal([0], path.Sequence);
    }

    [Fact]
    public void Optimal_DepotInMiddleAisle_MatchesBruteForce()
    {
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            var layout = new WarehouseLayout(9, 15, 2, 2, depotAisle: 4);
            var picks = Instances.RandomPicks(random, layout, 6);
            var graph = new ReferenceGraph(layout, picks);

            var path = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, path, graph);
            Assert.Equal(graph.BruteForceOptimum(picks.Length), path.Distance, PlanAssert.Tolerance);
        }
    }
}
