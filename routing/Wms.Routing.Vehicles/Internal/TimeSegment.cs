namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Time-window data of a visit sequence (Vidal et al. 2013, time-warp concatenation): minimal duration,
/// unavoidable time warp, and the earliest/latest start that achieve them, plus the driving time (travel
/// summed) for drivers' limits. Concatenation is O(1), which is what makes penalised time windows
/// affordable inside the local search.
/// </summary>
internal readonly record struct TimeSegment(double Duration, double TimeWarp, double Earliest, double Latest, double Drive = 0)
{
    public static TimeSegment Merge(in TimeSegment a, in TimeSegment b, double travel)
    {
        double delta = a.Duration - a.TimeWarp + travel;
        double wait = Math.Max(b.Earliest - delta - a.Latest, 0);
        double warp = Math.Max(a.Earliest + delta - b.Latest, 0);
        return new TimeSegment(
            a.Duration + b.Duration + travel + wait,
            a.TimeWarp + b.TimeWarp + warp,
            Math.Max(b.Earliest - delta, a.Earliest) - wait,
            Math.Min(b.Latest - delta, a.Latest) + warp,
            a.Drive + b.Drive + travel);
    }

    /// <summary>
    /// A vehicle's day so far, back at the depot, then a stay of <paramref name="reload"/> there, then the
    /// next trip (depot to depot): several trips priced as one sequence (the shift and limits hold over all).
    /// </summary>
    public static TimeSegment AfterReload(in TimeSegment day, double reload, in TimeSegment next) =>
        Merge(Merge(day, new TimeSegment(reload, 0, -Instance.Horizon, Instance.Horizon), 0), next, 0);
}
