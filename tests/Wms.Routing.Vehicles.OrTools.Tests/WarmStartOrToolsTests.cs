namespace Wms.Routing.Vehicles.OrTools.Tests;

/// <summary>A re-plan's OR-Tools search starts from the current plan (RoutingModel.ReadAssignmentFromRoutes).</summary>
public sealed class WarmStartOrToolsTests
{
    private static IReadOnlyList<FixedRoute> RoutesOf(RoutePlan plan) => [.. plan.Routes.Select(r => new FixedRoute(r.VehicleId, [.. r.Visits.Select(v => v.StopId)]))];

    [Fact]
    public void Solve_StartFromAGoodPlanWithOneSolution_NoWorseThanThatPlan()
    {
        var problem = TestProblems.RandomWithTimeWindows(50, 12, 40, 1);
        var good = RouteSolver.Solve(problem, new SolverOptions { Seed = 1, MaxIterations = 300, TimeBudget = TimeSpan.FromMinutes(2) }, TestContext.Current.CancellationToken);
        var oneSolution = new SolverOptions { MaxIterations = 1, TimeBudget = TimeSpan.FromMinutes(1) };

        var cold = OrToolsRouteSolver.Solve(problem, oneSolution, TestContext.Current.CancellationToken);
        var warm = OrToolsRouteSolver.Solve(problem, oneSolution with { InitialRoutes = RoutesOf(good) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, warm);
        Assert.Equal(good.Unserved.Count, warm.Unserved.Count);
        Assert.True(warm.TotalCost <= good.TotalCost + 1e-6, $"warm {warm.TotalCost} against the start's {good.TotalCost}");
        // The cold run's first solution is OR-Tools' own construction, well above the start: the start was used.
        Assert.True(cold.TotalCost > good.TotalCost + 1e-6, $"cold {cold.TotalCost} against the start's {good.TotalCost}");
    }

    [Fact]
    public void Solve_StartOverloadingAVehicleAndNamingUnknownStops_IgnoredAndThePlanFeasible()
    {
        var problem = TestProblems.RandomCvrp(30, 8, 25, 3);
        var everything = new FixedRoute(problem.Vehicles[0].Id, [.. problem.Stops.Select(s => s.Id), "no-such-stop"]);

        var plan = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(1), InitialRoutes = [everything, new FixedRoute("no-such-van", ["s1"])] },
            TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
    }
}
