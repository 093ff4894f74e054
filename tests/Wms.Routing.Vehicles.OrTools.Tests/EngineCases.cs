namespace Wms.Routing.Vehicles.OrTools.Tests;

/// <summary>
/// The routing test instances, one per feature the engines must honour (the problems of the HGS engine's
/// tests, rebuilt here): CVRP, time windows, route duration, heterogeneous weight and volume, fleet too
/// small, unreachable stops, optional stops, fixed costs, matrices, pins, fixed routes, the fleet rule.
/// </summary>
internal static class EngineCases
{
    public static IEnumerable<string> Names => Cases.Keys;

    public static RoutingProblem Get(string name) => Cases[name]();

    private static readonly Dictionary<string, Func<RoutingProblem>> Cases = new(StringComparer.Ordinal)
    {
        ["cvrp-30"] = () => TestProblems.RandomCvrp(30, 8, 25, 3),
        ["time-windows-50"] = () => TestProblems.RandomWithTimeWindows(50, 12, 40, 1),
        ["max-route-duration"] = () => new RoutingProblem(new Location(0, 0),
            Enumerable.Range(0, 4).Select(i => new Stop($"s{i}", new Location(50 + i, 0), Weight: 1, ServiceTime: 10)),
            Enumerable.Range(0, 4).Select(k => new Vehicle($"v{k}", 100, MaxRouteDuration: 130)), TravelModel.Euclidean()),
        ["heterogeneous"] = Heterogeneous,
        ["fleet-too-small"] = () => new RoutingProblem(new Location(0, 0),
            Enumerable.Range(0, 6).Select(i => new Stop($"s{i}", new Location(i * 3, 5), Weight: 5)),
            [new Vehicle("a", 10), new Vehicle("b", 10)], TravelModel.Euclidean()),
        ["unreachable"] = () => new RoutingProblem(new Location(0, 0),
            [new Stop("near", new Location(5, 0), Weight: 1), new Stop("heavy", new Location(6, 0), Weight: 50),
             new Stop("closed", new Location(7, 0), Weight: 1, ReadyTime: 0, DueTime: 1)],
            [new Vehicle("a", 10, ShiftEnd: 100)], TravelModel.Euclidean()),
        ["optional"] = () => new RoutingProblem(new Location(0, 0),
            [new Stop("a", new Location(10, 0), Weight: 1), new Stop("far", new Location(-500, 0), Weight: 1, UnservedPenalty: 100),
             new Stop("worth", new Location(-20, 0), Weight: 1, UnservedPenalty: 1000)],
            [new Vehicle("a", 10)], TravelModel.Euclidean()),
        ["fixed-cost"] = () =>
        {
            var p = TestProblems.RandomCvrp(20, 6, 200, 4);
            return new RoutingProblem(p.Depot, p.Stops, p.Vehicles.Select(v => v with { FixedCost = 1000 }), p.Travel);
        },
        ["asymmetric-matrix"] = () => new RoutingProblem(default, [new Stop("x", default), new Stop("y", default)], [new Vehicle("v", 10)],
            TravelModel.FromMatrices(new double[,] { { 0, 1, 9 }, { 9, 0, 1 }, { 1, 9, 0 } }, new double[,] { { 0, 2, 2 }, { 2, 0, 2 }, { 2, 2, 0 } })),
        ["haversine"] = () => new RoutingProblem(Location.FromLatitudeLongitude(48.85, 2.35),
            Enumerable.Range(0, 12).Select(i => new Stop($"s{i}", Location.FromLatitudeLongitude(48.8 + (i * 0.01), 2.3 + (i % 4 * 0.02)),
                Weight: 100, Volume: 0.4, ServiceTime: 300, ReadyTime: 8 * 3600, DueTime: (10 + (i % 3)) * 3600)),
            [new Vehicle("van1", 800, 3, ShiftStart: 7 * 3600, ShiftEnd: 17 * 3600), new Vehicle("van2", 800, 3, ShiftStart: 7 * 3600, ShiftEnd: 17 * 3600)],
            TravelModel.Haversine(30)),
        ["pins"] = () =>
        {
            var p = TestProblems.RandomWithTimeWindows(30, 6, 40, 2);
            var rng = new Random(2);
            return new RoutingProblem(p.Depot, p.Stops.Select((s, i) => i % 5 == 0 ? s with { AllowedVehicles = [$"v{rng.Next(6)}"] } : s), p.Vehicles, p.Travel);
        },
        ["pinned-too-small"] = () => new RoutingProblem(new Location(0, 0), [new Stop("heavy", new Location(5, 5), Weight: 50, AllowedVehicles: ["small"])],
            [new Vehicle("small", 10), new Vehicle("big", 100)], TravelModel.Euclidean()),
        ["fixed-routes"] = () =>
        {
            // Lock a route of a feasible plan (a fixed route is kept even when it breaks a window).
            var p = TestProblems.RandomWithTimeWindows(30, 6, 40, 4);
            var first = RouteSolver.Solve(p, new SolverOptions { Seed = 4, MaxIterations = 50 });
            var kept = first.Routes[0];
            string idle = p.Vehicles.Select(v => v.Id).First(id => id != kept.VehicleId);
            return new RoutingProblem(p.Depot, p.Stops, p.Vehicles, p.Travel,
                [new FixedRoute(kept.VehicleId, [.. kept.Visits.Select(v => v.StopId)]), new FixedRoute(idle, [])]);
        },
        ["fleet-exactly"] = () =>
        {
            var p = TestProblems.RandomCvrp(25, 6, 60, 8);
            return new RoutingProblem(p.Depot, p.Stops, p.Vehicles, p.Travel) { Fleet = FleetRule.Exactly };
        },
        ["no-stops"] = () => new RoutingProblem(new Location(0, 0), [], [new Vehicle("v", 1)], TravelModel.Euclidean()),
    };

    private static RoutingProblem Heterogeneous()
    {
        var rng = new Random(2);
        var stops = Enumerable.Range(0, 30).Select(i => new Stop($"s{i}", new Location(rng.Next(100), rng.Next(100)),
            Weight: rng.Next(1, 8), Volume: rng.Next(1, 5))).ToList();
        Vehicle[] fleet =
        [
            new("big", 60, VolumeCapacity: 40, CostPerDistance: 2, FixedCost: 50),
            new("mid", 35, VolumeCapacity: 25, CostPerDistance: 1.5, FixedCost: 20),
            new("small", 20, VolumeCapacity: 10),
            new("small2", 20, VolumeCapacity: 10),
            new("van", 15, VolumeCapacity: 30, CostPerDistance: 0.8),
        ];
        return new RoutingProblem(new Location(50, 50), stops, fleet, TravelModel.Euclidean());
    }
}
