using Wms.Routing.Vehicles.Bench;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>Issue 13, defect 1: a stop that cannot be served must not keep the search on its first rough plan.</summary>
public sealed class UnreachableStopTests
{
    // Iteration caps keep the runs reproducible (with a budget no loaded machine reaches: 5 minutes ran out on the
    // shared test machine); the unreachable stop leaves the problem before the search, so few suffice there: the day
    // with it is solved as the day without it, and before that repair its plan was 40-80 % dearer at any budget.
    private static readonly SolverOptions Short = TestProblems.Iterations(3, 100);

    // Enough for the penalties to climb to where leaving one of the pair out pays (about 1,000 iterations at the
    // starved rise, thousands at 1.2× per period), and for the rest of the plan to be searched after that.
    private static readonly SolverOptions PairSettles = TestProblems.Iterations(3, 2000);

    [Fact]
    public void Solve_DayPlusStopNoShiftReaches_PlansWithinHalfPercentOfTheDayAlone()
    {
        var day = RealisticDay.Create(60, 4, seed: 60);
        var late = RealisticDay.Create(60, 4, seed: 60, unreachable: true);

        var alone = RouteSolver.Solve(day, Short, TestContext.Current.CancellationToken);
        var plan = RouteSolver.Solve(late, Short, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(late, plan);
        var left = Assert.Single(plan.Unserved, u => u.StopId == "LATE");
        Assert.Equal(UnservedReason.NoVehicleCanServe, left.Reason);
        Assert.InRange(plan.TotalDistance, alone.TotalDistance * 0.995, alone.TotalDistance * 1.005);
    }

    [Fact]
    public void Solve_DayPlusStopTooHeavyForEveryVehicle_PlansWithinHalfPercentOfTheDayAlone()
    {
        var stops = RealisticDay.Stops(60, seed: 61, unreachable: false);
        var fleet = RealisticDay.Fleet(4);
        var day = new RoutingProblem(RealisticDay.Depot, stops, fleet, TravelModel.Haversine(RealisticDay.SpeedKmh));
        var heavy = new RoutingProblem(RealisticDay.Depot, [.. stops, stops[7] with { Id = "PALLETS", Weight = 4000 }], fleet, TravelModel.Haversine(RealisticDay.SpeedKmh));

        var alone = RouteSolver.Solve(day, Short, TestContext.Current.CancellationToken);
        var plan = RouteSolver.Solve(heavy, Short, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(heavy, plan);
        Assert.Equal(UnservedReason.NoVehicleCanServe, Assert.Single(plan.Unserved, u => u.StopId == "PALLETS").Reason);
        Assert.InRange(plan.TotalDistance, alone.TotalDistance * 0.995, alone.TotalDistance * 1.005);
    }

    [Fact]
    public async Task Solve_StopServableAloneButNotBesideAnother_DoesNotPoisonTheSearch()
    {
        // Two late deliveries pinned to VAN-1 at opposite ends of the area: each alone fits the shift, both
        // together do not. The up-front check cannot see that; the search must still leave only one of them out
        // (before the starvation repair both were left out) and plan the rest. Every offspring that keeps both is
        // infeasible, so the time penalty must climb about 500-fold before leaving one out pays. At 1.2× per period
        // the rest came out 3.5-6.5 % longer than the day without WEST after 2,000 iterations (seeds 1-5); with the
        // starved rise (2× per period) 0.1-3.2 % (docs/benchmarks.md).
        var withEast = RealisticDay.PinnedPair(withWest: false);
        var withBoth = RealisticDay.PinnedPair(withWest: true);

        // The two solves are independent and each single-threaded: side by side they take half the wall time
        // (this test was the suite's longest after the trip tests).
        var plans = await Task.WhenAll(new[] { withEast, withBoth }.Select(p => Task.Run(() => RouteSolver.Solve(p, PairSettles, TestContext.Current.CancellationToken))));
        var (reference, plan) = (plans[0], plans[1]);

        TestProblems.AssertFeasible(withBoth, plan);
        Assert.Empty(reference.Unserved);
        var left = Assert.Single(plan.Unserved);
        Assert.Contains(left.StopId, new[] { "EAST", "WEST" });
        Assert.Equal(UnservedReason.FleetExhausted, left.Reason);
        Assert.InRange(plan.TotalDistance, reference.TotalDistance * 0.95, reference.TotalDistance * 1.04);
    }
}
