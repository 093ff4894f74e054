namespace Wms.Routing.Vehicles.Bench;

/// <summary>
/// A delivery day as a dispatcher at the FRA warehouse sees it, generated deterministically from a seed:
/// stops clustered in 20 towns up to 25 km from the depot (a few scattered between them), seven kinds of
/// delivery window, 1–6 cartons of 5–100 kg, and the demo fleet's vehicles (vans of 800 kg on 06–18 h,
/// every fourth vehicle a 3 t truck on 05–15 h). Shared by the bench (`--set day`) and the tests.
/// </summary>
public static class RealisticDay
{
    public const double SpeedKmh = 40;

    private static readonly (int From, int To)[] Windows =
        [(8 * 60, 17 * 60), (8 * 60, 12 * 60), (12 * 60, 16 * 60), (7 * 60, 9 * 60), (9 * 60, 11 * 60), (13 * 60, 15 * 60), (10 * 60, 14 * 60)];

    public static Location Depot { get; } = Location.FromLatitudeLongitude(50.05, 8.57);

    /// <param name="unreachable">Adds one more stop, last, whose window (19:00–21:00) no shift reaches.</param>
    public static RoutingProblem Create(int stops, int vehicles, int seed, bool unreachable = false) =>
        new(Depot, Stops(stops, seed, unreachable), Fleet(vehicles), TravelModel.Haversine(SpeedKmh));

    /// <summary>
    /// A 60-stop day with late deliveries pinned to VAN-1 at opposite ends of the area (EAST, and with
    /// <paramref name="withWest"/> also WEST): each fits the shift alone, both together do not, so one is left out.
    /// </summary>
    public static RoutingProblem PinnedPair(bool withWest)
    {
        static Stop Late(string id, double east) =>
            new(id, Location.FromLatitudeLongitude(Depot.Y, Depot.X + east), 30, 0.1, 600, 17 * 3600, (17 * 3600) + 900, AllowedVehicles: ["VAN-1"]);

        var stops = Stops(60, seed: 62, unreachable: false);
        stops.Add(Late("EAST", 0.25));
        if (withWest)
        {
            stops.Add(Late("WEST", -0.33));
        }

        return new RoutingProblem(Depot, stops, Fleet(4), TravelModel.Haversine(SpeedKmh));
    }

    public static List<Stop> Stops(int count, int seed, bool unreachable)
    {
        var rng = new Random(seed);
        var towns = Enumerable.Range(0, 20).Select(_ => Offset(Depot, 3 + (22 * rng.NextDouble()), 2 * Math.PI * rng.NextDouble())).ToArray();
        var stops = new List<Stop>(count + 1);
        for (int i = 0; i < count; i++)
        {
            // Most customers sit in a town; about one in seven lives on its own somewhere in the area.
            var at = rng.NextDouble() < 0.15
                ? Offset(Depot, 25 * Math.Sqrt(rng.NextDouble()), 2 * Math.PI * rng.NextDouble())
                : Offset(towns[rng.Next(towns.Length)], 1.5 * rng.NextDouble(), 2 * Math.PI * rng.NextDouble());
            int cartons = 1 + rng.Next(6);
            double weight = Math.Round(cartons * (5 + (rng.NextDouble() * 12)), 1);
            var (from, to) = Windows[rng.Next(Windows.Length)];
            stops.Add(new Stop($"S{i + 1:000}", at, weight, Volume: Math.Round(weight / 250, 3), ServiceTime: 60 * (8 + cartons), ReadyTime: 60 * from, DueTime: 60 * to));
        }

        if (unreachable)
        {
            var at = Offset(towns[0], 0.5, 1);
            stops.Add(new Stop("LATE", at, 20, Volume: 0.08, ServiceTime: 60 * 10, ReadyTime: 19 * 3600, DueTime: 21 * 3600));
        }

        return stops;
    }

    public static List<Vehicle> Fleet(int count) => [.. Enumerable.Range(1, count).Select(k => k % 4 == 0
        ? new Vehicle($"TRUCK-{k / 4}", 3000, 20, ShiftStart: 5 * 3600, ShiftEnd: 15 * 3600, CostPerDistance: 0.9, FixedCost: 120, MaxRouteDuration: 9 * 3600)
        : new Vehicle($"VAN-{k - (k / 4)}", 800, 6, ShiftStart: 6 * 3600, ShiftEnd: 18 * 3600, CostPerDistance: 0.45, FixedCost: 60, MaxRouteDuration: 10 * 3600))];

    // A point km away in a compass direction (radians), on the flat approximation that is plenty at 25 km.
    private static Location Offset(Location from, double km, double angle)
    {
        double lat = from.Y + (km * Math.Cos(angle) / 111.2);
        double lon = from.X + (km * Math.Sin(angle) / (111.2 * Math.Cos(from.Y * Math.PI / 180)));
        return Location.FromLatitudeLongitude(lat, lon);
    }
}
