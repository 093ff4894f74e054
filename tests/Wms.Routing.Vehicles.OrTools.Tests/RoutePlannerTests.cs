namespace Wms.Routing.Vehicles.OrTools.Tests;

public sealed class RoutePlannerTests
{
    [Theory]
    [InlineData("cvrp-30")]
    [InlineData("time-windows-50")]
    [InlineData("heterogeneous")]
    [InlineData("pins")]
    [InlineData("fleet-too-small")]
    public void Solve_BestOf_NeverWorseThanEitherEngine(string name)
    {
        // Iteration caps make both engines reproducible, so the lone runs are the runs best-of made.
        var problem = EngineCases.Get(name);
        var options = new SolverOptions { Seed = 3, TimeBudget = TimeSpan.FromMinutes(1), MaxIterations = 40 };
        var ct = TestContext.Current.CancellationToken;
        var hgs = RoutePlanner.Solve(problem, options, RouteEngine.Hgs, ct);
        var ortools = RoutePlanner.Solve(problem, options, RouteEngine.OrTools, ct);
        var best = RoutePlanner.Solve(problem, options, RouteEngine.BestOf, ct);
        TestProblems.AssertFeasible(problem, best);
        Assert.True(best.TotalCost <= hgs.TotalCost + 1e-9, $"best-of {best.TotalCost} > hgs {hgs.TotalCost}");
        Assert.True(best.TotalCost <= ortools.TotalCost + 1e-9, $"best-of {best.TotalCost} > ortools {ortools.TotalCost}");
    }

    [Theory]
    [InlineData("cvrp-30")]
    [InlineData("time-windows-50")]
    public void Plan_OrToolsFromBetterRoutes_NeverWorseThanThemAndSaysWhoseItIs(string name)
    {
        // HGS's plan as the routes to start from; OR-Tools capped at its first solution (alone: cheapest arc,
        // no local search), which a re-plan must not let make things worse. 300 iterations, as in
        // WarmStartOrToolsTests: the start must only be better than OR-Tools' construction for the last
        // assertions to show it was used (with 2000 this was the project's longest test).
        var problem = EngineCases.Get(name);
        var ct = TestContext.Current.CancellationToken;
        var good = RouteSolver.Solve(problem, new SolverOptions { Seed = 1, TimeBudget = TimeSpan.FromMinutes(1), MaxIterations = 300 }, ct);
        var start = good.Routes.Select(r => new FixedRoute(r.VehicleId, [.. r.Visits.Select(v => v.StopId)])).ToList();
        var capped = new SolverOptions { Seed = 1, TimeBudget = TimeSpan.FromMinutes(1), MaxIterations = 1 };

        var alone = RoutePlanner.Plan(problem, capped, RouteEngine.OrTools, ct);
        var fromStart = RoutePlanner.Plan(problem, capped with { InitialRoutes = start }, RouteEngine.OrTools, ct);

        Assert.Equal((RouteEngine.OrTools, false), (alone.Engine, alone.StartKept));
        TestProblems.AssertFeasible(problem, fromStart.Plan);
        Assert.True(fromStart.Plan.TotalCost <= good.TotalCost + 1e-6, $"{fromStart.Plan.TotalCost} > start {good.TotalCost}");
        // OR-Tools' search itself starts from the routes (ReadAssignmentFromRoutes), so its first solution is
        // already them: the plan is its own, where before the warm start the given routes had to be kept.
        Assert.True(alone.Plan.TotalCost > good.TotalCost + 1e-6);
        Assert.False(fromStart.StartKept);
    }

    [Fact]
    public void Plan_BestOf_NamesTheEngineWhosePlanItReturns()
    {
        var problem = EngineCases.Get("cvrp-30");
        var options = new SolverOptions { Seed = 3, TimeBudget = TimeSpan.FromMinutes(1), MaxIterations = 40 };
        var ct = TestContext.Current.CancellationToken;

        var best = RoutePlanner.Plan(problem, options, RouteEngine.BestOf, ct);
        var same = RoutePlanner.Solve(problem, options, best.Engine, ct);

        Assert.Equal(same.TotalCost, best.Plan.TotalCost, 6);
        Assert.Equal("best-of", RoutePlanner.Name(RouteEngine.BestOf));
        Assert.Equal(RouteEngine.BestOf, RoutePlanner.Parse(RoutePlanner.Name(RouteEngine.BestOf)));
    }

    [Fact]
    public void Better_FeasibleAndFewerRequiredLeftOut_BeatsCheaper()
    {
        var problem = EngineCases.Get("fleet-too-small");
        var full = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        // Leaving one more required stop out lowers the cost but must not win.
        var route = full.Routes[0];
        var shorter = new RoutePlan([.. full.Routes.Skip(1)], [.. full.Unserved, .. route.Visits.Select(v => new UnservedStop(v.StopIndex, v.StopId, UnservedReason.FleetExhausted, 0))],
            full.TotalCost - route.Cost, full.TotalDistance - route.Distance, full.TravelCost - route.Cost, 0, 0);
        Assert.Same(full, RoutePlanner.Better(problem, shorter, full));
        Assert.Same(full, RoutePlanner.Better(problem, full, shorter));
    }

    [Theory]
    [InlineData("hgs", RouteEngine.Hgs)]
    [InlineData("OrTools", RouteEngine.OrTools)]
    [InlineData(" best-of ", RouteEngine.BestOf)]
    public void Parse_KnownNames_Engine(string text, RouteEngine expected) => Assert.Equal(expected, RoutePlanner.Parse(text));

    [Fact]
    public void Parse_Unknown_ThrowsNamingField()
    {
        var e = Assert.Throws<ArgumentException>(() => RoutePlanner.Parse("gurobi", "warehouse.routeEngine"));
        Assert.Equal("warehouse.routeEngine", e.ParamName);
    }
}
