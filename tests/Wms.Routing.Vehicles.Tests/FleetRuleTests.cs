namespace Wms.Routing.Vehicles.Tests;

public sealed class FleetRuleTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Solve_ExactlyK_EveryVehicleDrives(int seed)
    {
        // Capacity for all stops on 3 vehicles, 6 offered: "at most" uses fewer, "exactly" all six.
        var free = TestProblems.RandomCvrp(25, 6, 60, seed);
        var exactly = new RoutingProblem(free.Depot, free.Stops, free.Vehicles, free.Travel) { Fleet = FleetRule.Exactly };

        // An iteration cap, not a wall-clock budget: the cost comparison below needs both searches to have
        // run, which 0.3 s on a loaded machine did not always give.
        var options = TestProblems.Iterations(seed, 2000);
        var atMost = RouteSolver.Solve(free, options, TestContext.Current.CancellationToken);
        var plan = RouteSolver.Solve(exactly, options, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(exactly, plan);
        Assert.Empty(plan.Unserved);
        Assert.True(atMost.Routes.Count < 6);
        Assert.Equal(6, plan.Routes.Count);
        Assert.True(plan.TotalCost >= atMost.TotalCost - 1e-6);
    }

    [Fact]
    public void Check_ExactlyKWithAnIdleVehicle_ReportsFleetRuleBroken()
    {
        var free = TestProblems.RandomCvrp(10, 4, 100, 3);
        var plan = RouteSolver.Solve(free, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        var exactly = new RoutingProblem(free.Depot, free.Stops, free.Vehicles, free.Travel) { Fleet = FleetRule.Exactly };

        var violations = PlanChecker.Check(exactly, plan);

        Assert.Equal(4 - plan.Routes.Count, violations.Count(v => v.Kind == ViolationKind.FleetRuleBroken));
        Assert.Empty(PlanChecker.Check(free, plan));
    }

    [Fact]
    public void Solve_ExactlyKWithFixedRoute_RestUsesEveryOtherVehicle()
    {
        var free = TestProblems.RandomCvrp(20, 5, 60, 4);
        var problem = new RoutingProblem(free.Depot, free.Stops, free.Vehicles, free.Travel, [new FixedRoute("v0", ["s0", "s1"])]) { Fleet = FleetRule.Exactly };

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(5, plan.Routes.Count);
    }
}
