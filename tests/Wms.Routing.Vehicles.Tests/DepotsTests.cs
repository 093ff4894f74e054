using Wms.Routing.Vehicles.Bench;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>Vehicles based at more than one depot: one search over all of them, and the checker.</summary>
public sealed class DepotsTests
{
    private const double Hour = 3600;

    // An iteration cap and a budget no loaded machine reaches: the same plans on every run.
    private static readonly SolverOptions Reproducible = TestProblems.Iterations(1, 300);

    /// <summary>Regional warehouse 60 km north-east of FRA.</summary>
    private static readonly Location Regional = Location.FromLatitudeLongitude(50.45, 9.20);

    [Fact]
    public void Solve_TwoDepots_EachStopFromTheNearerDepotAndShorterThanFromOne()
    {
        var fra = RealisticDay.Stops(30, 11, unreachable: false);
        var north = RealisticDay.Stops(30, 12, unreachable: false).Select(s => s with
        {
            Id = "N" + s.Id,
            Location = new Location(s.Location.X - RealisticDay.Depot.X + Regional.X, s.Location.Y - RealisticDay.Depot.Y + Regional.Y),
        }).ToList();
        var vans = RealisticDay.Fleet(4).Where(v => v.WeightCapacity < 1000).Take(3).ToList();
        var fleet = new[] { vans[0], vans[1] with { Depot = Regional }, vans[2] with { Depot = Regional }, vans[0] with { Id = "VAN-F2" } };
        var twoDepots = new RoutingProblem(RealisticDay.Depot, [.. fra, .. north], fleet, TravelModel.Haversine(RealisticDay.SpeedKmh));
        var oneDepot = new RoutingProblem(RealisticDay.Depot, [.. fra, .. north], fleet.Select(v => v with { Depot = null }), TravelModel.Haversine(RealisticDay.SpeedKmh));

        var plan = RouteSolver.Solve(twoDepots, Reproducible, TestContext.Current.CancellationToken);
        var central = RouteSolver.Solve(oneDepot, Reproducible, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(twoDepots, plan);
        Assert.Equal(2, twoDepots.Depots.Count);
        Assert.All(plan.Routes, r => Assert.All(r.Visits, v => Assert.Equal(v.StopId.StartsWith('N'), twoDepots.DepotOf(r.VehicleIndex) == 1)));
        Assert.True(plan.Unserved.Count <= central.Unserved.Count);
        Assert.True(plan.TotalDistance < central.TotalDistance, $"two depots {plan.TotalDistance:0.0} km, one {central.TotalDistance:0.0} km");
        // The same routes driven from FRA do not add up: the checker drives each vehicle from its own depot.
        Assert.Contains(PlanChecker.Check(oneDepot, plan), v => v.Kind == ViolationKind.InconsistentFigures);
    }

    [Fact]
    public void Solve_RegionalDepotFull_StopsItCannotTakeGoToTheCentral()
    {
        var north = RealisticDay.Stops(40, 12, unreachable: false).Select(s => s with
        {
            Location = new Location(s.Location.X - RealisticDay.Depot.X + Regional.X, s.Location.Y - RealisticDay.Depot.Y + Regional.Y),
        }).ToList();
        var fleet = new[] { new Vehicle("CENTRAL-1", 3000, ShiftStart: 5 * Hour, ShiftEnd: 20 * Hour), new Vehicle("REGIONAL-1", 600, ShiftStart: 6 * Hour, ShiftEnd: 18 * Hour, Depot: Regional) };
        var problem = new RoutingProblem(RealisticDay.Depot, north, fleet, TravelModel.Haversine(RealisticDay.SpeedKmh));

        var plan = RouteSolver.Solve(problem, Reproducible, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Contains(plan.Routes, r => r.VehicleId == "REGIONAL-1" && r.Weight > 400);
        Assert.Contains(plan.Routes, r => r.VehicleId == "CENTRAL-1" && r.Visits.Count > 0);
    }

    [Fact]
    public void Solve_OverlappingDepots_OneSearchServesStopsNearerTheDearVehicleFromTheOtherDepot()
    {
        // Depots 10 km apart. Five stops at x = 4.5 are nearer depot A, whose van costs 100 a day; B's van costs
        // nothing and has room for every stop. Each stop to its nearest depot would put A's van on the road
        // (9 km + 100); one search over both depots sends B's van (11 km more) and leaves A's at home.
        var stops = Enumerable.Range(0, 5).Select(i => new Stop($"a{i}", new Location(4.5, (i - 2) * 0.1), Weight: 1))
            .Concat(Enumerable.Range(0, 5).Select(i => new Stop($"b{i}", new Location(10.5, (i - 2) * 0.1), Weight: 1))).ToList();
        Vehicle[] fleet = [new Vehicle("A", 100, FixedCost: 100), new Vehicle("B", 100, Depot: new Location(10, 0))];
        var problem = new RoutingProblem(new Location(0, 0), stops, fleet, TravelModel.Euclidean());

        var plan = RouteSolver.Solve(problem, Reproducible with { MaxIterations = 50 }, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal("B", Assert.Single(plan.Routes).VehicleId);
        Assert.True(plan.TotalCost < 9 + 100, $"cost {plan.TotalCost:0.00}");
    }
}
