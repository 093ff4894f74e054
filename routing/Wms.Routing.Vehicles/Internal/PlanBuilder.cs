namespace Wms.Routing.Vehicles.Internal;

/// <summary>Turns a feasible individual into the public plan with a concrete schedule.</summary>
internal static class PlanBuilder
{
    public static RoutePlan Build(Instance inst, Individual ind)
    {
        var problem = inst.Problem;
        var routes = new List<VehicleRoute>();
        var dropped = new List<int>();
        for (int r = 0; r < ind.Routes.Length; r++)
        {
            if (inst.Linked?[r] == true)
            {
                if (inst.Group![r] == r)
                {
                    routes.AddRange(ScheduleDay(inst, r, ind.Routes, dropped));
                }
            }
            else if (ind.Routes[r].Length > 0)
            {
                routes.Add(ScheduleWithBreaks(problem, r, ind.Routes[r], inst.HasTime, dropped));
            }
        }

        routes.RemoveAll(route => route.Visits.Count == 0);
        var unserved = ind.Unserved.Concat(dropped).Order().Select(u => Unserved(inst, u)).ToList();
        return Assemble(problem, routes, unserved);
    }

    /// <summary>Node <paramref name="u"/> (stop index + 1) left out, with why.</summary>
    public static UnservedStop Unserved(Instance inst, int u)
    {
        var stop = inst.Problem.Stops[u - 1];
        var reason = !inst.CanServeAlone(u) ? UnservedReason.NoVehicleCanServe
            : stop.IsRequired ? UnservedReason.FleetExhausted : UnservedReason.CheaperToSkip;
        return new UnservedStop(u - 1, stop.Id, reason, stop.IsRequired ? 0 : stop.UnservedPenalty);
    }

    /// <summary>
    /// The search prices breaks by an estimate; here they are placed exactly. When the exact breaks push a
    /// stop past its window or the vehicle past its shift (rare: the estimate is cautious), stops are taken
    /// off the route, the first late one or else the last, until it fits; they are reported unserved.
    /// </summary>
    internal static VehicleRoute ScheduleWithBreaks(RoutingProblem problem, int r, int[] nodes, bool hasTime, List<int> dropped)
    {
        var route = Schedule(problem, r, nodes, hasTime);
        if (!problem.Vehicles[r].HasBreakRule)
        {
            return route;
        }

        var kept = nodes.ToList();
        while (kept.Count > 0 && FirstMisfit(problem, route) is int misfit)
        {
            int at = misfit < kept.Count ? misfit : kept.Count - 1;
            dropped.Add(kept[at]);
            kept.RemoveAt(at);
            route = Schedule(problem, r, kept, hasTime);
        }

        return route;
    }

    /// <summary>
    /// The trips of one vehicle's day in the joint search (routes g.. of its trip group, empty ones skipped),
    /// scheduled as one day (<see cref="ScheduleTrips"/>); each route keeps its trip route's index and id.
    /// </summary>
    internal static List<VehicleRoute> ScheduleDay(Instance inst, int g, int[][] trips, List<int> dropped)
    {
        var slots = Enumerable.Range(g, inst.GroupSize![g]).Where(t => trips[t].Length > 0).ToList();
        var day = ScheduleTrips(inst.Problem, g, [.. slots.Select(t => trips[t])], inst.HasTime, dropped);
        var vehicles = inst.Problem.Vehicles;
        return [.. day.Select((route, i) => route is null ? null : route with { VehicleIndex = slots[i], VehicleId = vehicles[slots[i]].Id }).OfType<VehicleRoute>()];
    }

    /// <summary>
    /// Vehicle k's trips (node lists, in order) as one day: the first leaves at the day's earliest start (the
    /// trips and reloads concatenated, as the joint search prices them), each later one when the previous is
    /// back and reloaded; the day's duration and driving limits carry over from trip to trip. Each trip
    /// leaves as early as it can finish, so a day the search found feasible fits. With
    /// <paramref name="dropped"/>, a trip that does not fit (exact breaks) loses stops as in
    /// <see cref="ScheduleWithBreaks"/>; without, trips are kept as given (locked routes; the checker says
    /// what they break). Aligned with <paramref name="trips"/>: null for an empty trip.
    /// </summary>
    internal static List<VehicleRoute?> ScheduleTrips(RoutingProblem problem, int k, IReadOnlyList<IReadOnlyList<int>> trips, bool hasTime, List<int>? dropped)
    {
        var vehicle = problem.Vehicles[k];
        var result = new List<VehicleRoute?>();
        double start = vehicle.ShiftStart;
        if (hasTime)
        {
            bool any = false;
            var day = default(TimeSegment);
            foreach (var nodes in trips.Where(t => t.Count > 0))
            {
                var trip = TripSegment(problem, k, nodes, vehicle);
                day = any ? TimeSegment.AfterReload(day, vehicle.TripGap, trip) : trip;
                any = true;
            }

            start = Math.Clamp(day.Earliest, vehicle.ShiftStart, Math.Max(vehicle.ShiftStart, Math.Min(vehicle.ShiftEnd, Instance.Horizon)));
        }

        double first = double.NaN;
        double driven = 0;
        foreach (var nodes in trips)
        {
            var today = double.IsNaN(first) ? vehicle with { ShiftStart = start }
                : vehicle with
                {
                    ShiftStart = start,
                    ShiftEnd = Math.Min(vehicle.ShiftEnd, first + vehicle.MaxRouteDuration),
                    MaxRouteDuration = double.PositiveInfinity,
                    MaxDrivingTime = vehicle.MaxDrivingTime - driven,
                    FixedCost = 0,
                };
            var kept = nodes.ToList();
            var route = kept.Count == 0 ? null : Schedule(problem, k, kept, hasTime, today);
            while (dropped is not null && route is not null && FirstMisfit(problem, route, today) is int misfit)
            {
                int at = misfit < kept.Count ? misfit : kept.Count - 1;
                dropped.Add(kept[at]);
                kept.RemoveAt(at);
                route = kept.Count == 0 ? null : Schedule(problem, k, kept, hasTime, today);
            }

            if (route is not null)
            {
                first = double.IsNaN(first) ? route.StartTime : first;
                driven += route.DrivingTime;
                start = route.EndTime + vehicle.TripGap;
                route = route with { Trip = result.Count(r => r is not null) + 1 };
            }

            result.Add(route);
        }

        return result;
    }

    /// <summary>One route's time segment, depot to depot, in the vehicle's shift.</summary>
    private static TimeSegment TripSegment(RoutingProblem problem, int r, IReadOnlyList<int> nodes, Vehicle vehicle)
    {
        var depot = new TimeSegment(0, 0, Math.Max(vehicle.ShiftStart, -Instance.Horizon), Math.Min(vehicle.ShiftEnd, Instance.Horizon));
        var seg = depot;
        int home = problem.DepotNode(r);
        int prev = home;
        foreach (int u in nodes)
        {
            var s = problem.Stops[u - 1];
            var node = new TimeSegment(s.ServiceTime, 0, Math.Max(s.ReadyTime, -Instance.Horizon), Math.Min(s.DueTime, Instance.Horizon));
            seg = TimeSegment.Merge(seg, node, problem.TravelTime(prev, u));
            prev = u;
        }

        return TimeSegment.Merge(seg, depot, problem.TravelTime(prev, home));
    }

    /// <summary>Index of the first visit that starts late, the visit count when only the route's end breaks a limit, null when it fits.</summary>
    internal static int? FirstMisfit(RoutingProblem problem, VehicleRoute route, Vehicle? vehicleToday = null)
    {
        var vehicle = vehicleToday ?? problem.Vehicles[route.VehicleIndex];
        for (int i = 0; i < route.Visits.Count; i++)
        {
            if (route.Visits[i].ServiceStart > problem.Stops[route.Visits[i].StopIndex].DueTime + 1e-6)
            {
                return i;
            }
        }

        bool fits = route.EndTime <= vehicle.ShiftEnd + 1e-6 && route.Duration <= vehicle.MaxRouteDuration + 1e-6 && route.DrivingTime <= vehicle.MaxDrivingTime + 1e-6;
        return fits ? null : route.Visits.Count;
    }

    /// <summary>The plan's totals from its routes and stops left out.</summary>
    public static RoutePlan Assemble(RoutingProblem problem, List<VehicleRoute> routes, List<UnservedStop> unserved)
    {
        double totalDistance = 0;
        double travel = 0;
        double fixedCost = 0;
        var paid = new HashSet<int>();
        foreach (var route in routes)
        {
            var vehicle = problem.Vehicles[route.VehicleIndex];
            totalDistance += route.Distance;
            travel += route.Distance * vehicle.CostPerDistance;
            // A vehicle's fixed cost is paid once a day, however many trips it drives.
            fixedCost += paid.Add(route.VehicleIndex) ? vehicle.FixedCost : 0;
        }

        double penalty = unserved.Sum(u => u.Penalty);
        return new RoutePlan(routes, unserved, travel + fixedCost + penalty, totalDistance, travel, fixedCost, penalty);
    }

    /// <summary>
    /// Vehicle <paramref name="r"/> serving the nodes (stop index + 1) in order. With time windows it leaves
    /// at the sequence's earliest start, which gives the minimal duration with no lateness.
    /// </summary>
    /// <param name="vehicleToday">The vehicle as it stands for this trip (a later trip starts after the earlier ones); null = as in the problem.</param>
    public static VehicleRoute Schedule(RoutingProblem problem, int r, IReadOnlyList<int> nodes, bool hasTime, Vehicle? vehicleToday = null)
    {
        var vehicle = vehicleToday ?? problem.Vehicles[r];
        double start = vehicle.ShiftStart;
        if (hasTime)
        {
            var seg = TripSegment(problem, r, nodes, vehicle);
            start = Math.Clamp(seg.Earliest, vehicle.ShiftStart, Math.Max(vehicle.ShiftStart, Math.Min(vehicle.ShiftEnd, Instance.Horizon)));
        }

        var route = Simulate(problem, r, nodes, start, vehicle);
        if (vehicle.HasBreakRule && start > vehicle.ShiftStart && FirstMisfit(problem, route, vehicle) is not null)
        {
            // Leaving at the earliest start of the break-free schedule left no slack for the breaks: try leaving at the shift start.
            var early = Simulate(problem, r, nodes, vehicle.ShiftStart, vehicle);
            route = FirstMisfit(problem, early, vehicle) is null ? early : route;
        }

        return route;
    }

    /// <summary>
    /// Drives the route from <paramref name="start"/>: waits for windows, and with a break rule takes a break
    /// after a stop's service whenever the next leg would make the driving since the last break too long.
    /// </summary>
    private static VehicleRoute Simulate(RoutingProblem problem, int r, IReadOnlyList<int> nodes, double start, Vehicle vehicle)
    {
        var visits = new RouteVisit[nodes.Count];
        var breaks = new List<DriverBreak>();
        double time = start;
        double dist = 0;
        double driving = 0;
        double sinceBreak = 0;
        double w = 0;
        double v = 0;
        // A vehicle based at another depot (RoutingProblem.Depots) starts and ends there.
        int home = problem.DepotNode(r);
        int last = home;
        for (int i = 0; i <= nodes.Count; i++)
        {
            int u = i < nodes.Count ? nodes[i] : home;
            double leg = problem.TravelTime(last, u);
            if (vehicle.HasBreakRule && sinceBreak > 0 && sinceBreak + leg > vehicle.BreakAfterDriving + 1e-9)
            {
                breaks.Add(new DriverBreak(i - 1, time, vehicle.BreakDuration));
                time += vehicle.BreakDuration;
                sinceBreak = 0;
            }

            dist += problem.Distance(last, u);
            time += leg;
            driving += leg;
            sinceBreak += leg;
            if (i == nodes.Count)
            {
                break;
            }

            var stop = problem.Stops[u - 1];
            double serviceStart = Math.Max(time, stop.ReadyTime);
            visits[i] = new RouteVisit(u - 1, stop.Id, time, serviceStart, serviceStart + stop.ServiceTime);
            time = serviceStart + stop.ServiceTime;
            w += stop.Weight;
            v += stop.Volume;
            last = u;
        }

        return new VehicleRoute(r, vehicle.Id, visits, start, time, w, v, dist, (dist * vehicle.CostPerDistance) + vehicle.FixedCost)
        {
            Breaks = breaks,
            DrivingTime = driving,
        };
    }
}
