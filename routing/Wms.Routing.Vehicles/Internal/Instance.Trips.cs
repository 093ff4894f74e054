namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Several trips per vehicle in one search (<see cref="RoutingProblem.TripGroup"/>): the routes of a vehicle's
/// trips form its day, priced together (<see cref="DayExcess"/>), with the fixed cost paid once.
/// </summary>
internal sealed partial class Instance
{
    /// <summary>Per route: the first route of its vehicle's day (several trips, <see cref="RoutingProblem.TripGroup"/>); null without trips.</summary>
    public int[]? Group { get; }

    /// <summary>Per first route of a day: how many trip routes the vehicle has.</summary>
    public int[]? GroupSize { get; }

    /// <summary>Per route: one trip of a vehicle with several (priced by its whole day); null without trips.</summary>
    public bool[]? Linked { get; }

    /// <summary>Per first route of a day: the vehicle's fixed cost, paid once whatever trips it drives (the trips' <see cref="Fixed"/> is 0).</summary>
    public double[]? DayFixed { get; }

    /// <summary>Per first route of a day: the stay at the depot between two trips (reload, at least a break with a break rule).</summary>
    public double[]? Reload { get; }

    /// <summary>The breaks ⌈drive / limit⌉ − 1 that a route (depot to depot) needs, as time (the estimate of <see cref="TimeExcess"/>).</summary>
    public double BreakTime(in TimeSegment s, int r) =>
        s.Drive > BreakAfter[r] ? (Math.Ceiling(s.Drive / BreakAfter[r]) - 1) * BreakLength[r] : 0;

    /// <summary>
    /// What a vehicle's whole day breaks in time: <paramref name="day"/> is its trips concatenated with the
    /// reloads between them (first departure to last return), <paramref name="breaks"/> the trips' estimated
    /// breaks (each trip starts rested: the reload is at least a break). Same terms as <see cref="TimeExcess"/>.
    /// </summary>
    public double DayExcess(in TimeSegment day, int r, double breaks)
    {
        double excess = day.TimeWarp + Math.Max(0, day.Duration - MaxDuration[r]) + Math.Max(0, day.Drive - MaxDrive[r]);
        if (breaks > 0)
        {
            double limit = Math.Min(MaxDuration[r], ShiftLength[r]);
            excess += Math.Max(0, day.Duration + breaks - limit) - Math.Max(0, day.Duration - limit);
        }

        return excess;
    }

    private (int[] Group, int[] Size, bool[] Linked, double[] DayFixed, double[] Reload) LinkTrips(RoutingProblem problem, int[] group)
    {
        var size = new int[K];
        var linked = new bool[K];
        var dayFixed = new double[K];
        var reload = new double[K];
        for (int k = 0; k < K; k++)
        {
            size[group[k]]++;
        }

        for (int k = 0; k < K; k++)
        {
            int g = group[k];
            linked[k] = size[g] > 1;
            if (!linked[k])
            {
                continue;
            }

            // The day pays the fixed cost once.
            dayFixed[g] += Fixed[k];
            Fixed[k] = 0;
            reload[g] = problem.Vehicles[g].TripGap;
        }

        // Trips of one vehicle are not interchangeable (they run in order): each has a class of its own, and
        // a one-trip vehicle that looked like one of them takes the first one-trip vehicle of its kind as class.
        var firstOfClass = new Dictionary<int, int>();
        for (int k = 0; k < K; k++)
        {
            if (linked[k])
            {
                VehicleClass[k] = k;
            }
            else if (firstOfClass.TryGetValue(VehicleClass[k], out int first))
            {
                VehicleClass[k] = first;
            }
            else
            {
                firstOfClass[VehicleClass[k]] = k;
                VehicleClass[k] = k;
            }
        }

        return ([.. group], size, linked, dayFixed, reload);
    }
}
