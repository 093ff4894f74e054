namespace Wms.Routing.Vehicles.Internal;

/// <summary>Turns a feasible individual into the public plan with a concrete schedule.</summary>
internal static class PlanBuilder
{
    public static RoutePlan Build(Instance inst, Individual ind, LocalSearch ls)
    {
        var problem = inst.Problem;
        var routes = new List<VehicleRoute>();
        double totalDistance = 0;
        double travel = 0;
        double fixedCost = 0;
        for (int r = 0; r < ind.Routes.Length; r++)
        {
            var seq = ind.Routes[r];
            if (seq.Length == 0)
            {
                continue;
            }

            var vehicle = problem.Vehicles[r];
            double start = vehicle.ShiftStart;
            if (inst.HasTime)
            {
                // Leaving at the segment's earliest start gives the minimal duration with no lateness.
                var seg = inst.DepotSegments[r];
                int prev = 0;
                foreach (int u in seq)
                {
                    seg = TimeSegment.Merge(seg, inst.NodeSegments[u], inst.T(prev, u));
                    prev = u;
                }

                seg = TimeSegment.Merge(seg, inst.DepotSegments[r], inst.T(prev, 0));
                start = Math.Clamp(seg.Earliest, vehicle.ShiftStart, Math.Max(vehicle.ShiftStart, Math.Min(vehicle.ShiftEnd, Instance.Horizon)));
            }

            var visits = new RouteVisit[seq.Length];
            double time = start;
            double dist = 0;
            double w = 0;
            double v = 0;
            int last = 0;
            for (int i = 0; i < seq.Length; i++)
            {
                int u = seq[i];
                var stop = problem.Stops[u - 1];
                dist += inst.D(last, u);
                time += inst.T(last, u);
                double serviceStart = Math.Max(time, stop.ReadyTime);
                visits[i] = new RouteVisit(u - 1, stop.Id, time, serviceStart, serviceStart + stop.ServiceTime);
                time = serviceStart + stop.ServiceTime;
                w += stop.Weight;
                v += stop.Volume;
                last = u;
            }

            dist += inst.D(last, 0);
            time += inst.T(last, 0);
            double cost = dist * vehicle.CostPerDistance;
            routes.Add(new VehicleRoute(r, vehicle.Id, visits, start, time, w, v, dist, cost + vehicle.FixedCost));
            totalDistance += dist;
            travel += cost;
            fixedCost += vehicle.FixedCost;
        }

        var unserved = new List<UnservedStop>();
        double penalty = 0;
        foreach (int u in ind.Unserved)
        {
            var stop = problem.Stops[u - 1];
            var reason = !ls.AnyVehicleCanServeAlone(u) ? UnservedReason.NoVehicleCanServe
                : stop.IsRequired ? UnservedReason.FleetExhausted : UnservedReason.CheaperToSkip;
            double p = stop.IsRequired ? 0 : stop.UnservedPenalty;
            penalty += p;
            unserved.Add(new UnservedStop(u - 1, stop.Id, reason, p));
        }

        return new RoutePlan(routes, unserved, travel + fixedCost + penalty, totalDistance, travel, fixedCost, penalty);
    }
}
