using Wms.Routing.Vehicles.Bench;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>Issue 13, defect 2: a re-plan starts from the current plan and never returns a worse one.</summary>
public sealed class WarmStartTests
{
    private static List<FixedRoute> RoutesOf(RoutePlan plan) => [.. plan.Routes.Select(r => new FixedRoute(r.VehicleId, [.. r.Visits.Select(v => v.StopId)]))];

    [Fact]
    public void Solve_StartingFromAGoodPlan_NeverReturnsAWorseOne()
    {
        var day = RealisticDay.Create(60, 4, seed: 70);
        // 400 iterations make a plan three iterations from scratch do not reach (asserted below, so the test cannot pass empty).
        var good = RouteSolver.Solve(day, new SolverOptions { Seed = 1, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 400 }, TestContext.Current.CancellationToken);
        var brief = new SolverOptions { Seed = 2, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 3 };

        var cold = RouteSolver.Solve(day, brief, TestContext.Current.CancellationToken);
        var warm = RouteSolver.Solve(day, brief with { InitialRoutes = RoutesOf(good) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(day, warm);
        Assert.True(cold.TotalCost > good.TotalCost, "a three-iteration solve from scratch should not reach the good plan, or this test proves nothing");
        Assert.True(warm.TotalCost <= good.TotalCost + 1e-9, $"{warm.TotalCost} > {good.TotalCost}");
    }

    [Fact]
    public void Solve_StartingPlanBreaksCapacity_IgnoredAndPlanFeasible()
    {
        var day = RealisticDay.Create(30, 4, seed: 71);
        var everything = new FixedRoute("VAN-1", [.. day.Stops.Select(s => s.Id)]);

        var plan = RouteSolver.Solve(day, new SolverOptions { Seed = 1, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 50, InitialRoutes = [everything, new FixedRoute("NOPE", ["X"])] },
            TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(day, plan);
        Assert.Empty(plan.Unserved);
    }

    [Fact]
    public void Solve_StartingPlanWithUnreachableStopAndLockedRoute_StillNeverWorse()
    {
        // The start passes through both decompositions (unreachable stops out, fixed routes apart) by id.
        var day = RealisticDay.Create(40, 4, seed: 72, unreachable: true);
        var first = RouteSolver.Solve(day, new SolverOptions { Seed = 1, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 150 }, TestContext.Current.CancellationToken);
        var locked = RoutesOf(first)[0];
        var withLock = new RoutingProblem(day.Depot, day.Stops, day.Vehicles, day.Travel, [locked]);

        var again = RouteSolver.Solve(withLock, new SolverOptions { Seed = 9, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 2, InitialRoutes = RoutesOf(first) },
            TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(withLock, again);
        Assert.True(again.TotalCost <= first.TotalCost + 1e-9, $"{again.TotalCost} > {first.TotalCost}");
    }
}
