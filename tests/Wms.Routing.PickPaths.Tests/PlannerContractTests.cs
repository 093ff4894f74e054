using Wms.Routing.PickPaths.Tests.Support;

namespace Wms.Routing.PickPaths.Tests;

public sealed class PlannerContractTests
{
    private static readonly PickPathMethod[] AllMethods = Enum.GetValues<PickPathMethod>();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Plan_SameSeedTwice_SameSequenceAndDistanceForEveryMethod(int blocks)
    {
        var layout = new WarehouseLayout(12, 20, 3, 3, blocks);
        var picks = Instances.RandomPicks(new Random(61), layout, 80);
        var options = new PickPathOptions(123, TimeSpan.FromMinutes(1), 400);
        var methods = AllMethods.Where(m => blocks == 1 || m is not (PickPathMethod.Return or PickPathMethod.Combined));

        foreach (var method in methods)
        {
            // Separate planners, as two servers would have.
            var first = new PickPathPlanner(layout).Plan(picks, method, options, TestContext.Current.CancellationToken);
            var second = new PickPathPlanner(layout).Plan(picks, method, options, TestContext.Current.CancellationToken);

            Assert.Equal(first.Sequence, second.Sequence);
            Assert.Equal(first.Distance, second.Distance);
            PlanAssert.Valid(layout, picks, first);
        }
    }

    [Fact]
    public void Plan_DifferentSeeds_EachValid()
    {
        var layout = new WarehouseLayout(12, 20, 3, 3, blockCount: 2);
        var picks = Instances.RandomPicks(new Random(62), layout, 40);
        var planner = new PickPathPlanner(layout);

        for (var seed = 0; seed < 5; seed++)
        {
            var path = planner.Plan(picks, PickPathMethod.LocalSearch, new PickPathOptions(seed, TimeSpan.FromMinutes(1), 100), TestContext.Current.CancellationToken);
            PlanAssert.Valid(layout, picks, path);
        }
    }

    [Fact]
    public void Plan_AlreadyCancelled_ReturnsValidPlanWithoutProof()
    {
        var layout = new WarehouseLayout(10, 20, 3, 3, blockCount: 5);
        var picks = Instances.RandomPicks(new Random(63), layout, 14);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var path = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, PickPathOptions.Default, cancelled.Token);

        PlanAssert.Valid(layout, picks, path);
        Assert.False(path.IsOptimal);
    }

    [Fact]
    public void Plan_BudgetAlreadySpentOnFakeClock_ReturnsStartingPlan()
    {
        var layout = new WarehouseLayout(10, 20, 3, 3, blockCount: 2);
        var picks = Instances.RandomPicks(new Random(64), layout, 50);
        var planner = new PickPathPlanner(layout, new JumpingClock(TimeSpan.FromHours(1)));

        var path = planner.Plan(picks, PickPathMethod.LocalSearch, PickPathOptions.Default, TestContext.Current.CancellationToken);

        PlanAssert.Valid(layout, picks, path);
    }

    [Fact]
    public void Plan_BudgetSpentDuringMultiBlockExactSolve_ReturnsValidUnprovenPlan()
    {
        var layout = new WarehouseLayout(10, 20, 3, 3, blockCount: 3);
        var picks = Instances.RandomPicks(new Random(66), layout, 40);
        var planner = new PickPathPlanner(layout, new JumpingClock(TimeSpan.FromHours(1)));

        var path = planner.Plan(picks, PickPathMethod.Optimal, PickPathOptions.Default, TestContext.Current.CancellationToken);

        PlanAssert.Valid(layout, picks, path);
        Assert.False(path.IsOptimal);
    }

    [Fact]
    public void Plan_ConcurrentCallers_SameResultsAsOneByOne()
    {
        var layout = new WarehouseLayout(15, 12, 3, 3, blockCount: 3);
        var random = new Random(67);
        var orders = Enumerable.Range(0, 16).Select(_ => Instances.RandomPicks(random, layout, 30)).ToArray();
        var planner = new PickPathPlanner(layout);
        var options = new PickPathOptions(5, TimeSpan.FromMinutes(1), 100);
        var expected = orders.Select(o => planner.Plan(o, PickPathMethod.Optimal, options, TestContext.Current.CancellationToken).Distance
            + planner.Plan(o, PickPathMethod.LocalSearch, options, TestContext.Current.CancellationToken).Distance).ToArray();

        var actual = new double[orders.Length];
        Parallel.For(0, orders.Length, i => actual[i] =
            planner.Plan(orders[i], PickPathMethod.Optimal, options, TestContext.Current.CancellationToken).Distance
            + planner.Plan(orders[i], PickPathMethod.LocalSearch, options, TestContext.Current.CancellationToken).Distance);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Plan_NoPicks_EmptyPathOfZeroMetres()
    {
        var planner = new PickPathPlanner(new WarehouseLayout(3, 10, 3, 3));

        foreach (var method in AllMethods)
        {
            var path = planner.Plan([], method, PickPathOptions.Default, TestContext.Current.CancellationToken);
            Assert.Empty(path.Sequence);
            Assert.Equal(0, path.Distance);
        }
    }

    [Fact]
    public void Plan_RepeatedLocations_PicksAdjacentInEveryMethod()
    {
        var layout = new WarehouseLayout(6, 12, 3, 2);
        var spots = Instances.RandomPicks(new Random(65), layout, 5);
        var picks = Enumerable.Range(0, 15).Select(i => spots[(i * 7) % 5]).ToArray();
        var planner = new PickPathPlanner(layout);

        foreach (var method in AllMethods)
        {
            PlanAssert.Valid(layout, picks, planner.Plan(picks, method, PickPathOptions.Default, TestContext.Current.CancellationToken));
        }
    }

    /// <summary>A clock on which every reading is an hour after the last, so any budget is spent at once.</summary>
    private sealed class JumpingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks += step.Ticks;
    }
}
