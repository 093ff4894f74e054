namespace Wms.Routing.Vehicles.Internal;

/// <summary>Turns a feasible individual into the public plan with a concrete schedule.</summary>
internal static class PlanBuilder
{
    public static RoutePlan Build(Instance inst, Individual ind, LocalSearch ls)
    {
        var problem = inst.Problem;
        var routes = new List<VehicleRoute>();
        for (int r = 0; r < ind.Routes.Length; r++)
        {
            if (ind.Routes[r].Length > 0)
            {
                routes.Add(Schedule(problem, r, ind.Routes[r], inst.HasTime));
            }
        }

        var unserved = ind.Unserved.Select(u => Unserved(problem, u, ls)).ToList();
        return Assemble(problem, routes, unserved);
    }

    /// <summary>Node <paramref name="u"/> (stop index + 1) left out, with why.</summary>
    public static UnservedStop Unserved(RoutingProblem problem, int u, LocalSearch ls)
    {
        var stop = problem.Stops[u - 1];
        var reason = !ls.AnyVehicleCanServeAlone(u) ? UnservedReason.NoVehicleCanServe
            : stop.IsRequired ? UnservedReason.FleetExhausted : UnservedReason.CheaperToSkip;
        return new UnservedStop(u - 1, stop.Id, reason, stop.IsRequired ? 0 : stop.UnservedPenalty);
    }

    /// <summary>The plan's totals from its routes and stops left out.</summary>
    public static RoutePlan Assemble(RoutingProblem problem, List<VehicleRoute> routes, List<UnservedStop> unserved)
    {
        double totalDistance = 0;
        double travel = 0;
        double fixedCost = 0;
        foreach (var route in routes)
        {
            var vehicle = problem.Vehicles[route.VehicleIndex];
            totalDistance += route.Distance;
            travel += route.Distance * vehicle.CostPerDistance;
            fixedCost += vehicle.FixedCost;
        }

        double penalty = unserved.Sum(u => u.Penalty);
        return new RoutePlan(routes, unserved, travel + fixedCost + penalty, totalDistance, travel, fixedCost, penalty);
    }

    /// <summary>
    /// Vehicle <paramref name="r"/> serving the nodes (stop index + 1) in order. With time windows it leaves
    /// at the sequence's earliest start, which gives the minimal duration with no lateness.
    /// </summary>
    public static VehicleRoute Schedule(RoutingProblem problem, int r, IReadOnlyList<int> nodes, bool hasTime)
    {
        var vehicle = problem.Vehicles[r];
        double start = vehicle.ShiftStart;
        if (hasTime)
        {
            var depot = new TimeSegment(0, 0, Math.Max(vehicle.ShiftStart, -Instance.Horizon), Math.Min(vehicle.ShiftEnd, Instance.Horizon));
            var seg = depot;
            int prev = 0;
            foreach (int u in nodes)
            {
                var s = problem.Stops[u - 1];
                var node = new TimeSegment(s.ServiceTime, 0, Math.Max(s.ReadyTime, -Instance.Horizon), Math.Min(s.DueTime, Instance.Horizon));
                seg = TimeSegment.Merge(seg, node, problem.TravelTime(prev, u));
                prev = u;
            }

            seg = TimeSegment.Merge(seg, depot, problem.TravelTime(prev, 0));
            start = Math.Clamp(seg.Earliest, vehicle.ShiftStart, Math.Max(vehicle.ShiftStart, Math.Min(vehicle.ShiftEnd, Instance.Horizon)));
        }

        var visits = new RouteVisit[nodes.Count];
        double time = start;
        double dist = 0;
        double w = 0;
        double v = 0;
        int last = 0;
        for (int i = 0; i < nodes.Count; i++)
        {
            int u = nodes[i];
            var stop = problem.Stops[u - 1];
            dist += problem.Distance(last, u);
            time += problem.TravelTime(last, u);
            double serviceStart = Math.Max(time, stop.ReadyTime);
            visits[i] = new RouteVisit(u - 1, stop.Id, time, serviceStart, serviceStart + stop.ServiceTime);
            time = serviceStart + stop.ServiceTime;
            w += stop.Weight;
            v += stop.Volume;
            last = u;
        }

        dist += problem.Distance(last, 0);
        time += problem.TravelTime(last, 0);
        return new VehicleRoute(r, vehicle.Id, visits, start, time, w, v, dist, (dist * vehicle.CostPerDistance) + vehicle.FixedCost);
    }
}
