namespace Wms.Routing.Vehicles.OrTools.Tests;

/// <summary>Trips and depots are decompositions in front of either engine: OR-Tools plans keep them too.</summary>
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
