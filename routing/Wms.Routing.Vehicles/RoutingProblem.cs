namespace Wms.Routing.Vehicles;

/// <summary>
/// An immutable, validated delivery-routing problem: a depot (and the depots of vehicles based elsewhere), stops and a fleet. Distances and travel
/// times are computed once here so every solve works on flat precomputed matrices.
/// </summary>
public sealed class RoutingProblem
{
    private readonly Stop[] _stops;
    private readonly Vehicle[] _vehicles;
    private readonly FixedRoute[] _fixedRoutes;
    private readonly Location[] _depots;
    private readonly int[] _vehicleDepot;

    /// <param name="fixedRoutes">Routes kept as given (see <see cref="FixedRoute"/>); at most one per vehicle, a stop on at most one.</param>
    public RoutingProblem(Location depot, IEnumerable<Stop> stops, IEnumerable<Vehicle> vehicles, TravelModel travel, IEnumerable<FixedRoute>? fixedRoutes = null)
    {
        ArgumentNullException.ThrowIfNull(stops);
        ArgumentNullException.ThrowIfNull(vehicles);
        ArgumentNullException.ThrowIfNull(travel);
        _stops = [.. stops];
        _vehicles = [.. vehicles];
        Depot = depot;
        Travel = travel;
        if (_vehicles.Length == 0)
        {
            throw new ArgumentException("The fleet needs at least one vehicle.", nameof(vehicles));
        }

        if (travel.Kind != TravelModel.ModelKind.Matrix)
        {
            RequireFinite(depot.X, "depot.X");
            RequireFinite(depot.Y, "depot.Y");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _stops.Length; i++)
        {
            ValidateStop(_stops[i], i, travel.Kind);
            if (!ids.Add(_stops[i].Id))
            {
                throw new ArgumentException($"stops[{i}].Id '{_stops[i].Id}' is not unique.", $"stops[{i}].Id");
            }
        }

        ids.Clear();
        for (int k = 0; k < _vehicles.Length; k++)
        {
            ValidateVehicle(_vehicles[k], k);
            if (!ids.Add(_vehicles[k].Id))
            {
                throw new ArgumentException($"vehicles[{k}].Id '{_vehicles[k].Id}' is not unique.", $"vehicles[{k}].Id");
            }
        }

        for (int i = 0; i < _stops.Length; i++)
        {
            ValidateAllowedVehicles(_stops[i], i, ids);
        }

        (_depots, _vehicleDepot) = DepotsOf(depot, _vehicles);
        for (int k = 0; k < _vehicles.Length; k++)
        {
            if (travel.Kind == TravelModel.ModelKind.Haversine && _vehicles[k].Depot is { } own && (Math.Abs(own.Y) > 90 || Math.Abs(own.X) > 180))
            {
                throw new ArgumentException($"vehicles[{k}].Depot is not a valid latitude/longitude.", $"vehicles[{k}].Depot");
            }
        }

        _fixedRoutes = fixedRoutes is null ? [] : [.. fixedRoutes];
        ValidateFixedRoutes();
        (Distances, Times) = Internal.MatrixBuilder.Build(_depots, _stops, travel);
    }

    public Location Depot { get; }

    /// <summary>
    /// Every depot: <see cref="Depot"/> first, then each other <see cref="Vehicle.Depot"/> in the order the
    /// fleet names them. With matrices, depot j ≥ 1 is node n + j (after the n stops).
    /// </summary>
    public IReadOnlyList<Location> Depots => _depots;

    /// <summary>Index in <see cref="Depots"/> of the depot vehicle <paramref name="vehicleIndex"/> starts and ends at.</summary>
    public int DepotOf(int vehicleIndex) => _vehicleDepot[vehicleIndex];

    /// <summary>Node of vehicle <paramref name="vehicleIndex"/>'s depot for <see cref="Distance"/> and <see cref="TravelTime"/>.</summary>
    public int DepotNode(int vehicleIndex) => _vehicleDepot[vehicleIndex] == 0 ? 0 : _stops.Length + _vehicleDepot[vehicleIndex];

    /// <summary>
    /// The points a travel matrix for this depot, stops and fleet must cover, in matrix order: the depot,
    /// each stop, then each other vehicle depot (see <see cref="Depots"/>).
    /// </summary>
    public static IReadOnlyList<Location> NodeLocations(Location depot, IReadOnlyList<Stop> stops, IReadOnlyList<Vehicle> vehicles)
    {
        ArgumentNullException.ThrowIfNull(stops);
        ArgumentNullException.ThrowIfNull(vehicles);
        var (depots, _) = DepotsOf(depot, [.. vehicles]);
        return [depots[0], .. stops.Select(s => s.Location), .. depots.Skip(1)];
    }

    /// <summary>Whether some vehicle drives more than one trip a day.</summary>
    public bool HasTrips => _vehicles.Any(v => v.MaxTrips > 1);

    public IReadOnlyList<Stop> Stops => _stops;

    public IReadOnlyList<Vehicle> Vehicles => _vehicles;

    public TravelModel Travel { get; }

    public IReadOnlyList<FixedRoute> FixedRoutes => _fixedRoutes;

    /// <summary>How many of the vehicles a plan uses: any number up to the fleet (default) or every one.</summary>
    public FleetRule Fleet { get; init; } = FleetRule.AtMost;

    /// <summary>
    /// The joint trip search's problem (<see cref="Internal.MultiTripSolve"/>): vehicle k is one trip of a
    /// real vehicle, and <c>TripGroup[k]</c> is the index of that vehicle's first trip (a vehicle's trips are
    /// consecutive, in trip order). Trips of one group share the day: they run one after the other with the
    /// reload between them, and the shift, duration and driving limits hold over all of them. Null = every
    /// vehicle drives one route.
    /// </summary>
    internal int[]? TripGroup { get; set; }

    /// <summary>Flat matrices, index 0 = depot, i + 1 = stop i, n + j = depot j ≥ 1 (none with one depot).</summary>
    internal double[] Distances { get; }

    internal double[] Times { get; }

    internal int NodeCount => _stops.Length + _depots.Length;

    /// <summary>Distance between nodes (0 = depot, i + 1 = stop i, n + j = depot j ≥ 1).</summary>
    public double Distance(int fromNode, int toNode) => Distances[Index(fromNode, toNode)];

    /// <summary>Travel time between nodes (0 = depot, i + 1 = stop i, n + j = depot j ≥ 1).</summary>
    public double TravelTime(int fromNode, int toNode) => Times[Index(fromNode, toNode)];

    private int Index(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, NodeCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, NodeCount);
        return (from * NodeCount) + to;
    }

    private static void ValidateStop(Stop s, int i, TravelModel.ModelKind kind)
    {
        string p = $"stops[{i}]";
        if (string.IsNullOrWhiteSpace(s.Id))
        {
            throw new ArgumentException($"{p}.Id must not be empty.", $"{p}.Id");
        }

        if (kind != TravelModel.ModelKind.Matrix)
        {
            RequireFinite(s.Location.X, $"{p}.Location.X");
            RequireFinite(s.Location.Y, $"{p}.Location.Y");
        }

        if (kind == TravelModel.ModelKind.Haversine && (Math.Abs(s.Location.Y) > 90 || Math.Abs(s.Location.X) > 180))
        {
            throw new ArgumentException($"{p}.Location is not a valid latitude/longitude.", $"{p}.Location");
        }

        RequireNonNegativeFinite(s.Weight, $"{p}.Weight");
        RequireNonNegativeFinite(s.Volume, $"{p}.Volume");
        RequireNonNegativeFinite(s.ServiceTime, $"{p}.ServiceTime");
        RequireFinite(s.ReadyTime, $"{p}.ReadyTime");
        if (double.IsNaN(s.DueTime) || s.DueTime < s.ReadyTime)
        {
            throw new ArgumentException($"{p}.DueTime must not be before ReadyTime.", $"{p}.DueTime");
        }

        if (double.IsNaN(s.UnservedPenalty) || s.UnservedPenalty < 0)
        {
            throw new ArgumentException($"{p}.UnservedPenalty must be non-negative.", $"{p}.UnservedPenalty");
        }
    }

    private static void ValidateAllowedVehicles(Stop s, int i, HashSet<string> vehicleIds)
    {
        if (s.AllowedVehicles is null)
        {
            return;
        }

        for (int j = 0; j < s.AllowedVehicles.Count; j++)
        {
            if (s.AllowedVehicles[j] is null || !vehicleIds.Contains(s.AllowedVehicles[j]))
            {
                throw new ArgumentException($"stops[{i}].AllowedVehicles[{j}] '{s.AllowedVehicles[j]}' is not a vehicle of the fleet.", $"stops[{i}].AllowedVehicles");
            }
        }
    }

    private static (Location[] Depots, int[] VehicleDepot) DepotsOf(Location depot, Vehicle[] vehicles)
    {
        var depots = new List<Location> { depot };
        var of = new int[vehicles.Length];
        for (int k = 0; k < vehicles.Length; k++)
        {
            if (vehicles[k].Depot is Location own)
            {
                int j = depots.IndexOf(own);
                of[k] = j >= 0 ? j : depots.Count;
                if (j < 0)
                {
                    depots.Add(own);
                }
            }
        }

        return ([.. depots], of);
    }

    private void ValidateFixedRoutes()
    {
        var vehicles = _vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var stops = _stops.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var tripsOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var usedStops = new HashSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < _fixedRoutes.Length; f++)
        {
            string p = $"fixedRoutes[{f}]";
            var route = _fixedRoutes[f] ?? throw new ArgumentException($"{p} must not be null.", p);
            if (route.VehicleId is null || !vehicles.TryGetValue(route.VehicleId, out int vehicle))
            {
                throw new ArgumentException($"{p}.VehicleId '{route.VehicleId}' is not a vehicle of the fleet.", $"{p}.VehicleId");
            }

            // A vehicle with several trips may have a fixed route per trip, in trip order.
            int trips = tripsOf[route.VehicleId] = tripsOf.GetValueOrDefault(route.VehicleId) + 1;
            if (trips > _vehicles[vehicle].MaxTrips)
            {
                throw new ArgumentException($"{p}.VehicleId '{route.VehicleId}' has more fixed routes than trips.", $"{p}.VehicleId");
            }

            ArgumentNullException.ThrowIfNull(route.StopIds, $"{p}.StopIds");
            for (int j = 0; j < route.StopIds.Count; j++)
            {
                string id = route.StopIds[j];
                if (id is null || !stops.TryGetValue(id, out int i))
                {
                    throw new ArgumentException($"{p}.StopIds[{j}] '{id}' is not a stop of the problem.", $"{p}.StopIds");
                }

                if (!usedStops.Add(id))
                {
                    throw new ArgumentException($"{p}.StopIds[{j}] '{id}' is already on a fixed route.", $"{p}.StopIds");
                }

                if (!_stops[i].Allows(route.VehicleId))
                {
                    throw new ArgumentException($"{p}.StopIds[{j}] '{id}' does not allow vehicle '{route.VehicleId}'.", $"{p}.StopIds");
                }
            }
        }
    }

    private static void ValidateVehicle(Vehicle v, int k)
    {
        string p = $"vehicles[{k}]";
        if (string.IsNullOrWhiteSpace(v.Id))
        {
            throw new ArgumentException($"{p}.Id must not be empty.", $"{p}.Id");
        }

        RequireNonNegative(v.WeightCapacity, $"{p}.WeightCapacity");
        RequireNonNegative(v.VolumeCapacity, $"{p}.VolumeCapacity");
        RequireFinite(v.ShiftStart, $"{p}.ShiftStart");
        if (double.IsNaN(v.ShiftEnd) || v.ShiftEnd < v.ShiftStart)
        {
            throw new ArgumentException($"{p}.ShiftEnd must not be before ShiftStart.", $"{p}.ShiftEnd");
        }

        RequireNonNegativeFinite(v.CostPerDistance, $"{p}.CostPerDistance");
        RequireNonNegativeFinite(v.FixedCost, $"{p}.FixedCost");
        if (double.IsNaN(v.MaxRouteDuration) || v.MaxRouteDuration <= 0)
        {
            throw new ArgumentException($"{p}.MaxRouteDuration must be positive.", $"{p}.MaxRouteDuration");
        }

        if (double.IsNaN(v.MaxDrivingTime) || v.MaxDrivingTime <= 0)
        {
            throw new ArgumentException($"{p}.MaxDrivingTime must be positive.", $"{p}.MaxDrivingTime");
        }

        if (double.IsNaN(v.BreakAfterDriving) || v.BreakAfterDriving <= 0)
        {
            throw new ArgumentException($"{p}.BreakAfterDriving must be positive.", $"{p}.BreakAfterDriving");
        }

        RequireNonNegativeFinite(v.BreakDuration, $"{p}.BreakDuration");
        if (v.MaxTrips < 1)
        {
            throw new ArgumentException($"{p}.MaxTrips must be at least 1.", $"{p}.MaxTrips");
        }

        RequireNonNegativeFinite(v.ReloadTime, $"{p}.ReloadTime");
        if (v.Depot is Location own)
        {
            RequireFinite(own.X, $"{p}.Depot.X");
            RequireFinite(own.Y, $"{p}.Depot.Y");
        }
    }

    private static void RequireFinite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{field} must be a finite number.", field);
        }
    }

    private static void RequireNonNegativeFinite(double value, string field)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentException($"{field} must be a finite, non-negative number.", field);
        }
    }

    private static void RequireNonNegative(double value, string field)
    {
        if (double.IsNaN(value) || value < 0)
        {
            throw new ArgumentException($"{field} must be non-negative.", field);
        }
    }
}
