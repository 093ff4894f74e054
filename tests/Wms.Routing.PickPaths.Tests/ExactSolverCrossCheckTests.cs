using Wms.Routing.PickPaths.Internal;
using Wms.Routing.PickPaths.Tests.Support;

namespace Wms.Routing.PickPaths.Tests;

/// <summary>The exact solvers agree with each other where brute force can no longer follow.</summary>
public sealed class ExactSolverCrossCheckTests
{
    [Theory]
    [InlineData(2, 71)]
    [InlineData(3, 72)]
    public void MultiBlockDp_ThirteenLocations_MatchesHeldKarp(int blocks, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 15; i++)
        {
            var layout = Instances.RandomLayout(random, blocks, maxAisles: 12);
            var instance = new PickInstance(layout, Instances.RandomPicks(random, layout, 13));

            var dp = MultiBlockDp.Solve(instance, DepotCase.For(layout).Single(), () => false)!;
            var heldKarp = HeldKarp.Solve(instance, () => false)!;

            Assert.Equal(instance.TourLength(heldKarp), instance.TourLength(dp), PlanAssert.Tolerance);
        }
    }

    [Fact]
    public void MultiBlockDp_SingleBlockLayouts_MatchesRatliffRosenthal()
    {
        var random = new Random(73);
        for (var i = 0; i < 100; i++)
        {
            var layout = Instances.RandomLayout(random, blocks: 1, maxAisles: 30);
            var instance = new PickInstance(layout, Instances.RandomPicks(random, layout, random.Next(1, 120)));

            var depot = DepotCase.For(layout).Single();
            var general = MultiBlockDp.Solve(instance, depot, () => false)!;
            var specific = RatliffRosenthal.Solve(instance, depot);

            Assert.Equal(instance.TourLength(specific), instance.TourLength(general), PlanAssert.Tolerance);
        }
    }

    [Theory]
    [InlineData(1, 75)]
    [InlineData(2, 76)]
    public void DepotBetweenAisles_EachCaseAgreesAcrossSolversAndBestMatchesHeldKarp(int blocks, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 15; i++)
        {
            var plain = Instances.RandomLayout(random, blocks, maxAisles: 12);
            var layout = plain.WithDepot(random.Next(2) == 0 ? CrossAisleSide.Front : CrossAisleSide.Back,
                Math.Min(plain.AisleCount - 1, random.Next(plain.AisleCount)) * plain.AisleSpacing + (plain.AisleSpacing / 3));
            var instance = new PickInstance(layout, Instances.RandomPicks(random, layout, 11));

            var best = double.PositiveInfinity;
            foreach (var depot in DepotCase.For(layout))
            {
                var dp = MultiBlockDp.Solve(instance, depot, () => false)!;
                if (blocks == 1)
                {
                    Assert.Equal(instance.TourLength(RatliffRosenthal.Solve(instance, depot)), instance.TourLength(dp), PlanAssert.Tolerance);
                }

                best = Math.Min(best, instance.TourLength(dp));
            }

            Assert.Equal(instance.TourLength(HeldKarp.Solve(instance, () => false)!), best, PlanAssert.Tolerance);
        }
    }

    [Fact]
    public void HeldKarp_StopRequested_ReturnsNull()
    {
        var layout = new WarehouseLayout(10, 10, 3, 3, blockCount: 6);
        var instance = new PickInstance(layout, Instances.RandomPicks(new Random(74), layout, 15));

        Assert.Null(HeldKarp.Solve(instance, () => true));
    }
}
