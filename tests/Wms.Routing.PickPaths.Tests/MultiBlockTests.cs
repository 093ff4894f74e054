using Wms.Routing.PickPaths.Tests.Support;

namespace Wms.Routing.PickPaths.Tests;

public sealed class MultiBlockTests
{
    private static PickPathOptions Options => new(11, TimeSpan.FromSeconds(30), 300);

    [Theory]
    [InlineData(2, 21, 500)]
    [InlineData(3, 22, 300)]
    [InlineData(4, 23, 60)]
    [InlineData(5, 24, 100)]
    public void Optimal_RandomMultiBlockInstances_MatchesBruteForce(int blocks, int seed, int instances)
    {
        var random = new Random(seed);
        for (var i = 0; i < instances; i++)
        {
            var layout = Instances.RandomLayout(random, blocks, maxAisles: 6);
            var picks = Instances.RandomPicks(random, layout, random.Next(1, 8));
            var graph = new ReferenceGraph(layout, picks);

            var path = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, path, graph);
            Assert.True(path.IsOptimal);
            Assert.Equal(graph.BruteForceOptimum(picks.Length), path.Distance, PlanAssert.Tolerance);
        }
    }

    [Theory]
    [InlineData(2, 31)]
    [InlineData(3, 32)]
    public void Heuristics_RandomMultiBlockInstances_ValidAndNeverBelowOptimum(int blocks, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 150; i++)
        {
            var layout = Instances.RandomLayout(random, blocks, maxAisles: 10);
            var picks = Instances.RandomPicks(random, layout, random.Next(1, 13));
            var graph = new ReferenceGraph(layout, picks);
            var planner = new PickPathPlanner(layout);
            var optimum = planner.Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);
            PlanAssert.Valid(layout, picks, optimum, graph);

            foreach (var method in new[] { PickPathMethod.SShape, PickPathMethod.LargestGap, PickPathMethod.Midpoint, PickPathMethod.LocalSearch })
            {
                var path = planner.Plan(picks, method, Options, TestContext.Current.CancellationToken);

                PlanAssert.Valid(layout, picks, path, graph);
                Assert.True(path.Distance >= optimum.Distance - PlanAssert.Tolerance, $"{method} beat the optimum");
            }
        }
    }

    [Theory]
    [InlineData(2, 41)]
    [InlineData(3, 42)]
    public void LocalSearch_MultiBlockOrders_WithinOnePercentOfExact(int blocks, int seed)
    {
        var random = new Random(seed);
        var layout = new WarehouseLayout(10, 15, 3, 3, blocks);
        var planner = new PickPathPlanner(layout);
        for (var i = 0; i < 40; i++)
        {
            var picks = Instances.RandomPicks(random, layout, 12);
            var exact = planner.Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);
            var search = planner.Plan(picks, PickPathMethod.LocalSearch, new PickPathOptions(i, TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, search);
            Assert.True(exact.IsOptimal);
            Assert.True(search.Distance <= exact.Distance * 1.01, $"instance {i}: {search.Distance} vs {exact.Distance}");
        }
    }

    [Theory]
    [InlineData(2, 43)]
    [InlineData(3, 44)]
    public void LocalSearch_LargeMultiBlockOrders_WithinOnePercentOfOptimalOnAverage(int blocks, int seed)
    {
        var random = new Random(seed);
        var layout = new WarehouseLayout(20, 12, 3, 3, blocks);
        var planner = new PickPathPlanner(layout);
        double optimal = 0, search = 0;
        for (var i = 0; i < 10; i++)
        {
            var picks = Instances.RandomPicks(random, layout, 60);
            var exact = planner.Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);
            var path = planner.Plan(picks, PickPathMethod.LocalSearch, new PickPathOptions(i, TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, exact);
            PlanAssert.Valid(layout, picks, path);
            Assert.True(exact.IsOptimal);
            Assert.True(path.Distance >= exact.Distance - PlanAssert.Tolerance);
            optimal += exact.Distance;
            search += path.Distance;
        }

        Assert.True(search <= optimal * 1.01, $"local search {search:F1} vs optimal {optimal:F1}");
    }

    [Fact]
    public void Return_MultiBlockLayout_ThrowsNamingMethod()
    {
        var planner = new PickPathPlanner(new WarehouseLayout(4, 10, 3, 3, blockCount: 2));

        var error = Assert.Throws<ArgumentException>(() =>
            planner.Plan([new PickLocation(1, 2)], PickPathMethod.Return, PickPathOptions.Default, TestContext.Current.CancellationToken));

        Assert.Equal("method", error.ParamName);
    }

    [Fact]
    public void Distance_RandomPointsInMultiBlockLayouts_MatchesReferenceGraph()
    {
        var random = new Random(51);
        for (var i = 0; i < 300; i++)
        {
            var layout = Instances.RandomLayout(random, random.Next(1, 5), maxAisles: 8);
            var picks = Instances.RandomPicks(random, layout, 6);
            var graph = new ReferenceGraph(layout, picks);
            for (var a = 0; a < picks.Length; a++)
            {
                Assert.Equal(graph.DepotToPick(a), layout.DistanceFromDepot(picks[a]), PlanAssert.Tolerance);
                for (var b = 0; b < picks.Length; b++)
                {
                    Assert.Equal(graph.PickToPick(a, b), layout.Distance(picks[a], picks[b]), PlanAssert.Tolerance);
                }
            }
        }
    }
}
