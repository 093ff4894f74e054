namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Several depots by decomposition: each stop goes to the nearest depot (out and back) with a vehicle
/// that may carry it and is big enough; each depot's stops and vehicles are solved as a problem of their
/// own on the same matrices. A stop its depot left out moves to its next-nearest depot, whose problem is
/// solved again starting from its plan (so that depot's other stops are never served worse), up to one
/// pass per depot. Stops on a fixed route stay with that vehicle's depot.
/// </summary>
/// <remarks>
/// Used for engines whose search has one depot (OR-Tools, through <see cref="RouteSolver.Decompose"/>); the
/// HGS engine searches all depots at once (each route from its own depot), which the day bench's
/// <c>--depots</c> compares with this. Not a joint search: a stop is never moved to a farther depot to save
/// distance, only when its own depot cannot take it (docs/routing-vehicles.md, docs/benchmarks.md).
/// </remarks>
internal static class MultiDepotSolve
{
    public static RoutePlan Solve(RoutingProblem problem, SolverOptions options, Func<RoutingProblem, SolverOptions, RoutePlan> solve)
    {
        var clock = options.TimeProvider ?? TimeProvider.System;
        long started = clock.GetTimestamp();
        int depots = problem.Depots.Count;
        var fleetOf = Enumerable.Range(0, depots).Select(d => Enumerable.Range(0, problem.Vehicles.Count).Where(k => problem.DepotOf(k) == d).ToList()).ToArray();
        var vehicleIndex = problem.Vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var fixedDepot = problem.FixedRoutes.SelectMany(f => f.StopIds.Select(id => (id, d: problem.DepotOf(vehicleIndex[f.VehicleId]))))
            .ToDictionary(x => x.id, x => x.d, StringComparer.Ordinal);

        // Depots each stop may come from, nearest first.
        var candidates = new List<int>[problem.Stops.Count];
        var unserved = new List<UnservedStop>();
        var stopsOf = Enumerable.Range(0, depots).Select(_ => new List<int>()).ToArray();
        var tried = new int[problem.Stops.Count];
        for (int i = 0; i < problem.Stops.Count; i++)
        {
            var stop = problem.Stops[i];
            candidates[i] = fixedDepot.TryGetValue(stop.Id, out int own) ? [own]
                : [.. Enumerable.Range(0, depots).Where(d => fleetOf[d].Any(k => Fits(stop, problem.Vehicles[k])))
                    .OrderBy(d => RoundTrip(problem, d, i)).ThenBy(d => d)];
            if (candidates[i].Count == 0)
            {
                unserved.Add(new UnservedStop(i, stop.Id, UnservedReason.NoVehicleCanServe, stop.IsRequired ? 0 : stop.UnservedPenalty));
                continue;
            }

            stopsOf[candidates[i][0]].Add(i);
        }

        var plans = new RoutePlan?[depots];
        var solvedStops = new List<int>[depots];
        var changed = Enumerable.Range(0, depots).Where(d => stopsOf[d].Count > 0 || problem.Fleet == FleetRule.Exactly).ToHashSet();
        var couldServe = new bool[problem.Stops.Count];
        for (int pass = 0; pass < depots && changed.Count > 0; pass++)
        {
            int toSolve = changed.Sum(d => stopsOf[d].Count + 1);
            foreach (int d in changed.Order())
            {
                var left = options.TimeBudget - clock.GetElapsedTime(started);
                double share = (stopsOf[d].Count + 1.0) / toSolve * (pass == 0 && depots > 1 ? 0.75 : 1);
                toSolve -= stopsOf[d].Count + 1;
                solvedStops[d] = [.. stopsOf[d]];
                plans[d] = SolveDepot(problem, d, solvedStops[d], fleetOf[d], options, left > TimeSpan.Zero ? left * share : TimeSpan.Zero, plans[d], solve);
            }

            changed.Clear();
            for (int d = 0; d < depots; d++)
            {
                foreach (var u in plans[d]?.Unserved ?? [])
                {
                    int i = solvedStops[d][u.StopIndex];
                    couldServe[i] |= u.Reason != UnservedReason.NoVehicleCanServe;
                    if (pass + 1 < depots && problem.Stops[i].IsRequired && ++tried[i] < candidates[i].Count)
                    {
                        // Its depot could not take it: the next-nearest one tries.
                        int next = candidates[i][tried[i]];
                        stopsOf[d].Remove(i);
                        stopsOf[next].Add(i);
                        changed.Add(d);
                        changed.Add(next);
                    }
                }
            }

            foreach (int d in changed)
            {
                stopsOf[d].Sort();
            }
        }

        var routes = new List<VehicleRoute>();
        for (int d = 0; d < depots; d++)
        {
            if (plans[d] is not { } plan)
            {
                continue;
            }

            var of = solvedStops[d];
            routes.AddRange(plan.Routes.Select(r => r with
            {
                VehicleIndex = fleetOf[d][r.VehicleIndex],
                Visits = [.. r.Visits.Select(v => v with { StopIndex = of[v.StopIndex] })],
            }));
            unserved.AddRange(plan.Unserved.Select(u => u with
            {
                StopIndex = of[u.StopIndex],
                Reason = u.Reason == UnservedReason.NoVehicleCanServe && couldServe[of[u.StopIndex]] ? UnservedReason.FleetExhausted : u.Reason,
            }));
        }

        routes.Sort((a, b) => a.VehicleIndex != b.VehicleIndex ? a.VehicleIndex.CompareTo(b.VehicleIndex) : a.Trip.CompareTo(b.Trip));
        unserved.Sort((a, b) => a.StopIndex.CompareTo(b.StopIndex));
        return PlanBuilder.Assemble(problem, routes, unserved);
    }

    private static RoutePlan SolveDepot(
        RoutingProblem problem, int d, List<int> stops, List<int> fleet, SolverOptions options, TimeSpan budget, RoutePlan? previous, Func<RoutingProblem, SolverOptions, RoutePlan> solve)
    {
        var ids = fleet.Select(k => problem.Vehicles[k].Id).ToHashSet(StringComparer.Ordinal);
        var own = stops.Select(i => (i, problem.Stops[i])).ToList();
        var fixedRoutes = problem.FixedRoutes.Where(f => ids.Contains(f.VehicleId));
        int node = d == 0 ? 0 : problem.Stops.Count + d;
        var sub = FixedRouteSolve.SubProblem(problem, node, own, [.. fleet.Select(k => problem.Vehicles[k])], problem.Fleet, fixedRoutes);
        // A second solve of a depot starts from its first plan (ids are the same), so the stops it had stay served.
        var start = previous?.Routes.Select(r => new FixedRoute(r.VehicleId, [.. r.Visits.Select(v => v.StopId)])).ToList() ?? options.InitialRoutes;
        return solve(sub, options with { TimeBudget = budget, InitialRoutes = start, Progress = null });
    }

    private static bool Fits(Stop stop, Vehicle vehicle) =>
        stop.Allows(vehicle.Id) && stop.Weight <= vehicle.WeightCapacity + 1e-9 && stop.Volume <= vehicle.VolumeCapacity + 1e-9;

    private static double RoundTrip(RoutingProblem problem, int depot, int stop)
    {
        int node = depot == 0 ? 0 : problem.Stops.Count + depot;
        return problem.Distance(node, stop + 1) + problem.Distance(stop + 1, node);
    }
}
