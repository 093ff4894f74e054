using Google.OrTools.ConstraintSolver;
using Wms.Routing.Vehicles.Internal;

namespace Wms.Routing.Vehicles.OrTools.Internal;

/// <summary>
/// The problem as an OR-Tools routing model. Model node 0 is the depot, model nodes 1..<see cref="StopNodes"/>
/// are stops (problem node <c>Nodes[m]</c> = stop index + 1), then the other depots of the fleet, each
/// vehicle starting and ending at its own; stops no vehicle can serve even alone stay out of the model.
/// Every stop is a disjunction: optional stops with their penalty, required ones with a big-M, so the
/// model always has a solution and a stop that does not fit is reported rather than failing the solve.
/// </summary>
internal sealed class RoutingModelBuilder
{
    private const double LargestCost = 1e7;
    private const double LargestTime = 1e9;
    private const double LargestLoad = 1e12;

    private readonly RoutingProblem _problem;
    private readonly IntegerScale _cost;
    private readonly IntegerScale _time;
    private readonly double _origin;
    private readonly bool _vehiclesFirst;

    public RoutingModelBuilder(RoutingProblem problem, Func<int, bool> canServeAlone, bool vehiclesFirst)
    {
        _problem = problem;
        _vehiclesFirst = vehiclesFirst;
        int n = problem.Stops.Count;
        int[] stops = [.. Enumerable.Range(1, n).Where(canServeAlone)];
        StopNodes = stops.Length;
        Nodes = [0, .. stops, .. Enumerable.Range(1, problem.Depots.Count - 1).Select(j => n + j)];
        var vehicles = problem.Vehicles;
        _cost = IntegerScale.For(ArcCosts(), LargestCost);
        _origin = vehicles.Min(v => v.ShiftStart);
        HasTime = vehicles.Any(v => double.IsFinite(v.ShiftEnd) || double.IsFinite(v.MaxRouteDuration) || double.IsFinite(v.MaxDrivingTime) || v.HasBreakRule)
            || problem.Stops.Any(s => double.IsFinite(s.DueTime));
        TimeEnd = LatestUsefulTime();
        _time = IntegerScale.For(TimesUsed(), LargestTime);
        int[] homes = [.. Enumerable.Range(0, vehicles.Count).Select(k => ModelNode(problem.DepotNode(k)))];
        Manager = problem.Depots.Count == 1
            ? new RoutingIndexManager(Nodes.Length, vehicles.Count, 0)
            : new RoutingIndexManager(Nodes.Length, vehicles.Count, homes, homes);
        Model = new RoutingModel(Manager);
    }

    /// <summary>Problem node of each model node.</summary>
    public int[] Nodes { get; }

    /// <summary>How many stops are in the model (model nodes 1 to this).</summary>
    public int StopNodes { get; }

    public RoutingIndexManager Manager { get; }

    public RoutingModel Model { get; }

    public double CostFactor => _cost.Factor;

    private bool HasTime { get; }

    private double TimeEnd { get; }

    public void Build()
    {
        AddCosts();
        AddLoad("Weight", s => s.Weight, v => v.WeightCapacity);
        AddLoad("Volume", s => s.Volume, v => v.VolumeCapacity);
        if (HasTime)
        {
            AddTime();
            AddDriving();
        }

        AddStops();
        if (_problem.Fleet == FleetRule.Exactly)
        {
            var solver = Model.solver();
            for (int k = 0; k < _problem.Vehicles.Count; k++)
            {
                solver.Add(Model.ActiveVehicleVar(k) == 1);
            }
        }
    }

    private int Node(long index) => Nodes[Manager.IndexToNode(index)];

    /// <summary>Model node of a problem node (a stop in the model or a depot).</summary>
    private int ModelNode(int problemNode)
    {
        int m = Array.IndexOf(Nodes, problemNode);
        return m >= 0 ? m : throw new ArgumentOutOfRangeException(nameof(problemNode), problemNode, "Not a node of the model.");
    }

    private bool IsStop(int problemNode) => problemNode >= 1 && problemNode <= _problem.Stops.Count;

    private double Service(int problemNode) => IsStop(problemNode) ? _problem.Stops[problemNode - 1].ServiceTime : 0;

    /// <summary>
    /// The routing search's start: <paramref name="routes"/> (vehicle id, stop ids in order) as an
    /// assignment of this model, or null when they name no stop of the model or break one of its
    /// constraints (OR-Tools then starts from its own construction).
    /// </summary>
    public Assignment? StartFrom(IReadOnlyList<FixedRoute> routes)
    {
        var vehicleOf = _problem.Vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var modelNodeOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int m = 1; m <= StopNodes; m++)
        {
            modelNodeOf[_problem.Stops[Nodes[m] - 1].Id] = m;
        }

        var byVehicle = new long[_problem.Vehicles.Count][];
        var placed = new HashSet<int>();
        foreach (var route in routes)
        {
            if (route?.VehicleId is null || !vehicleOf.TryGetValue(route.VehicleId, out int k) || byVehicle[k] is not null)
            {
                continue;
            }

            // Ids the model does not know (or seen on an earlier route) are skipped, as HGS's warm start skips them.
            byVehicle[k] = [.. (route.StopIds ?? []).Where(id => id is not null && modelNodeOf.ContainsKey(id) && placed.Add(modelNodeOf[id]))
                .Select(id => Manager.NodeToIndex(modelNodeOf[id]))];
        }

        for (int k = 0; k < byVehicle.Length; k++)
        {
            byVehicle[k] ??= [];
        }

        return placed.Count == 0 ? null : Model.ReadAssignmentFromRoutes(byVehicle, true);
    }

    private IEnumerable<double> ArcCosts()
    {
        double maxCpk = _problem.Vehicles.Max(v => v.CostPerDistance);
        foreach (int a in Nodes)
        {
            foreach (int b in Nodes)
            {
                yield return _problem.Distance(a, b) * maxCpk;
            }
        }

        foreach (var v in _problem.Vehicles)
        {
            yield return v.FixedCost;
            foreach (int a in Nodes)
            {
                foreach (int b in Nodes)
                {
                    yield return _problem.Distance(a, b) * v.CostPerDistance;
                }
            }
        }
    }

    /// <summary>
    /// For the vehicles-first objective each route pays more than any plan's whole travel cost, so one
    /// vehicle fewer always wins (the hierarchical objective as a weighted sum).
    /// </summary>
    private long VehiclePrice()
    {
        if (!_vehiclesFirst)
        {
            return 0;
        }

        double maxCpk = _problem.Vehicles.Max(v => v.CostPerDistance);
        double total = Nodes.Sum(a => Nodes.Max(b => _problem.Distance(a, b))) * maxCpk;
        return _cost.Up(total + _problem.Vehicles.Sum(v => v.FixedCost)) + 1;
    }

    private void AddCosts()
    {
        long vehiclePrice = VehiclePrice();
        // One arc-cost callback per distinct cost per distance; vehicles sharing a rate share a callback.
        var byRate = new Dictionary<double, int>();
        for (int k = 0; k < _problem.Vehicles.Count; k++)
        {
            var v = _problem.Vehicles[k];
            if (!byRate.TryGetValue(v.CostPerDistance, out int callback))
            {
                double rate = v.CostPerDistance;
                callback = Model.RegisterTransitCallback((from, to) => _cost.Nearest(_problem.Distance(Node(from), Node(to)) * rate));
                byRate[rate] = callback;
            }

            Model.SetArcCostEvaluatorOfVehicle(callback, k);
            Model.SetFixedCostOfVehicle(_cost.Nearest(v.FixedCost) + vehiclePrice, k);
        }
    }

    private void AddLoad(string name, Func<Stop, double> demand, Func<Vehicle, double> capacity)
    {
        var vehicles = _problem.Vehicles;
        if (vehicles.All(v => double.IsPositiveInfinity(capacity(v))))
        {
            return;
        }

        var scale = IntegerScale.For(
            _problem.Stops.Select(demand).Append(_problem.Stops.Sum(demand)).Concat(vehicles.Select(capacity)), LargestLoad);
        long unlimited = scale.Up(_problem.Stops.Sum(demand)) + 1;
        int callback = Model.RegisterUnaryTransitCallback(from =>
        {
            int node = Node(from);
            return IsStop(node) ? scale.Up(demand(_problem.Stops[node - 1])) : 0;
        });
        long[] capacities = [.. vehicles.Select(v => double.IsPositiveInfinity(capacity(v)) ? unlimited : Math.Min(unlimited, scale.Down(capacity(v))))];
        Model.AddDimensionWithVehicleCapacity(callback, 0, capacities, true, name);
    }

    private IEnumerable<double> TimesUsed()
    {
        yield return TimeEnd - _origin;
        foreach (int a in Nodes)
        {
            yield return Service(a);
            foreach (int b in Nodes)
            {
                yield return _problem.TravelTime(a, b);
            }
        }

        foreach (var v in _problem.Vehicles)
        {
            yield return v.ShiftStart - _origin;
            yield return Math.Min(v.ShiftEnd, TimeEnd) - _origin;
            yield return Math.Min(v.MaxRouteDuration, TimeEnd - _origin);
            yield return Math.Min(v.MaxDrivingTime, TimeEnd - _origin);
            if (v.HasBreakRule)
            {
                yield return v.BreakDuration;
                yield return Math.Min(v.BreakAfterDriving, TimeEnd - _origin);
            }
        }

        foreach (int a in Nodes.Skip(1).Where(IsStop))
        {
            var s = _problem.Stops[a - 1];
            yield return Math.Max(s.ReadyTime, _origin) - _origin;
            yield return Math.Min(s.DueTime, TimeEnd) - _origin;
        }
    }

    /// <summary>
    /// A time by which every sensible route is back: waiting past the last ready time never helps, so
    /// a route ends before the latest ready or due time plus every service and one longest leg (and
    /// with a break rule one break) per node.
    /// </summary>
    private double LatestUsefulTime()
    {
        double maxTravel = 0;
        double services = 0;
        double latest = _problem.Vehicles.Max(v => v.ShiftStart);
        foreach (int a in Nodes)
        {
            if (IsStop(a))
            {
                var s = _problem.Stops[a - 1];
                services += s.ServiceTime;
                latest = Math.Max(latest, double.IsFinite(s.DueTime) ? s.DueTime : s.ReadyTime);
            }

            foreach (int b in Nodes)
            {
                maxTravel = Math.Max(maxTravel, _problem.TravelTime(a, b));
            }
        }

        double longestBreak = _problem.Vehicles.Max(v => v.HasBreakRule ? v.BreakDuration : 0);
        double bound = latest + services + ((maxTravel + longestBreak) * (Nodes.Length + 1));
        double shifts = _problem.Vehicles.Max(v => v.ShiftEnd);
        return Math.Min(bound, shifts);
    }

    private void AddTime()
    {
        // Drivers' breaks are priced as time reserved while driving: a break's length for each stretch of the
        // driving limit (travel × (1 + break / limit)); the plan then places them exactly at stops (PlanBuilder).
        var byReserve = new Dictionary<double, int>();
        int[] callbacks = new int[_problem.Vehicles.Count];
        for (int k = 0; k < callbacks.Length; k++)
        {
            var v = _problem.Vehicles[k];
            double reserve = v.HasBreakRule ? 1 + (v.BreakDuration / v.BreakAfterDriving) : 1;
            if (!byReserve.TryGetValue(reserve, out callbacks[k]))
            {
                callbacks[k] = byReserve[reserve] = Model.RegisterTransitCallback((from, to) =>
                {
                    int a = Node(from);
                    return _time.Up(Service(a) + (_problem.TravelTime(a, Node(to)) * reserve));
                });
            }
        }

        long end = _time.Down(TimeEnd - _origin);
        Model.AddDimensionWithVehicleTransits(callbacks, end, end, false, "Time");
        var time = Model.GetMutableDimension("Time");
        for (int k = 0; k < _problem.Vehicles.Count; k++)
        {
            var v = _problem.Vehicles[k];
            long shiftEnd = _time.Down(Math.Min(v.ShiftEnd, TimeEnd) - _origin);
            time.CumulVar(Model.Start(k)).SetRange(_time.Up(v.ShiftStart - _origin), Math.Max(_time.Up(v.ShiftStart - _origin), shiftEnd));
            time.CumulVar(Model.End(k)).SetMax(shiftEnd);
            if (double.IsFinite(v.MaxRouteDuration))
            {
                time.SetSpanUpperBoundForVehicle(_time.Down(v.MaxRouteDuration), k);
            }
        }

        for (int m = 1; m <= StopNodes; m++)
        {
            var s = _problem.Stops[Nodes[m] - 1];
            long ready = _time.Up(Math.Max(s.ReadyTime, _origin) - _origin);
            long due = _time.Down(Math.Min(s.DueTime, TimeEnd) - _origin);
            long index = Manager.NodeToIndex(m);
            time.CumulVar(index).SetRange(ready, Math.Max(ready, due));
            if (due < ready)
            {
                // The window is narrower than one time step: no integer schedule is known to keep it.
                Model.ActiveVar(index).SetValue(0);
            }
        }
    }

    /// <summary>The legal driving limit per day: a dimension of travel time alone, capped per vehicle.</summary>
    private void AddDriving()
    {
        var vehicles = _problem.Vehicles;
        if (vehicles.All(v => !double.IsFinite(v.MaxDrivingTime)))
        {
            return;
        }

        int callback = Model.RegisterTransitCallback((from, to) => _time.Up(_problem.TravelTime(Node(from), Node(to))));
        long end = _time.Down(TimeEnd - _origin);
        long[] limits = [.. vehicles.Select(v => Math.Min(end, double.IsFinite(v.MaxDrivingTime) ? _time.Down(v.MaxDrivingTime) : end))];
        Model.AddDimensionWithVehicleCapacity(callback, 0, limits, true, "Driving");
    }

    private void AddStops()
    {
        double maxArc = 0;
        foreach (int a in Nodes)
        {
            foreach (int b in Nodes)
            {
                maxArc = Math.Max(maxArc, _problem.Distance(a, b));
            }
        }

        // Leaving a required stop out must cost more than any way of serving it.
        double maxCost = (2 * maxArc * _problem.Vehicles.Max(v => v.CostPerDistance)) + _problem.Vehicles.Max(v => v.FixedCost);
        long bigM = (100 * (_cost.Up(maxCost) + VehiclePrice())) + 100;
        var ids = _problem.Vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        for (int m = 1; m <= StopNodes; m++)
        {
            var s = _problem.Stops[Nodes[m] - 1];
            long index = Manager.NodeToIndex(m);
            long penalty = s.IsRequired ? bigM : Math.Min(bigM, _cost.Nearest(s.UnservedPenalty));
            Model.AddDisjunction([index], penalty);
            if (s.AllowedVehicles is { Count: > 0 } allowed)
            {
                // -1 is the vehicle of an inactive stop; the disjunction may still leave it out.
                Model.VehicleVar(index).SetValues([-1, .. allowed.Select(id => (long)ids[id])]);
            }
        }
    }
}
