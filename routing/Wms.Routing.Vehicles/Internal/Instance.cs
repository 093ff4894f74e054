namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// The problem flattened for the search: node 0 is the depot, node i is stop i - 1, route r is vehicle r,
/// and with several depots node n + j is depot j ≥ 1 (<see cref="DepotNode"/>: each route starts and ends at
/// its vehicle's depot, so one search moves stops between vehicles of different depots).
/// Infinite limits become a large finite horizon so time-warp arithmetic never meets inf - inf.
/// </summary>
internal sealed partial class Instance
{
    public const double Horizon = 1e12;

    public Instance(RoutingProblem problem)
    {
        Problem = problem;
        N = problem.Stops.Count;
        Nodes = N + 1;
        Stride = problem.NodeCount;
        Dist = problem.Distances;
        Time = problem.Times;
        // Depot nodes end every route's sequence: they weigh nothing (sized to every node, not only stops).
        Weight = new double[Stride];
        Volume = new double[Stride];
        Service = new double[Nodes];
        Ready = new double[Nodes];
        Due = new double[Nodes];
        SkipPenalty = new double[Nodes];
        NodeSegments = new TimeSegment[Nodes];
        K = problem.Vehicles.Count;
        CapW = new double[K];
        CapV = new double[K];
        Cpk = new double[K];
        Fixed = new double[K];
        MaxDuration = new double[K];
        MaxDrive = new double[K];
        BreakAfter = new double[K];
        BreakLength = new double[K];
        ShiftLength = new double[K];
        DepotSegments = new TimeSegment[K];
        VehicleClass = new int[K];
        DepotNode = new int[K];

        double maxDist = 0;
        foreach (double d in Dist)
        {
            maxDist = Math.Max(maxDist, d);
        }

        double maxCpk = 0;
        double maxFixed = 0;
        var named = NamedVehicles(problem);
        for (int k = 0; k < K; k++)
        {
            var v = problem.Vehicles[k];
            CapW[k] = Math.Min(v.WeightCapacity, Horizon);
            CapV[k] = Math.Min(v.VolumeCapacity, Horizon);
            Cpk[k] = v.CostPerDistance;
            Fixed[k] = v.FixedCost;
            MaxDuration[k] = Math.Min(v.MaxRouteDuration, Horizon);
            MaxDrive[k] = Math.Min(v.MaxDrivingTime, Horizon);
            BreakAfter[k] = v.HasBreakRule ? v.BreakAfterDriving : Horizon;
            BreakLength[k] = v.HasBreakRule ? v.BreakDuration : 0;
            ShiftLength[k] = Math.Min(v.ShiftEnd - v.ShiftStart, Horizon);
            HasTime |= double.IsFinite(v.MaxDrivingTime) || v.HasBreakRule;
            DepotSegments[k] = new TimeSegment(0, 0, Math.Max(v.ShiftStart, -Horizon), Math.Min(v.ShiftEnd, Horizon));
            HasTime |= double.IsFinite(v.ShiftEnd) || double.IsFinite(v.MaxRouteDuration);
            HasVolume |= double.IsFinite(v.VolumeCapacity);
            maxCpk = Math.Max(maxCpk, v.CostPerDistance);
            maxFixed = Math.Max(maxFixed, v.FixedCost);
            VehicleClass[k] = k;
            DepotNode[k] = problem.DepotNode(k);
            for (int j = 0; j < k && !named.Contains(v.Id); j++)
            {
                var o = problem.Vehicles[j];
                if (o with { Id = v.Id } == v && !named.Contains(o.Id) && DepotNode[j] == DepotNode[k])
                {
                    VehicleClass[k] = VehicleClass[j];
                    break;
                }
            }
        }

        // Leaving a required stop out must cost more than any way of serving it.
        BigM = (1000 * ((2 * maxDist * Math.Max(maxCpk, 1e-9)) + maxFixed)) + 1000;
        if (problem.TripGroup is { } group)
        {
            (Group, GroupSize, Linked, DayFixed, Reload) = LinkTrips(problem, group);
        }

        if (problem.Fleet == FleetRule.Exactly)
        {
            // Every vehicle must drive: a route earns a bonus larger than any saving from merging two
            // routes (splitting a route adds at most 2 × the longest edge), so fewer routes never pay.
            double bonus = (2 * maxDist * Math.Max(maxCpk, 1e-9)) + 1;
            for (int k = 0; k < K; k++)
            {
                if (Linked?[k] == true)
                {
                    // A vehicle with several trips earns it once a day, on its first trip's slot.
                    DayFixed![k] -= Group![k] == k ? bonus : 0;
                }
                else
                {
                    Fixed[k] -= bonus;
                }
            }
        }

        for (int i = 1; i < Nodes; i++)
        {
            var s = problem.Stops[i - 1];
            Weight[i] = s.Weight;
            Volume[i] = s.Volume;
            Service[i] = s.ServiceTime;
            Ready[i] = Math.Max(s.ReadyTime, -Horizon);
            Due[i] = Math.Min(s.DueTime, Horizon);
            SkipPenalty[i] = s.IsRequired ? BigM : Math.Min(s.UnservedPenalty, BigM);
            NodeSegments[i] = new TimeSegment(Service[i], 0, Ready[i], Due[i]);
            HasTime |= double.IsFinite(s.DueTime);
            MaxWeight = Math.Max(MaxWeight, s.Weight);
            MaxVolume = Math.Max(MaxVolume, s.Volume);
        }

        MaxDist = maxDist;
        (Restricted, Forbidden) = BuildRestrictions(problem);
        HasRestrictions = Forbidden is not null;
        ForbiddenPenalty = 2 * BigM;
        Homogeneous = VehicleClass.All(c => c == 0) && !HasRestrictions;
        Neighbours = BuildNeighbours();
        Points = Homogeneous ? [problem.Depot, .. problem.Stops.Select(s => s.Location)] : null;
        Angle = Points is { } points ? [.. points.Select(p => Sector.AngleOf(points[0], p))] : null;
    }

    /// <summary>Polar angle of each node around the depot in <see cref="Sector"/> units, with <see cref="Points"/> only.</summary>
    public int[]? Angle { get; }

    /// <summary>Every route is interchangeable with every other: one depot, identical vehicles, no restrictions.</summary>
    public bool Homogeneous { get; }

    /// <summary>
    /// Node locations (depot first) when routes are interchangeable: the giant tour then lists routes by the
    /// polar angle of their barycentre around the depot (as HGS-CVRP does), so that crossover passes on
    /// neighbouring routes together. Null otherwise (the giant tour keeps the vehicle order the split needs).
    /// </summary>
    public Location[]? Points { get; }

    public RoutingProblem Problem { get; }

    public int N { get; }

    /// <summary>Stops and the depot of the search: node 0..N (loops over stops run 1..Nodes - 1).</summary>
    public int Nodes { get; }

    /// <summary>Every node of the matrices, other depots included (row length).</summary>
    public int Stride { get; }

    /// <summary>Node each route starts and ends at: 0, or n + j for a vehicle based at depot j ≥ 1.</summary>
    public int[] DepotNode { get; }

    public double[] Dist { get; }

    public double[] Time { get; }

    public double[] Weight { get; }

    public double[] Volume { get; }

    public double[] Service { get; }

    public double[] Ready { get; }

    public double[] Due { get; }

    public double[] SkipPenalty { get; }

    public TimeSegment[] NodeSegments { get; }

    public int K { get; }

    public double[] CapW { get; }

    public double[] CapV { get; }

    public double[] Cpk { get; }

    public double[] Fixed { get; }

    public double[] MaxDuration { get; }

    public TimeSegment[] DepotSegments { get; }

    /// <summary>Legal driving limit per route (Horizon = none).</summary>
    public double[] MaxDrive { get; }

    /// <summary>Driving in a row before a break (Horizon = no break rule) and the break's length.</summary>
    public double[] BreakAfter { get; }

    public double[] BreakLength { get; }

    public double[] ShiftLength { get; }

    /// <summary>Vehicles with identical parameters share a class; trying one empty route per class is enough.</summary>
    public int[] VehicleClass { get; }

    public bool HasTime { get; }

    public bool HasVolume { get; }

    public double BigM { get; }

    public double MaxDist { get; }

    public double MaxWeight { get; }

    public double MaxVolume { get; }

    public int[][] Neighbours { get; }

    /// <summary>Whether some stop may only be served by some vehicles.</summary>
    public bool HasRestrictions { get; }

    /// <summary>Per node: the stop has a list of allowed vehicles.</summary>
    public bool[] Restricted { get; }

    /// <summary>Flat Nodes × K, true where the stop may not ride on the vehicle; null without restrictions.</summary>
    public bool[]? Forbidden { get; }

    /// <summary>Price of one stop on a vehicle it does not allow: above leaving it out, so the search never keeps it.</summary>
    public double ForbiddenPenalty { get; }

    public bool IsForbidden(int u, int r) => Forbidden is not null && Forbidden[(u * K) + r];

    /// <summary>Neighbour-list length: 20 as in HGS-CVRP; time windows make closeness less telling, so 40 (as in HGS-TW).</summary>
    public int GranularSize => HasTime ? 40 : 20;

    public double D(int i, int j) => Dist[(i * Stride) + j];

    /// <summary>
    /// What a whole route (depot to depot, segment <paramref name="s"/>) breaks in time: window lateness, the
    /// maximum route duration, the driving limit, and with a break rule the breaks it needs. Breaks are
    /// estimated here (⌈drive / limit⌉ − 1 of them, added to the duration, which must then fit the shift
    /// too); the schedule places them exactly (<see cref="PlanBuilder"/>).
    /// </summary>
    public double TimeExcess(in TimeSegment s, int r)
    {
        double excess = s.TimeWarp + Math.Max(0, s.Duration - MaxDuration[r]) + Math.Max(0, s.Drive - MaxDrive[r]);
        if (s.Drive > BreakAfter[r])
        {
            double breaks = (Math.Ceiling(s.Drive / BreakAfter[r]) - 1) * BreakLength[r];
            excess += Math.Max(0, s.Duration + breaks - Math.Min(MaxDuration[r], ShiftLength[r])) - Math.Max(0, s.Duration - Math.Min(MaxDuration[r], ShiftLength[r]));
        }

        return excess;
    }

    /// <summary>
    /// Whether some vehicle could serve node u on a route of its own: allowed, within its weight and volume,
    /// and depot → u → depot within the window, the shift and the maximum route duration.
    /// </summary>
    public bool CanServeAlone(int u)
    {
        for (int r = 0; r < K; r++)
        {
            if (IsForbidden(u, r) || Weight[u] > CapW[r] + 1e-9 || Volume[u] > CapV[r] + 1e-9)
            {
                continue;
            }

            if (!HasTime)
            {
                return true;
            }

            var seg = TimeSegment.Merge(DepotSegments[r], NodeSegments[u], T(DepotNode[r], u));
            seg = TimeSegment.Merge(seg, DepotSegments[r], T(u, DepotNode[r]));
            if (TimeExcess(seg, r) <= 1e-9)
            {
                return true;
            }
        }

        return false;
    }

    public double T(int i, int j) => Time[(i * Stride) + j];

    // A vehicle some stop names is not interchangeable with its twins, so it gets a class of its own.
    private static HashSet<string> NamedVehicles(RoutingProblem problem) =>
        problem.Stops.Where(s => s.AllowedVehicles is { Count: > 0 }).SelectMany(s => s.AllowedVehicles!).ToHashSet(StringComparer.Ordinal);

    private (bool[] Restricted, bool[]? Forbidden) BuildRestrictions(RoutingProblem problem)
    {
        var restricted = new bool[Stride];
        bool[]? forbidden = null;
        for (int i = 1; i < Nodes; i++)
        {
            var stop = problem.Stops[i - 1];
            if (stop.AllowedVehicles is not { Count: > 0 })
            {
                continue;
            }

            restricted[i] = true;
            forbidden ??= new bool[Stride * K];
            for (int k = 0; k < K; k++)
            {
                forbidden[(i * K) + k] = !stop.Allows(problem.Vehicles[k].Id);
            }
        }

        return (restricted, forbidden);
    }

    private int[][] BuildNeighbours()
    {
        var result = new int[Nodes][];
        result[0] = [];
        int size = Math.Min(GranularSize, N - 1);
        var keys = new double[Math.Max(N - 1, 0)];
        var ids = new int[Math.Max(N - 1, 0)];
        for (int i = 1; i < Nodes; i++)
        {
            int c = 0;
            for (int j = 1; j < Nodes; j++)
            {
                if (j != i)
                {
                    keys[c] = Math.Min(Proximity(i, j), Proximity(j, i));
                    ids[c++] = j;
                }
            }

            Array.Sort(keys, ids, 0, c);
            result[i] = ids[..size];
        }

        // Symmetric, as in HGS-CVRP: when j is among i's nearest, i is also tried from j (appended after j's
        // own nearest, which stay first). Only with identical vehicles, where it was measured (CVRP X).
        if (!Homogeneous)
        {
            return result;
        }

        var extra = new List<int>[Nodes];
        for (int i = 1; i < Nodes; i++)
        {
            foreach (int j in result[i])
            {
                if (Array.IndexOf(result[j], i) < 0)
                {
                    (extra[j] ??= []).Add(i);
                }
            }
        }

        for (int j = 1; j < Nodes; j++)
        {
            if (extra[j] is { } more)
            {
                result[j] = [.. result[j], .. more];
            }
        }

        return result;
    }

    // Distance plus the waiting and time warp that visiting j right after i would force (as in PyVRP).
    private double Proximity(int i, int j)
    {
        double p = D(i, j);
        if (HasTime)
        {
            double arrive = Ready[i] + Service[i] + T(i, j);
            p += (0.2 * Math.Max(Ready[j] - (Due[i] + Service[i] + T(i, j)), 0)) + Math.Max(arrive - Due[j], 0);
        }

        return p;
    }
}
