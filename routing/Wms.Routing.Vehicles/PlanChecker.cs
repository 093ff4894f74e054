using System.Globalization;

namespace Wms.Routing.Vehicles;

public enum ViolationKind
{
    UnknownVehicle,
    VehicleUsedTwice,
    UnknownStop,
    StopVisitedTwice,
    StopMissing,
    WeightCapacity,
    VolumeCapacity,
    TimeWindow,
    ShiftStart,
    ShiftEnd,
    MaxRouteDuration,
    InconsistentFigures,

    /// <summary>A stop rides on a vehicle its <see cref="Stop.AllowedVehicles"/> does not list.</summary>
    VehicleNotAllowed,

    /// <summary>A <see cref="FixedRoute"/> is missing from the plan or has other stops or another order.</summary>
    FixedRouteChanged,

    /// <summary>The route drives longer than the vehicle's <see cref="Vehicle.MaxDrivingTime"/>.</summary>
    DrivingTime,

    /// <summary>The driver drives longer in a row than <see cref="Vehicle.BreakAfterDriving"/>, or a break is too short or misplaced.</summary>
    DriverBreak,

    /// <summary>The problem's <see cref="FleetRule.Exactly"/> asks every vehicle to drive and one does not.</summary>
    FleetRuleBroken,

    /// <summary>A vehicle leaves on a trip before it is back from its previous trip and reloaded (<see cref="Vehicle.ReloadTime"/>).</summary>
    TripOverlap,
}

public readonly record struct PlanViolation(ViolationKind Kind, string Message);

/// <summary>
/// Recomputes a plan from the problem alone (it trusts none of the plan's figures) and lists every broken
/// constraint. An empty list means the plan is feasible and its reported figures are right.
/// </summary>
public static class PlanChecker
{
    private const double Tolerance = 1e-6;

    public static IReadOnlyList<PlanViolation> Check(RoutingProblem problem, RoutePlan plan)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(plan);
        var violations = new List<PlanViolation>();
        var seen = new int[problem.Stops.Count];
        double totalDistance = 0;
        double travelCost = 0;
        double fixedCost = 0;
        foreach (var route in plan.Routes.Where(r => r.VehicleIndex < 0 || r.VehicleIndex >= problem.Vehicles.Count))
        {
            Add(violations, ViolationKind.UnknownVehicle, $"Route uses vehicle index {route.VehicleIndex}.");
        }

        foreach (var day in plan.Routes.Where(r => r.VehicleIndex >= 0 && r.VehicleIndex < problem.Vehicles.Count).GroupBy(r => r.VehicleIndex))
        {
            var (distance, cost, hasVisits) = CheckDay(problem, problem.Vehicles[day.Key], [.. day.OrderBy(r => r.Trip)], seen, violations);
            totalDistance += distance;
            travelCost += cost;
            fixedCost += hasVisits ? problem.Vehicles[day.Key].FixedCost : 0;
        }

        CheckFixedRoutes(problem, plan, violations);
        if (problem.Fleet == FleetRule.Exactly)
        {
            foreach (var unused in problem.Vehicles.Where((_, k) => !plan.Routes.Any(r => r.VehicleIndex == k && r.Visits.Count > 0)))
            {
                Add(violations, ViolationKind.FleetRuleBroken, $"Every vehicle must drive, but {unused.Id} has no route.");
            }
        }

        double penalty = 0;
        foreach (var u in plan.Unserved)
        {
            if (u.StopIndex < 0 || u.StopIndex >= seen.Length)
            {
                Add(violations, ViolationKind.UnknownStop, $"Unserved stop index {u.StopIndex} does not exist.");
                continue;
            }

            seen[u.StopIndex]++;
            var stop = problem.Stops[u.StopIndex];
            penalty += stop.IsRequired ? 0 : stop.UnservedPenalty;
        }

        for (int i = 0; i < seen.Length; i++)
        {
            if (seen[i] == 0)
            {
                Add(violations, ViolationKind.StopMissing, $"Stop {problem.Stops[i].Id} is neither served nor reported unserved.");
            }
            else if (seen[i] > 1)
            {
                Add(violations, ViolationKind.StopVisitedTwice, $"Stop {problem.Stops[i].Id} appears {seen[i]} times.");
            }
        }

        if (!Close(totalDistance, plan.TotalDistance) || !Close(travelCost + fixedCost + penalty, plan.TotalCost))
        {
            Add(violations, ViolationKind.InconsistentFigures, string.Create(CultureInfo.InvariantCulture,
                $"Plan reports distance {plan.TotalDistance} and cost {plan.TotalCost}; recomputed {totalDistance} and {travelCost + fixedCost + penalty}."));
        }

        return violations;
    }

    /// <summary>
    /// A vehicle's day: its trips in order, each leaving after the previous one is back and reloaded; the
    /// driving limit and the maximum duration hold for the whole day, and driving in a row runs on across a
    /// stay at the depot shorter than a break.
    /// </summary>
    private static (double Distance, double Cost, bool HasVisits) CheckDay(RoutingProblem problem, Vehicle vehicle, List<VehicleRoute> trips, int[] seen, List<PlanViolation> violations)
    {
        if (trips.Count > vehicle.MaxTrips)
        {
            Add(violations, ViolationKind.VehicleUsedTwice, vehicle.MaxTrips == 1
                ? $"Vehicle {vehicle.Id} has more than one route."
                : $"Vehicle {vehicle.Id} drives {trips.Count} trips, more than its {vehicle.MaxTrips}.");
        }
        else if (!trips.Select(t => t.Trip).SequenceEqual(Enumerable.Range(1, trips.Count)))
        {
            Add(violations, ViolationKind.VehicleUsedTwice, $"Vehicle {vehicle.Id} has trips numbered [{string.Join(", ", trips.Select(t => t.Trip))}], not 1 to {trips.Count}.");
        }

        double distance = 0;
        double cost = 0;
        double driving = 0;
        double sinceBreak = 0;
        VehicleRoute? previous = null;
        foreach (var trip in trips.Where(t => t.Visits.Count > 0))
        {
            if (previous is not null)
            {
                if (trip.StartTime < previous.EndTime + vehicle.ReloadTime - Tolerance)
                {
                    Add(violations, ViolationKind.TripOverlap, string.Create(CultureInfo.InvariantCulture,
                        $"Vehicle {vehicle.Id} leaves on trip {trip.Trip} at {trip.StartTime}, before it is back from trip {previous.Trip} ({previous.EndTime}) and reloaded ({vehicle.ReloadTime})."));
                }

                if (trip.StartTime - previous.EndTime >= vehicle.BreakDuration - Tolerance)
                {
                    sinceBreak = 0;
                }
            }

            var (d, c, drove) = CheckRoute(problem, trip, seen, violations, ref sinceBreak);
            distance += d;
            cost += c;
            driving += drove;
            previous = trip;
        }

        var driven = trips.Where(t => t.Visits.Count > 0).ToList();
        if (driven.Count > 0 && driving > vehicle.MaxDrivingTime + Tolerance)
        {
            Add(violations, ViolationKind.DrivingTime, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} drives {driving}, above its limit {vehicle.MaxDrivingTime}."));
        }

        if (driven.Count > 1 && driven[^1].EndTime - driven[0].StartTime > vehicle.MaxRouteDuration + Tolerance)
        {
            Add(violations, ViolationKind.MaxRouteDuration, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} is out for {driven[^1].EndTime - driven[0].StartTime} over its {driven.Count} trips, above its maximum {vehicle.MaxRouteDuration}."));
        }

        return (distance, cost, driven.Count > 0);
    }

    private static (double Distance, double Cost, double Driving) CheckRoute(RoutingProblem problem, VehicleRoute route, int[] seen, List<PlanViolation> violations, ref double sinceBreakAtStart)
    {
        var vehicle = problem.Vehicles[route.VehicleIndex];
        double weight = 0;
        double volume = 0;
        double distance = 0;
        double time = route.StartTime;
        double driving = 0;
        double sinceBreak = sinceBreakAtStart;
        var breaks = CheckBreaks(vehicle, route, violations);
        int depot = problem.DepotNode(route.VehicleIndex);
        int previous = depot;
        if (route.StartTime < vehicle.ShiftStart - Tolerance)
        {
            Add(violations, ViolationKind.ShiftStart, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} leaves at {route.StartTime}, before its shift starts at {vehicle.ShiftStart}."));
        }

        int visitIndex = 0;
        foreach (var visit in route.Visits)
        {
            int index = visitIndex++;
            if (visit.StopIndex < 0 || visit.StopIndex >= seen.Length)
            {
                Add(violations, ViolationKind.UnknownStop, $"Vehicle {vehicle.Id} visits unknown stop index {visit.StopIndex}.");
                continue;
            }

            seen[visit.StopIndex]++;
            var stop = problem.Stops[visit.StopIndex];
            if (!stop.Allows(vehicle.Id))
            {
                Add(violations, ViolationKind.VehicleNotAllowed, $"Stop {stop.Id} rides on vehicle {vehicle.Id}, which it does not allow.");
            }

            int node = visit.StopIndex + 1;
            Drive(previous, node, index);
            double start = Math.Max(time, stop.ReadyTime);
            if (start > stop.DueTime + Tolerance)
            {
                Add(violations, ViolationKind.TimeWindow, string.Create(CultureInfo.InvariantCulture,
                    $"Vehicle {vehicle.Id} starts stop {stop.Id} at {start}, after its due time {stop.DueTime}."));
            }

            if (!Close(time, visit.Arrival) || !Close(start, visit.ServiceStart))
            {
                Add(violations, ViolationKind.InconsistentFigures, $"Visit to {stop.Id} reports times that do not follow from the route.");
            }

            time = start + stop.ServiceTime;
            weight += stop.Weight;
            volume += stop.Volume;
            previous = node;
        }

        Drive(previous, depot, visitIndex);
        sinceBreakAtStart = sinceBreak;

        if (weight > vehicle.WeightCapacity + Tolerance)
        {
            Add(violations, ViolationKind.WeightCapacity, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} carries weight {weight} over its capacity {vehicle.WeightCapacity}."));
        }

        if (volume > vehicle.VolumeCapacity + Tolerance)
        {
            Add(violations, ViolationKind.VolumeCapacity, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} carries volume {volume} over its capacity {vehicle.VolumeCapacity}."));
        }

        if (route.Visits.Count > 0 && time > vehicle.ShiftEnd + Tolerance)
        {
            Add(violations, ViolationKind.ShiftEnd, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} is back at {time}, after its shift ends at {vehicle.ShiftEnd}."));
        }

        if (route.Visits.Count > 0 && time - route.StartTime > vehicle.MaxRouteDuration + Tolerance)
        {
            Add(violations, ViolationKind.MaxRouteDuration, string.Create(CultureInfo.InvariantCulture,
                $"Vehicle {vehicle.Id} is out for {time - route.StartTime}, above its maximum {vehicle.MaxRouteDuration}."));
        }

        if (!Close(weight, route.Weight) || !Close(volume, route.Volume) || !Close(distance, route.Distance)
            || (route.Visits.Count > 0 && !Close(time, route.EndTime)))
        {
            Add(violations, ViolationKind.InconsistentFigures, $"Route of vehicle {vehicle.Id} reports figures that do not follow from its visits.");
        }

        return route.Visits.Count > 0 ? (distance, distance * vehicle.CostPerDistance, driving) : (0, 0, 0);

        // The leg to the visit at index `next` (or back to the depot), after the break taken before it, if any.
        void Drive(int from, int to, int next)
        {
            if (breaks.TryGetValue(next - 1, out var pause))
            {
                if (!Close(pause.Start, time))
                {
                    Add(violations, ViolationKind.DriverBreak, string.Create(CultureInfo.InvariantCulture,
                        $"Vehicle {vehicle.Id} reports a break at {pause.Start} after visit {next - 1}, which ends at {time}."));
                }

                time += pause.Duration;
                sinceBreak = 0;
            }

            double leg = problem.TravelTime(from, to);
            distance += problem.Distance(from, to);
            time += leg;
            driving += leg;
            sinceBreak += leg;
            if (vehicle.HasBreakRule && sinceBreak > vehicle.BreakAfterDriving + Tolerance)
            {
                Add(violations, ViolationKind.DriverBreak, string.Create(CultureInfo.InvariantCulture,
                    $"Vehicle {vehicle.Id} drives {sinceBreak} in a row, above {vehicle.BreakAfterDriving}, before visit {next}."));
            }
        }
    }

    /// <summary>The route's breaks by the visit they follow; too short or misplaced ones are violations.</summary>
    private static Dictionary<int, DriverBreak> CheckBreaks(Vehicle vehicle, VehicleRoute route, List<PlanViolation> violations)
    {
        var byVisit = new Dictionary<int, DriverBreak>();
        foreach (var pause in route.Breaks ?? [])
        {
            if (pause.AfterVisit < 0 || pause.AfterVisit >= route.Visits.Count || !byVisit.TryAdd(pause.AfterVisit, pause))
            {
                Add(violations, ViolationKind.DriverBreak, $"Vehicle {vehicle.Id} reports a break after visit {pause.AfterVisit}, which is not a visit of the route or has one already.");
            }
            else if (pause.Duration < vehicle.BreakDuration - Tolerance)
            {
                Add(violations, ViolationKind.DriverBreak, string.Create(CultureInfo.InvariantCulture,
                    $"Vehicle {vehicle.Id} takes a break of {pause.Duration}, shorter than {vehicle.BreakDuration}."));
            }
        }

        return byVisit;
    }

    private static void CheckFixedRoutes(RoutingProblem problem, RoutePlan plan, List<PlanViolation> violations)
    {
        foreach (var fixedRoute in problem.FixedRoutes)
        {
            // A vehicle's fixed routes are its trips in order.
            int trip = problem.FixedRoutes.TakeWhile(f => !ReferenceEquals(f, fixedRoute)).Count(f => f.VehicleId == fixedRoute.VehicleId);
            var route = plan.Routes.Where(r => r.VehicleId == fixedRoute.VehicleId && r.Visits.Count > 0).OrderBy(r => r.Trip).ElementAtOrDefault(trip)
                ?? (fixedRoute.StopIds.Count == 0 ? null : plan.Routes.FirstOrDefault(r => r.VehicleId == fixedRoute.VehicleId && r.Trip == trip + 1));
            var stops = route?.Visits.Select(v => v.StopId).ToList() ?? [];
            if (!stops.SequenceEqual(fixedRoute.StopIds, StringComparer.Ordinal))
            {
                Add(violations, ViolationKind.FixedRouteChanged,
                    $"Vehicle {fixedRoute.VehicleId} has the fixed route [{string.Join(", ", fixedRoute.StopIds)}] but the plan gives it [{string.Join(", ", stops)}].");
            }
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(1, Math.Abs(a));

    private static void Add(List<PlanViolation> list, ViolationKind kind, string message) => list.Add(new PlanViolation(kind, message));
}
