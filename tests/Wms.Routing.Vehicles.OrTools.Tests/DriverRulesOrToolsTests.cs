namespace Wms.Routing.Vehicles.OrTools.Tests;

/// <summary>Drivers' breaks and the daily driving limit in the OR-Tools model, judged by the same checker as HGS.</summary>
public sealed class DriverRulesOrToolsTests
{
    private const double Hour = 3600;

    private static RoutingProblem Day(Func<Vehicle, Vehicle> rules)
    {
        // 40 stops within about 25 km of a depot, 40 km/h, ten-minute services, four vans on an 8-hour shift.
        var rng = new Random(80);
        var depot = Location.FromLatitudeLongitude(50.11, 8.68);
        var stops = Enumerable.Range(0, 40).Select(i => new Stop($"s{i}",
            Location.FromLatitudeLongitude(depot.Y + ((rng.NextDouble() - 0.5) * 0.45), depot.X + ((rng.NextDouble() - 0.5) * 0.7)),
            Weight: rng.Next(20, 120), ServiceTime: 600));
        var fleet = Enumerable.Range(0, 4).Select(k => rules(new Vehicle($"van{k}", 1200, ShiftStart: 7 * Hour, ShiftEnd: 15 * Hour)));
        return new RoutingProblem(depot, stops, fleet, TravelModel.Haversine(40));
    }

    [Fact]
    public void Solve_BreakRuleAndDrivingLimit_EveryRouteKeepsBothAndTheCheckerAgrees()
    {
        var problem = Day(v => v with { MaxDrivingTime = 3 * Hour, BreakAfterDriving = 1.5 * Hour, BreakDuration = 0.75 * Hour });

        var plan = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(3) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Contains(plan.Routes, r => r.Breaks.Count > 0);
        foreach (var route in plan.Routes)
        {
            Assert.InRange(route.DrivingTime, 0, 3 * Hour);
            Assert.Equal(route.DrivingTime > 1.5 * Hour, route.Breaks.Count > 0);
        }
    }

    [Fact]
    public void Solve_OneRouteFitsOnlyWithoutItsBreak_TwoVehiclesServeEveryStop()
    {
        // Three stops each way along a line, time = distance. One vehicle drives 120, so it needs a break of 30
        // (more than 70 in a row) and is back at 150, after its shift end of 130; two vehicles drive 60 each and
        // need none. A model blind to breaks would pick the one cheaper route and then lose a stop to the break.
        Stop[] stops = [.. new[] { 10, 20, 30, -10, -20, -30 }.Select(x => new Stop($"x{x}", new Location(x, 0), Weight: 1))];
        var fleet = new[] { "a", "b" }.Select(id => new Vehicle(id, 10, ShiftEnd: 130, FixedCost: 100, BreakAfterDriving: 70, BreakDuration: 30));
        var problem = new RoutingProblem(new Location(0, 0), stops, fleet, TravelModel.Euclidean());

        var plan = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(1) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal(2, plan.Routes.Count);
        Assert.Equal(120, plan.TotalDistance, 6);
    }

    [Fact]
    public void Solve_StopBeyondTheDrivingLimit_LeftOutAndTheOtherServed()
    {
        // FAR is 45 out and 45 back (90 of driving); the limit is 60.
        Stop[] stops = [new("FAR", new Location(45, 0), 1), new("NEAR", new Location(0, 10), 1)];
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("VAN-1", 10, MaxDrivingTime: 60)], TravelModel.Euclidean());

        var plan = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(1) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal("FAR", Assert.Single(plan.Unserved).StopId);
        Assert.Equal(["NEAR"], plan.Routes.Single().Visits.Select(v => v.StopId));
    }
}
