namespace Wms.Routing.Vehicles.OrTools.Tests;

/// <summary>Several trips (with or without several depots) are a decomposition in front of either engine: OR-Tools plans keep it too.</summary>
public sealed class TripsAndDepotsOrToolsTests
{
    [Fact]
    public void Solve_TwoDepotsAndTwoTrips_FeasibleAndEveryStopServed()
    {
        // Ten stops of 4 around (10, 10) and ten around (90, 90); one vehicle of 20 at each end, two trips each.
        var stops = Enumerable.Range(0, 20).Select(i => new Stop($"s{i}", i < 10 ? new Location(5 + (i % 5 * 2), 5 + (i / 5 * 4)) : new Location(85 + (i % 5 * 2), 85 + ((i - 10) / 5 * 4)), Weight: 4));
        Vehicle[] fleet = [new("west", 20, MaxTrips: 2, ReloadTime: 5), new("east", 20, MaxTrips: 2, ReloadTime: 5, Depot: new Location(90, 90))];
        var problem = new RoutingProblem(new Location(10, 10), stops, fleet, TravelModel.Euclidean());

        var plan = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(2) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal(4, plan.Routes.Count);
        Assert.All(plan.Routes, r => Assert.Equal(r.VehicleId == "east", r.Visits.All(v => int.Parse(v.StopId[1..], System.Globalization.CultureInfo.InvariantCulture) >= 10)));
    }
}

/// <summary>Several depots without trips are one OR-Tools model: each vehicle starts and ends at its own depot.</summary>
public sealed class MultiDepotOrToolsTests
{
    private static RoutingProblem TwoDepots(params double[] xs) => new(new Location(0, 0),
        xs.Select(x => new Stop($"x{x}", new Location(x, 0), Weight: 1)),
        [new Vehicle("west", 10), new Vehicle("east", 10, Depot: new Location(100, 0))], TravelModel.Euclidean());

    [Fact]
    public void Solve_TwoDepotsFarApart_EachVehicleServesItsOwnAreaFromItsDepot()
    {
        var problem = TwoDepots(2, 4, 96, 98);

        var plan = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(1) }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal(16, plan.TotalDistance, 6);
        Assert.Equal(["x2", "x4"], plan.Routes.Single(r => r.VehicleId == "west").Visits.Select(v => v.StopId).Order());
    }

    [Fact]
    public void Solve_StopsBetweenTwoDepots_BothEnginesFindTheOneJointRoute()
    {
        // x49 is nearer the west depot and x51 the east one: by depot that is two round trips (98 + 98);
        // one route from either depot through both is 102. Both engines search the depots jointly.
        var problem = TwoDepots(49, 51);

        var ortools = OrToolsRouteSolver.Solve(problem, new SolverOptions { TimeBudget = TimeSpan.FromSeconds(1) }, TestContext.Current.CancellationToken);
        var hgs = RouteSolver.Solve(problem, new SolverOptions { Seed = 1, MaxIterations = 50 }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, ortools);
        TestProblems.AssertFeasible(problem, hgs);
        Assert.Empty(ortools.Unserved);
        Assert.Equal(102, ortools.TotalDistance, 6);
        Assert.Equal(102, hgs.TotalDistance, 6);
    }
}
