using Wms.Routing.PickPaths.Tests.Support;

namespace Wms.Routing.PickPaths.Tests;

/// <summary>A depot anywhere on the front or back cross aisle: between aisles, at a corner, behind an aisle.</summary>
public sealed class DepotAnywhereTests
{
    private static readonly PickPathOptions Options = new(seed: 1, timeBudget: TimeSpan.FromSeconds(5));

    [Theory]
    [InlineData(1, 101)]
    [InlineData(2, 102)]
    [InlineData(3, 103)]
    public void Optimal_DepotAnywhereOnAnEndCrossAisle_MatchesBruteForce(int blocks, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 150; i++)
        {
            var layout = RandomDepot(random, Instances.RandomLayout(random, blocks));
            var picks = Instances.RandomPicks(random, layout, random.Next(1, 7));
            var graph = new ReferenceGraph(layout, picks);

            var path = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, path, graph);
            Assert.True(path.IsOptimal);
            Assert.Equal(graph.BruteForceOptimum(picks.Length), path.Distance, PlanAssert.Tolerance);
        }
    }

    [Fact]
    public void DistanceFromDepot_BetweenAislesAndAtCorners_MatchesReferenceGraph()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var layout = RandomDepot(random, Instances.RandomLayout(random, random.Next(1, 4)));
            var picks = Instances.RandomPicks(random, layout, 3);
            var graph = new ReferenceGraph(layout, picks);
            for (var p = 0; p < picks.Length; p++)
            {
                Assert.Equal(graph.DepotToPick(p), layout.DistanceFromDepot(picks[p]), PlanAssert.Tolerance);
            }
        }
    }

    [Theory]
    [InlineData(PickPathMethod.LocalSearch)]
    [InlineData(PickPathMethod.SShape)]
    [InlineData(PickPathMethod.LargestGap)]
    public void OtherMethods_DepotBetweenAisles_NoShorterThanOptimal(PickPathMethod method)
    {
        var random = new Random(11);
        for (var i = 0; i < 50; i++)
        {
            var layout = RandomDepot(random, Instances.RandomLayout(random, 2, maxAisles: 10));
            var picks = Instances.RandomPicks(random, layout, 12);
            var planner = new PickPathPlanner(layout);
            var optimal = planner.Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);
            var other = planner.Plan(picks, method, Options, TestContext.Current.CancellationToken);

            PlanAssert.Valid(layout, picks, other, new ReferenceGraph(layout, picks));
            Assert.True(other.Distance >= optimal.Distance - PlanAssert.Tolerance);
        }
    }

    [Fact]
    public void Optimal_BackDepot_SameAsFrontDepotInTheMirroredWarehouse()
    {
        var random = new Random(13);
        for (var i = 0; i < 100; i++)
        {
            var front = RandomDepot(random, Instances.RandomLayout(random, random.Next(1, 4)));
            front = front.WithDepot(CrossAisleSide.Front, front.DepotOffset);
            var picks = Instances.RandomPicks(random, front, 8);
            var mirrored = new WarehouseLayout(front.AisleCount, [.. front.BlockLengths.Reverse()], front.AisleSpacing, front.CrossAisleWidth)
                .WithDepot(CrossAisleSide.Back, front.DepotOffset);
            var mirroredPicks = picks.Select(p => new PickLocation(p.Aisle, front.AisleLength - p.Position)).ToArray();

            var a = new PickPathPlanner(front).Plan(picks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);
            var b = new PickPathPlanner(mirrored).Plan(mirroredPicks, PickPathMethod.Optimal, Options, TestContext.Current.CancellationToken);

            Assert.Equal(a.Distance, b.Distance, PlanAssert.Tolerance);
        }
    }

    [Fact]
    public void WithDepot_OffTheCrossAisle_ThrowsNamingOffset()
    {
        var layout = new WarehouseLayout(5, 10, 3, 2);
        Assert.Equal("offset", Assert.Throws<ArgumentException>(() => layout.WithDepot(CrossAisleSide.Back, 15.5)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentException>(() => layout.WithDepot(CrossAisleSide.Front, -3.5)).ParamName);
        Assert.Equal("offset", Assert.Throws<ArgumentException>(() => layout.WithDepot(CrossAisleSide.Front, double.NaN)).ParamName);
        Assert.Equal(2, layout.WithDepot(CrossAisleSide.Front, 7).DepotAisle);
        Assert.NotEqual(layout, layout.WithDepot(CrossAisleSide.Back, 0));
    }

    /// <summary>Front or back; in half-metres anywhere from one spacing left of aisle 0 to one right of the last.</summary>
    private static WarehouseLayout RandomDepot(Random random, WarehouseLayout layout)
    {
        var side = random.Next(2) == 0 ? CrossAisleSide.Front : CrossAisleSide.Back;
        var halfMetres = (int)(2 * layout.AisleSpacing * (layout.AisleCount + 1));
        var offset = (random.Next(halfMetres + 1) / 2.0) - layout.AisleSpacing;
        return layout.WithDepot(side, Math.Clamp(offset, -layout.AisleSpacing, layout.AisleCount * layout.AisleSpacing));
    }
}
