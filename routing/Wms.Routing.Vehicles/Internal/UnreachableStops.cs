namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Stops no vehicle can serve even on a route of its own (too heavy or bulky for every vehicle it may
/// ride on, or a window no shift reaches in time) leave the problem before the search starts and come
/// back as unserved, <see cref="UnservedReason.NoVehicleCanServe"/>.
/// Why up front: a required stop is priced with a big-M, far above the time-warp penalty the search starts
/// with, so the search kept such a stop on a route with hours of time warp. Every offspring was then
/// infeasible, and the adaptive penalty needed thousands of iterations to outgrow the big-M: the solve
/// returned its constructed plan (+84 % km on a 60-stop day). Without the stop the rest is the same
/// problem as the day without it, solved by the same search.
/// </summary>
internal static class UnreachableStops
{
    /// <returns>Stop indices (0-based) that no vehicle can serve alone; empty for most problems.</returns>
    public static List<int> Find(Instance inst)
    {
        var found = new List<int>();
        for (int u = 1; u <= inst.N; u++)
        {
            if (!inst.CanServeAlone(u))
            {
                found.Add(u - 1);
            }
        }

        return found;
    }

    public static RoutePlan Solve(RoutingProblem problem, List<int> unreachable, Func<RoutingProblem, RoutePlan> solveRest)
    {
        var skip = unreachable.ToHashSet();
        var kept = Enumerable.Range(0, problem.Stops.Count).Where(i => !skip.Contains(i)).Select(i => (i, problem.Stops[i])).ToList();
        var fleet = Enumerable.Range(0, problem.Vehicles.Count).ToList();
        var sub = FixedRouteSolve.SubProblem(problem, kept, fleet);
        // Same fleet: the trips of one vehicle stay one day.
        sub.TripGroup = problem.TripGroup;
        var rest = solveRest(sub);
        var routes = rest.Routes.Select(r => r with { Visits = [.. r.Visits.Select(v => v with { StopIndex = kept[v.StopIndex].i })] }).ToList();
        var unserved = rest.Unserved.Select(u => u with { StopIndex = kept[u.StopIndex].i })
            .Concat(unreachable.Select(i => new UnservedStop(i, problem.Stops[i].Id, UnservedReason.NoVehicleCanServe, problem.Stops[i].IsRequired ? 0 : problem.Stops[i].UnservedPenalty)))
            .OrderBy(u => u.StopIndex)
            .ToList();
        return PlanBuilder.Assemble(problem, routes, unserved);
    }
}
