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

    [Fact]
    public void Better_FeasibleAndFewerRequiredLeftOut_BeatsCheaper()
    {
        var problem = EngineCases.Get("fleet-too-small");
        var full = RouteSolver.Solve(problem, TestProblems.Quick(1, 0.2), TestContext.Current.CancellationToken);
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
