namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Several trips per vehicle (<see cref="Instance.Group"/>): a trip route is priced by its own distance and
/// load, and in time by its vehicle's whole day, the trips in order with the reloads between them.
/// </summary>
internal sealed partial class LocalSearch
{
    /// <summary>
    /// After trip route <paramref name="r"/> changed: its vehicle's day cost (fixed cost, time penalties over
    /// all its trips) again. The day's cost rides on its first trip's route cost, so the route costs still sum
    /// to the solution's; every trip of the day counts as modified, since each is priced with the others.
    /// </summary>
    private void UpdateDay(int r)
    {
        int g = _in.Group![r];
        _nonTime[r] = _routeCost[r];
        _dayCost[g] = DayCost(g, -1, default, 0, -1, default, 0);
        double bound = _dayCost[g] - Math.Min(0, _in.DayFixed![g]);
        for (int t = g; t < g + _in.GroupSize![g]; t++)
        {
            _routeCost[t] = _nonTime[t] + (t == g ? _dayCost[g] : 0);
            // What the day's cost could fall by at most: a lower bound for the moves' screening.
            _timePen[t] = bound;
            _whenModified[t] = _moves;
        }
    }

    /// <summary>
    /// Day cost of the vehicle whose first trip route is <paramref name="g"/>, with trip r1 (and r2, -1 = none)
    /// replaced by a proposed route of time segment s1 and c1 stops (0 = empty trip, skipped).
    /// </summary>
    private double DayCost(int g, int r1, in TimeSegment s1, int c1, int r2, in TimeSegment s2, int c2)
    {
        double excess = DayExcess(g, r1, s1, c1, r2, s2, c2, out bool used);
        return used ? _in.DayFixed![g] + (_pen.Time * excess) : 0;
    }

    private double DayExcess(int g, int r1, in TimeSegment s1, int c1, int r2, in TimeSegment s2, int c2, out bool used)
    {
        used = false;
        var day = default(TimeSegment);
        double breaks = 0;
        for (int t = g; t < g + _in.GroupSize![g]; t++)
        {
            int count = t == r1 ? c1 : t == r2 ? c2 : _len[t];
            if (count == 0)
            {
                continue;
            }

            if (!_in.HasTime)
            {
                used = true;
                return 0;
            }

            var trip = t == r1 ? s1 : t == r2 ? s2 : _tripSeg[t];
            breaks += _in.BreakTime(trip, g);
            day = used ? TimeSegment.AfterReload(day, _in.Reload![g], trip) : trip;
            used = true;
        }

        return used ? _in.DayExcess(day, g, breaks) : 0;
    }

    /// <summary>
    /// Exact change of two proposals for trips of the same vehicle: both replace their trips in one day.
    /// Null when the routes are not two trips of one vehicle.
    /// </summary>
    private double? DeltaSameDay(int ru, int rv)
    {
        if (_linked is null || !_linked[ru] || !_linked[rv] || _in.Group![ru] != _in.Group[rv])
        {
            return null;
        }

        int g = _in.Group[ru];
        double routes = PriceRoute(_pa) + PriceRoute(_pb) - _nonTime[ru] - _nonTime[rv];
        return routes + DayCost(g, ru, _pa.Full, _pa.Count, rv, _pb.Full, _pb.Count) - _dayCost[g];
    }

    /// <summary>Lower bound on what the route costs (its day's cost may fall by at most <c>_timePen</c>).</summary>
    private double RouteFloor(int r) => _linked is not null && _linked[r] ? _nonTime[r] + _timePen[r] : _routeCost[r];
}
