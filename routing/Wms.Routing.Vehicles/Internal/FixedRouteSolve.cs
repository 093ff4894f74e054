namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Fixed routes by decomposition: their vehicles and stops leave the problem, the rest is solved as a
/// problem of its own (on the same distances and times), and the fixed routes are put back unchanged.
/// Exact, because a fixed route shares nothing with the others: not a vehicle, not a stop.
/// </summary>
internal static class FixedRouteSolve
{
    public static RoutePlan Solve(RoutingProblem problem, Func<RoutingProblem, RoutePlan> solveRest)
    {
        var vehicleIndex = problem.Vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var stopIndex = problem.Stops.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var fixedVehicles = problem.FixedRoutes.Select(f => f.VehicleId).ToHashSet(StringComparer.Ordinal);
        var fixedStops = problem.FixedRoutes.SelectMany(f => f.StopIds).ToHashSet(StringComparer.Ordinal);

        var routes = problem.FixedRoutes
            .Where(f => f.StopIds.Count > 0)
            .Select(f => PlanBuilder.Schedule(problem, vehicleIndex[f.VehicleId], [.. f.StopIds.Select(id => stopIndex[id] + 1)], hasTime: true))
            .ToList();
        var unserved = new List<UnservedStop>();

        var freeVehicles = Enumerable.Range(0, problem.Vehicles.Count).Where(k => !fixedVehicles.Contains(problem.Vehicles[k].Id)).ToList();
        var freeStops = FreeStops(problem, fixedVehicles, fixedStops, unserved);

        if (freeVehicles.Count == 0)
        {
            unserved.AddRange(freeStops.Select(s => Unserved(s.Index, s.Stop, UnservedReason.FleetExhausted)));
        }
        else
        {
            var rest = solveRest(SubProblem(problem, freeStops, freeVehicles));
            foreach (var route in rest.Routes)
            {
                routes.Add(route with
                {
                    VehicleIndex = freeVehicles[route.VehicleIndex],
                    Visits = [.. route.Visits.Select(v => v with { StopIndex = freeStops[v.StopIndex].Index })],
                });
            }

            unserved.AddRange(rest.Unserved.Select(u => u with { StopIndex = freeStops[u.StopIndex].Index }));
        }

        routes.Sort((a, b) => a.VehicleIndex.CompareTo(b.VehicleIndex));
        unserved.Sort((a, b) => a.StopIndex.CompareTo(b.StopIndex));
        return PlanBuilder.Assemble(problem, routes, unserved);
    }

    /// <summary>
    /// The stops not on a fixed route, each allowed only the vehicles that are not fixed; a stop whose
    /// allowed vehicles are all on fixed routes without it goes to <paramref name="unserved"/>.
    /// </summary>
    internal static List<(int Index, Stop Stop)> FreeStops(RoutingProblem problem, HashSet<string> fixedVehicles, HashSet<string> fixedStops, List<UnservedStop> unserved)
    {
        var freeStops = new List<(int Index, Stop Stop)>();
        for (int i = 0; i < problem.Stops.Count; i++)
        {
            var stop = problem.Stops[i];
            if (fixedStops.Contains(stop.Id))
            {
                continue;
            }

            if (stop.AllowedVehicles is { Count: > 0 } allowed)
            {
                string[] open = [.. allowed.Where(id => !fixedVehicles.Contains(id))];
                if (open.Length == 0)
                {
                    // Every vehicle it allows is on a fixed route that does not include it.
                    unserved.Add(Unserved(i, stop, UnservedReason.NoVehicleCanServe));
                    continue;
                }

                stop = stop with { AllowedVehicles = open };
            }

            freeStops.Add((i, stop));
        }

        return freeStops;
    }

    private static UnservedStop Unserved(int index, Stop stop, UnservedReason reason) =>
        new(index, stop.Id, reason, stop.IsRequired ? 0 : stop.UnservedPenalty);

    /// <summary>The free stops and vehicles on the original problem's distances and times.</summary>
    internal static RoutingProblem SubProblem(RoutingProblem problem, List<(int Index, Stop Stop)> stops, List<int> vehicles) =>
        SubProblem(problem, 0, stops, [.. vehicles.Select(k => problem.Vehicles[k])], problem.Fleet);

    /// <summary>
    /// The given stops and vehicles (as they stand: a later trip, a vehicle moved to its own depot) on the
    /// original problem's distances and times. From node 0 every vehicle keeps its own depot (one search over
    /// all depots); from another depot node <paramref name="depotNode"/> of the original, every vehicle starts there.
    /// </summary>
    internal static RoutingProblem SubProblem(RoutingProblem problem, int depotNode, List<(int Index, Stop Stop)> stops, IReadOnlyList<Vehicle> vehicles, FleetRule fleet, IEnumerable<FixedRoute>? fixedRoutes = null)
    {
        var fleetHere = depotNode == 0 ? vehicles : [.. vehicles.Select(v => v with { Depot = null })];
        var depot = depotNode == 0 ? problem.Depot : problem.Depots[depotNode - problem.Stops.Count];
        // The sub-problem numbers its other depots in the order its fleet names them (RoutingProblem.NodeLocations).
        int[] nodes = [depotNode, .. stops.Select(s => s.Index + 1), .. RoutingProblem.NodeLocations(depot, [], fleetHere).Skip(1).Select(l => DepotNode(problem, l))];
        int n = nodes.Length;
        var distance = new double[n, n];
        var time = new double[n, n];
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                distance[a, b] = problem.Distance(nodes[a], nodes[b]);
                time[a, b] = problem.TravelTime(nodes[a], nodes[b]);
            }
        }

        return new RoutingProblem(depot, stops.Select(s => s.Stop), fleetHere, TravelModel.FromMatrices(distance, time), fixedRoutes)
        {
            Fleet = fleet,
        };
    }

    private static int DepotNode(RoutingProblem problem, Location depot)
    {
        int j = problem.Depots.ToList().IndexOf(depot);
        return j switch
        {
            < 0 => throw new InvalidOperationException("A vehicle's depot is not one of the problem's depots."),
            0 => 0,
            _ => problem.Stops.Count + j,
        };
    }
}
