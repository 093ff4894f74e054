using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Catalog;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Shipping;
using Wms.Routing.Vehicles.OrTools;
using Vrp = Wms.Routing.Vehicles;

namespace Wms.Server.Dispatch;

/// <summary>A shipment as routing sees it: where, how heavy and bulky, how long to hand over, and when.</summary>
/// <summary>A shipment as <see cref="DeliveryProblem.Stops"/> reads it (a class with setters: EF Core filters on its members).</summary>
public sealed class ShipmentStop
{
    public long ShipmentId { get; init; }

    public long WarehouseId { get; init; }

    public ShipmentStatus Status { get; init; }

    public string RouteCode { get; init; } = "";

    public DateOnly ShipDate { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }

    public int WindowStartMinutes { get; init; }

    public int WindowEndMinutes { get; init; }

    /// <summary>Already shipped, or on a committed route.</summary>
    public bool Gone => Status == ShipmentStatus.Shipped || RouteCode.Length > 0;
}

public sealed record DeliveryShipment(long ShipmentId, double Latitude, double Longitude, double WeightKg, double VolumeM3, int Cartons, int WindowStartMinutes, int WindowEndMinutes);

/// <summary>What a solve produced, keyed by the plan's own ids: routes by vehicle, left-out shipments with the reason.</summary>
/// <param name="SolvedBy">The engine whose plan this is (hgs | ortools), or <see cref="DispatchEngine.CurrentRoutes"/>.</param>
public sealed record SolvedPlan(List<SolvedRoute> Routes, List<SolvedUnserved> Unserved, string SolvedBy = "hgs");

/// <summary>One trip of a vehicle (a vehicle with several trips has one per trip, <paramref name="Trip"/> 1, 2, ...).</summary>
public sealed record SolvedRoute(long VehicleId, double StartSecond, double EndSecond, double DistanceKm, double WeightKg, double VolumeM3, double Cost, List<SolvedVisit> Visits, int Trip = 1);

public sealed record SolvedVisit(long ShipmentId, double Arrival, double ServiceStart, double Departure, double BreakAfter = 0);

public sealed record SolvedUnserved(long ShipmentId, UnservedReason Reason, string Detail);

/// <summary>What a re-plan keeps from the plan: pins (shipment → vehicle), locked routes and the current routes (vehicle → shipments in order), the solve's start.</summary>
public sealed record PlanKeep(IReadOnlyDictionary<long, long> Pins, IReadOnlyDictionary<long, List<long>> Locked, IReadOnlyDictionary<long, List<long>> Current)
{
    /// <summary>A new plan: nothing pinned, locked or to start from.</summary>
    public static PlanKeep None { get; } = new(new Dictionary<long, long>(), new Dictionary<long, List<long>>(), new Dictionary<long, List<long>>());

    /// <summary>The trip each routed shipment is on (none: all on trip 1); a locked or current route is cut into its trips by it.</summary>
    public IReadOnlyDictionary<long, int> Trips { get; init; } = new Dictionary<long, int>();
}

/// <summary>A solve's stops, fleet and depot as the routing library takes them; shipments without coordinates (<paramref name="Nowhere"/>) are not among the stops.</summary>
public sealed record DeliveryInput(Vrp.Location Depot, IReadOnlyList<Vrp.Stop> Stops, IReadOnlyList<Vrp.Vehicle> Fleet, IReadOnlySet<long> Nowhere)
{
    /// <summary>The points a travel matrix for this solve must cover, in the routing problem's node order.</summary>
    public IReadOnlyList<Vrp.Location> Points => Vrp.RoutingProblem.NodeLocations(Depot, Stops, Fleet);
}

/// <summary>
/// The bridge to <c>Wms.Vrp.Vehicles</c>: shipments become stops (depot = the warehouse, time in seconds
/// after midnight local time), vehicles keep their codes as ids, pins become allowed vehicles and locked
/// routes fixed routes. The solver is pure: this runs outside any transaction, and the caller stores the result.
/// </summary>
public static class DeliveryProblem
{
    /// <summary>
    /// Shipments with what planning needs of their orders (place, window, ship date), in one query: filter it, read it
    /// once, check the rows and hand them to <see cref="WithLoadsAsync"/>.
    /// </summary>
    public static IQueryable<ShipmentStop> Stops(WmsDbContext db) =>
        from s in db.Set<Shipment>().AsNoTracking()
        join o in db.Set<Order>() on s.OrderId equals o.Id
        select new ShipmentStop
        {
            ShipmentId = s.Id, WarehouseId = s.WarehouseId, Status = s.Status, RouteCode = s.RouteCode, ShipDate = o.RequestedShipDate,
            Latitude = o.Latitude, Longitude = o.Longitude, WindowStartMinutes = o.WindowStartMinutes, WindowEndMinutes = o.WindowEndMinutes,
        };

    /// <summary>The shipments named, loaded for the solver (<see cref="WithLoadsAsync"/>).</summary>
    public static async Task<List<DeliveryShipment>> LoadShipmentsAsync(WmsDbContext db, IReadOnlyCollection<long> shipmentIds, CancellationToken cancellationToken)
    {
        var ids = shipmentIds.ToList();
        return await WithLoadsAsync(db, await Stops(db).Where(s => ids.Contains(s.ShipmentId)).ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Weight from the cartons, volume from the SKUs packed (unit volume × quantity), window and place from the order.</summary>
    public static async Task<List<DeliveryShipment>> WithLoadsAsync(WmsDbContext db, IReadOnlyList<ShipmentStop> stops, CancellationToken cancellationToken)
    {
        var ids = stops.Select(s => s.ShipmentId).ToList();
        var cartons = await db.Set<Carton>().AsNoTracking().Where(c => c.ShipmentId != null && ids.Contains(c.ShipmentId.Value))
            .GroupBy(c => c.ShipmentId!.Value).Select(g => new { g.Key, Weight = g.Sum(c => c.WeightKg), Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, cancellationToken);
        var volumes = await (from l in db.Set<CartonLine>().AsNoTracking()
                             join c in db.Set<Carton>() on l.CartonId equals c.Id
                             join ol in db.Set<OrderLine>() on l.OrderLineId equals ol.Id
                             join k in db.Set<Sku>() on ol.SkuId equals k.Id
                             where c.ShipmentId != null && ids.Contains(c.ShipmentId.Value)
                             select new { ShipmentId = c.ShipmentId!.Value, Volume = l.Quantity * k.UnitVolumeM3 }).ToListAsync(cancellationToken);
        var volumeOf = volumes.GroupBy(v => v.ShipmentId).ToDictionary(g => g.Key, g => g.Sum(v => v.Volume));
        return stops.OrderBy(o => o.ShipmentId).Select(o => new DeliveryShipment(
            o.ShipmentId, o.Latitude, o.Longitude, cartons.GetValueOrDefault(o.ShipmentId)?.Weight ?? 0, volumeOf.GetValueOrDefault(o.ShipmentId),
            cartons.GetValueOrDefault(o.ShipmentId)?.Count ?? 0, o.WindowStartMinutes, o.WindowEndMinutes)).ToList();
    }

    /// <summary>
    /// The routing library's stops, fleet and depot for a solve, built once: the travel matrix is fetched for
    /// <see cref="DeliveryInput.Points"/> and the problem is made of the same lists, so the two cannot disagree
    /// on the node order. Pins become the stops' allowed vehicles.
    /// </summary>
    /// <param name="depots">Warehouses vehicles are based at when not the plan's (<see cref="DispatchQueries.DepotsAsync"/>); a vehicle starts and ends there.</param>
    public static DeliveryInput Input(
        Warehouse warehouse, IReadOnlyList<Vehicle> vehicles, IReadOnlyList<DeliveryShipment> shipments, IReadOnlyDictionary<long, long> pins, DispatchOptions options,
        IReadOnlyDictionary<long, Warehouse>? depots = null)
    {
        var codeOf = vehicles.ToDictionary(v => v.Id, v => v.Code);
        var nowhere = Nowhere(shipments);
        var stops = shipments.Where(s => !nowhere.Contains(s.ShipmentId)).Select(s => new Vrp.Stop(
            Key(s.ShipmentId),
            Vrp.Location.FromLatitudeLongitude(s.Latitude, s.Longitude),
            Weight: s.WeightKg,
            Volume: s.VolumeM3,
            ServiceTime: 60 * (options.ServiceMinutesPerStop + (options.ServiceMinutesPerCarton * s.Cartons)),
            ReadyTime: 60.0 * s.WindowStartMinutes,
            DueTime: 60.0 * s.WindowEndMinutes,
            AllowedVehicles: pins.TryGetValue(s.ShipmentId, out var pinned) ? [codeOf[pinned]] : null)).ToList();
        return new DeliveryInput(Vrp.Location.FromLatitudeLongitude(warehouse.Latitude, warehouse.Longitude), stops, Fleet(vehicles, depots), nowhere);
    }

    /// <param name="input">From <see cref="Input"/> with the same shipments, vehicles and pins.</param>
    /// <param name="travel">Matrices over <see cref="DeliveryInput.Points"/> (a road network); null = great circle at the average speed.</param>
    public static SolvedPlan Solve(
        DeliveryInput input, IReadOnlyList<Vehicle> vehicles, IReadOnlyList<DeliveryShipment> shipments, PlanKeep keep, DispatchOptions options, RouteEngine engine, int seed,
        int timeBudgetMs, CancellationToken cancellationToken, Vrp.TravelModel? travel = null)
    {
        var (pins, locked, current) = (keep.Pins, keep.Locked, keep.Current);
        var byId = vehicles.ToDictionary(v => v.Id);
        var byCode = vehicles.ToDictionary(v => v.Code, StringComparer.Ordinal);
        var nowhere = input.Nowhere;
        var fixedRoutes = locked.SelectMany(l => Trips(byId[l.Key].Code, l.Value.Where(id => !nowhere.Contains(id)), keep.Trips));
        var problem = new Vrp.RoutingProblem(input.Depot, input.Stops, input.Fleet, travel ?? Vrp.TravelModel.Haversine(options.AverageSpeedKmh), fixedRoutes);
        // A re-plan starts from the current routes, so it never comes back worse; a stop since pinned to another
        // vehicle starts unserved (on its old vehicle the start would break the pin and be ignored whole).
        var start = current.SelectMany(c => Trips(byId[c.Key].Code, c.Value.Where(id => !pins.TryGetValue(id, out var pin) || pin == c.Key), keep.Trips)).ToList();
        var (plan, solvedBy, startKept) = RoutePlanner.Plan(
            problem, new Vrp.SolverOptions { Seed = seed, TimeBudget = TimeSpan.FromMilliseconds(timeBudgetMs), MaxIterations = options.MaxIterations, InitialRoutes = start }, engine, cancellationToken);

        var shipmentOf = shipments.ToDictionary(s => s.ShipmentId);
        var routes = plan.Routes.Select(r => new SolvedRoute(
            byCode[r.VehicleId].Id, r.StartTime, r.EndTime, r.Distance, r.Weight, r.Volume, r.Cost,
            r.Visits.Select((v, i) => new SolvedVisit(
                long.Parse(v.StopId, CultureInfo.InvariantCulture), v.Arrival, v.ServiceStart, v.Departure, r.Breaks.Where(b => b.AfterVisit == i).Sum(b => b.Duration))).ToList(), r.Trip)).ToList();
        var unserved = plan.Unserved.Select(u =>
        {
            var shipment = shipmentOf[long.Parse(u.StopId, CultureInfo.InvariantCulture)];
            var candidates = pins.TryGetValue(shipment.ShipmentId, out var pin) ? [byId[pin]] : vehicles.Where(v => !locked.ContainsKey(v.Id)).ToList();
            return u.Reason == Vrp.UnservedReason.NoVehicleCanServe
                ? new SolvedUnserved(shipment.ShipmentId, UnservedReason.NoVehicleCanServe, WhyNoVehicle(shipment, candidates, pins.ContainsKey(shipment.ShipmentId), locked))
                : new SolvedUnserved(shipment.ShipmentId, UnservedReason.FleetExhausted, WhyNoRoom(candidates, pins.ContainsKey(shipment.ShipmentId), vehicles.Count, locked.Count));
        }).ToList();
        unserved.AddRange(nowhere.Order().Select(id => new SolvedUnserved(id, UnservedReason.NoVehicleCanServe, "its order has no delivery coordinates (latitude and longitude are 0).")));
        return new SolvedPlan(routes, unserved, startKept ? DispatchEngine.CurrentRoutes : RoutePlanner.Name(solvedBy));
    }

    /// <summary>Writes a solve onto the plan's routes and stops (all of them: a stop not in the solve is left out).</summary>
    public static void Apply(RoutePlan plan, SolvedPlan solved)
    {
        foreach (var route in plan.Routes)
        {
            (route.StartSecond, route.EndSecond, route.DistanceKm, route.LoadWeightKg, route.LoadVolumeM3, route.Cost) = (0, 0, 0, 0, 0, 0);
        }

        var stops = plan.Stops.ToDictionary(s => s.ShipmentId);
        foreach (var stop in plan.Stops)
        {
            (stop.RouteId, stop.StopNumber, stop.ArrivalSecond, stop.ServiceStartSecond, stop.DepartureSecond, stop.LoadAfterKg) = (null, 0, 0, 0, 0, 0);
            (stop.BreakAfterSeconds, stop.EtaSecond, stop.Trip) = (0, 0, 1);
            (stop.UnservedReason, stop.UnservedDetail) = (UnservedReason.FleetExhausted, "not planned yet");
        }

        // A vehicle's trips make one route of the day: its times span the trips, km, load and cost add up,
        // stop numbers run on and each stop keeps its trip.
        foreach (var day in solved.Routes.GroupBy(r => r.VehicleId))
        {
            var trips = day.OrderBy(r => r.Trip).ToList();
            var route = plan.Routes.First(r => r.VehicleId == day.Key);
            route.StartSecond = Second(trips[0].StartSecond);
            route.EndSecond = Second(trips[^1].EndSecond);
            route.DistanceKm = Math.Round(trips.Sum(t => t.DistanceKm), 3);
            route.LoadWeightKg = trips.Sum(t => t.WeightKg);
            route.LoadVolumeM3 = trips.Sum(t => t.VolumeM3);
            route.Cost = Math.Round(trips.Sum(t => t.Cost), 2);
            var number = 0;
            foreach (var solvedRoute in trips)
            {
                var onBoard = solvedRoute.WeightKg;
                foreach (var visit in solvedRoute.Visits)
                {
                    var stop = stops[visit.ShipmentId];
                    onBoard -= stop.WeightKg;
                    stop.RouteId = route.Id;
                    stop.StopNumber = ++number;
                    stop.Trip = solvedRoute.Trip;
                    stop.ArrivalSecond = Second(visit.Arrival);
                    stop.ServiceStartSecond = Second(visit.ServiceStart);
                    stop.DepartureSecond = Second(visit.Departure);
                    stop.BreakAfterSeconds = Second(visit.BreakAfter);
                    stop.EtaSecond = stop.ArrivalSecond;
                    stop.LoadAfterKg = Math.Max(0, Math.Round(onBoard, 6));
                    (stop.UnservedReason, stop.UnservedDetail) = (null, "");
                }
            }
        }

        foreach (var unserved in solved.Unserved)
        {
            (stops[unserved.ShipmentId].UnservedReason, stops[unserved.ShipmentId].UnservedDetail) = (unserved.Reason, unserved.Detail);
        }
    }

    /// <summary>The bounded solve budget: 0 means the default; outside the range is refused naming the field.</summary>
    public static int TimeBudget(int requested, int fallback) => requested switch
    {
        0 => fallback,
        < DispatchOptions.MinTimeBudgetMs or > DispatchOptions.MaxTimeBudgetMs => throw Common.DomainException.Invalid(
            "time_budget_ms", $"must be between {DispatchOptions.MinTimeBudgetMs} and {DispatchOptions.MaxTimeBudgetMs} (0 for the default), got {requested}."),
        _ => requested,
    };

    private static string Key(long shipmentId) => shipmentId.ToString(CultureInfo.InvariantCulture);

    // An order taken without coordinates (0, 0) would be "served" in the Gulf of Guinea: left out, saying why.
    private static IReadOnlySet<long> Nowhere(IReadOnlyList<DeliveryShipment> shipments) =>
        shipments.Where(s => s.Latitude == 0 && s.Longitude == 0).Select(s => s.ShipmentId).ToHashSet();

    private static List<Vrp.Vehicle> Fleet(IReadOnlyList<Vehicle> vehicles, IReadOnlyDictionary<long, Warehouse>? depots) => vehicles.Select(v => new Vrp.Vehicle(
        v.Code,
        v.WeightCapacityKg,
        VolumeCapacity: v.VolumeCapacityM3 > 0 ? v.VolumeCapacityM3 : double.PositiveInfinity,
        ShiftStart: 60.0 * v.ShiftStartMinutes,
        ShiftEnd: 60.0 * v.ShiftEndMinutes,
        CostPerDistance: v.CostPerKm,
        FixedCost: v.FixedCost,
        MaxRouteDuration: v.MaxRouteMinutes > 0 ? 60.0 * v.MaxRouteMinutes : double.PositiveInfinity,
        MaxDrivingTime: v.MaxDrivingMinutes > 0 ? 60.0 * v.MaxDrivingMinutes : double.PositiveInfinity,
        BreakAfterDriving: v.BreakAfterDrivingMinutes > 0 ? 60.0 * v.BreakAfterDrivingMinutes : double.PositiveInfinity,
        BreakDuration: 60.0 * v.BreakMinutes,
        MaxTrips: Math.Max(1, v.MaxTrips),
        ReloadTime: 60.0 * v.ReloadMinutes,
        Depot: v.DepotWarehouseId is { } depot && depots?.GetValueOrDefault(depot) is { } at ? Vrp.Location.FromLatitudeLongitude(at.Latitude, at.Longitude) : null)).ToList();

    /// <summary>A vehicle's shipments in day order cut into its trips (the routing library's routes, one per trip, in order).</summary>
    private static IEnumerable<Vrp.FixedRoute> Trips(string vehicleCode, IEnumerable<long> shipments, IReadOnlyDictionary<long, int> tripOf) =>
        shipments.GroupBy(id => tripOf.GetValueOrDefault(id, 1)).OrderBy(g => g.Key).Select(g => new Vrp.FixedRoute(vehicleCode, [.. g.Select(Key)]))
            .DefaultIfEmpty(new Vrp.FixedRoute(vehicleCode, []));

    // Service starts are never after a due time (whole minutes × 60), so rounding cannot push one out of its window.
    private static int Second(double value) => (int)Math.Round(value, MidpointRounding.AwayFromZero);

    private static string WhyNoVehicle(DeliveryShipment s, List<Vehicle> candidates, bool pinned, IReadOnlyDictionary<long, List<long>> locked)
    {
        var who = pinned ? $"vehicle {candidates[0].Code} (pinned)" : "the largest vehicle";
        if (candidates.Count == 0 || (pinned && locked.ContainsKey(candidates[0].Id)))
        {
            return pinned ? $"pinned to vehicle {candidates[0].Code}, whose route is locked without it; unpin it or unlock that route." : "every vehicle of the plan is on a locked route.";
        }

        var maxWeight = candidates.Max(v => v.WeightCapacityKg);
        if (s.WeightKg > maxWeight + 1e-9)
        {
            return Text($"weighs {s.WeightKg:0.###} kg, more than {who} carries ({maxWeight:0.###} kg).");
        }

        if (candidates.All(v => v.VolumeCapacityM3 > 0) && s.VolumeM3 > candidates.Max(v => v.VolumeCapacityM3) + 1e-9)
        {
            return Text($"takes {s.VolumeM3:0.###} m3, more than {who} holds ({candidates.Max(v => v.VolumeCapacityM3):0.###} m3).");
        }

        return $"its delivery window {ClockTime.Format(s.WindowStartMinutes)}-{ClockTime.Format(s.WindowEndMinutes)} cannot be reached and served within the shift, the maximum route time or the driving limit of "
            + (pinned ? $"vehicle {candidates[0].Code} (pinned)." : "any vehicle.");
    }

    private static string WhyNoRoom(List<Vehicle> candidates, bool pinned, int vehicles, int lockedRoutes) => pinned
        ? $"pinned to vehicle {candidates[0].Code}, whose route has no room or time left for it."
        : $"no room or time left on the {vehicles} vehicles of the plan ({lockedRoutes} locked routes); add a vehicle or unlock a route.";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
