using Wms.Routing.Vehicles.Bench;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>Drivers' breaks and legal driving limits: in the solve, in the schedule and in the checker.</summary>
public sealed class DriverRulesTests
{
    private const double Hour = 3600;
    // What these tests prove (every route keeps the rules, the checker reports a plan made without them) holds for
    // any plan the solver returns, so 30 iterations prove it as well as 300 did, in a tenth of the time.
    private static readonly SolverOptions Reproducible = TestProblems.Iterations(1, 30);

    private static RoutingProblem Day(Func<Vehicle, Vehicle> rules, int stops = 60, int seed = 80) =>
        new(RealisticDay.Depot, RealisticDay.Stops(stops, seed, unreachable: false), RealisticDay.Fleet(4).Select(rules), TravelModel.Haversine(RealisticDay.SpeedKmh));

    [Fact]
    public void Solve_BreakRuleAndDrivingLimit_EveryRouteKeepsBothAndTheCheckerAgrees()
    {
        var problem = Day(v => v with { MaxDrivingTime = 3 * Hour, BreakAfterDriving = 1.5 * Hour, BreakDuration = 0.75 * Hour });

        var plan = RouteSolver.Solve(problem, Reproducible, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Contains(plan.Routes, r => r.Breaks.Count > 0);
        foreach (var route in plan.Routes)
        {
            Assert.InRange(route.DrivingTime, 0, 3 * Hour);
            Assert.Equal(route.DrivingTime > 1.5 * Hour, route.Breaks.Count > 0);
            Assert.All(route.Breaks, b => Assert.Equal(route.Visits[b.AfterVisit].Departure, b.Start, 6));
        }
    }

    [Fact]
    public void Check_PlanMadeWithoutTheRules_ReportsMissingBreaksAndDrivingOverTheLimit()
    {
        var free = Day(v => v);
        var plan = RouteSolver.Solve(free, Reproducible, TestContext.Current.CancellationToken);
        double longest = plan.Routes.Max(r => r.DrivingTime);
        var strict = Day(v => v with { MaxDrivingTime = longest / 2, BreakAfterDriving = longest / 3, BreakDuration = 1800 });

        var violations = PlanChecker.Check(strict, plan);

        Assert.Contains(violations, v => v.Kind == ViolationKind.DrivingTime);
        Assert.Contains(violations, v => v.Kind == ViolationKind.DriverBreak);
        Assert.Empty(PlanChecker.Check(free, plan));
    }

    [Fact]
    public void Check_BreakShorterThanTheRule_Reported()
    {
        var problem = Day(v => v with { BreakAfterDriving = 1 * Hour, BreakDuration = 0.75 * Hour });
        var plan = RouteSolver.Solve(problem, Reproducible, TestContext.Current.CancellationToken);
        var route = plan.Routes.First(r => r.Breaks.Count > 0);
        var shortened = plan with { Routes = [.. plan.Routes.Select(r => r == route ? r with { Breaks = [r.Breaks[0] with { Duration = 600 }, .. r.Breaks.Skip(1)] } : r)] };

        Assert.Contains(PlanChecker.Check(problem, shortened), v => v.Kind == ViolationKind.DriverBreak && v.Message.Contains("shorter", StringComparison.Ordinal));
    }

    [Fact]
    public void Solve_StopBeyondTheDrivingLimit_LeftOutAsNoVehicleCanServe()
    {
        // 30 km out and back at 40 km/h is 90 minutes of driving; the limit is one hour.
        var far = new Stop("FAR", Location.FromLatitudeLongitude(RealisticDay.Depot.Y + 0.27, RealisticDay.Depot.X), 10);
        var near = new Stop("NEAR", Location.FromLatitudeLongitude(RealisticDay.Depot.Y + 0.05, RealisticDay.Depot.X), 10);
        var problem = new RoutingProblem(RealisticDay.Depot, [far, near], [new Vehicle("VAN-1", 800, MaxDrivingTime: Hour)], TravelModel.Haversine(RealisticDay.SpeedKmh));

        var plan = RouteSolver.Solve(problem, Reproducible, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(("FAR", UnservedReason.NoVehicleCanServe), (plan.Unserved.Single().StopId, plan.Unserved.Single().Reason));
        Assert.Equal(["NEAR"], plan.Routes.Single().Visits.Select(v => v.StopId));
    }

    [Theory]
    [InlineData("MaxDrivingTime")]
    [InlineData("BreakAfterDriving")]
    [InlineData("BreakDuration")]
    public void RoutingProblem_BadDriverRule_NamesTheField(string field)
    {
        var vehicle = field switch
        {
            "MaxDrivingTime" => new Vehicle("V", 10, MaxDrivingTime: 0),
            "BreakAfterDriving" => new Vehicle("V", 10, BreakAfterDriving: -1),
            _ => new Vehicle("V", 10, BreakDuration: double.NaN),
        };

        var error = Assert.Throws<ArgumentException>(() => new RoutingProblem(new Location(0, 0), [], [vehicle], TravelModel.Euclidean()));

        Assert.Equal($"vehicles[0].{field}", error.ParamName);
    }
}
