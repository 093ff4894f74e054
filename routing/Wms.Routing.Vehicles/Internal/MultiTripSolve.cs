namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Several trips per vehicle. The HGS engine searches all trips at once (<see cref="Joint"/>): each vehicle
/// becomes one route per trip, and the search prices a vehicle's trips together as its day. Engines whose
/// search has no such pricing (OR-Tools) plan trips two ways over ordinary problems and keep the better plan.
/// Rolling: the first trips of the whole fleet are solved as
/// usual; each vehicle that drove then becomes, for the next round, a vehicle whose shift starts when it
/// is back and reloaded (<see cref="Vehicle.TripGap"/>), ends where its day must end (shift, or first
/// departure + <see cref="Vehicle.MaxRouteDuration"/>), and may drive only what is left of the day's
/// <see cref="Vehicle.MaxDrivingTime"/>; the stops left over are solved on those vehicles, and so on up
/// to each vehicle's <see cref="Vehicle.MaxTrips"/>. Every round is an ordinary problem, so every trip
/// keeps capacity, windows and breaks, and the day keeps the shift and the driving limit. Sliced (only
/// when the rolling plan leaves a stop out for lack of room): every trip in one search, trip t of a
/// vehicle on the t-th slice of its day (see <see cref="Sliced"/>).
/// </summary>
/// <remarks>
/// Rolling chooses the first trips before the later ones exist (the first trips spread over the day and
/// leave no time for a second one when windows are wide); slicing fixes each trip's time slice up front.
/// The joint search has neither limit; on generated days that need reloads it left out fewer stops and
/// planned cheaper than the rounds (docs/benchmarks.md, "Several trips per vehicle").
/// </remarks>
internal static class MultiTripSolve
{
    /// <param name="joint">
    /// One search over every trip (<see cref="Joint"/>, the HGS engine: <paramref name="solve"/> must be
    /// <see cref="RouteSolver.Solve"/>, which prices the trips of one vehicle by its day); false = rolling and
    /// sliced rounds of ordinary problems (any engine: OR-Tools).
    /// </param>
    public static RoutePlan Solve(RoutingProblem problem, SolverOptions options, Func<RoutingProblem, SolverOptions, RoutePlan> solve, bool joint)
    {
        var clock = options.TimeProvider ?? TimeProvider.System;
        long started = clock.GetTimestamp();
        var vehicleIndex = problem.Vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var stopIndex = problem.Stops.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        // A vehicle with fixed routes drives exactly those trips, in order.
        var routes = new List<VehicleRoute>();
        var fixedVehicles = problem.FixedRoutes.Select(f => f.VehicleId).ToHashSet(StringComparer.Ordinal);
        foreach (var day in problem.FixedRoutes.GroupBy(f => f.VehicleId, StringComparer.Ordinal))
        {
            routes.AddRange(ScheduleTrips(problem, vehicleIndex[day.Key], day.Select(f => f.StopIds.Select(id => stopIndex[id] + 1).ToList())));
        }

        var fixedStops = problem.FixedRoutes.SelectMany(f => f.StopIds).ToHashSet(StringComparer.Ordinal);
        var unserved = new List<UnservedStop>();
        var pending = FixedRouteSolve.FreeStops(problem, fixedVehicles, fixedStops, unserved);
        var free = Enumerable.Range(0, problem.Vehicles.Count).Where(k => !fixedVehicles.Contains(problem.Vehicles[k].Id)).ToList();
        if (joint)
        {
            if (free.Count == 0)
            {
                return PlanBuilder.Assemble(problem, routes, [.. Sorted([.. unserved, .. pending.Select(p => Unserved(p.Index, p.Stop, UnservedReason.FleetExhausted))])]);
            }

            // The rounds' constructions cost next to nothing and start the joint search where one trip per
            // vehicle's construction would not: on a day bound by time or driving, short trips that each start
            // rested serve more than long first trips that leave no time for a second.
            var rough = RoughTrips(problem, pending, free);
            var first = options.InitialRoutes ?? [.. rough.Routes.Select(r => new FixedRoute(r.VehicleId, [.. r.Visits.Select(v => v.StopId)]))];
            var one = Joint(problem, pending, free, options with { InitialRoutes = first }, Budget(options, clock, started, 1), solve);
            var plan = PlanBuilder.Assemble(problem, [.. Sorted([.. routes, .. one.Routes])], [.. Sorted([.. unserved, .. one.Unserved])]);
            var roughPlan = PlanBuilder.Assemble(problem, [.. Sorted([.. routes, .. rough.Routes])], [.. Sorted([.. unserved, .. rough.Unserved])]);
            plan = RouteSolver.Worse(problem, plan, roughPlan) && PlanChecker.Check(problem, roughPlan).Count == 0 ? roughPlan : plan;
            return options.InitialRoutes is { } given && Given(problem, given) is { } kept && RouteSolver.Worse(problem, plan, kept) ? kept : plan;
        }

        var rolling = Rolling(problem, pending, free, options, Budget(options, clock, started, 0.6), solve);
        var result = PlanBuilder.Assemble(problem, [.. Sorted([.. routes, .. rolling.Routes])], [.. Sorted([.. unserved, .. rolling.Unserved])]);
        if (rolling.Unserved.Any(u => problem.Stops[u.StopIndex].IsRequired && u.Reason == UnservedReason.FleetExhausted) && free.Any(k => problem.Vehicles[k].MaxTrips > 1))
        {
            var sliced = Sliced(problem, pending, free, options, Budget(options, clock, started, 1), solve);
            var other = PlanBuilder.Assemble(problem, [.. Sorted([.. routes, .. sliced.Routes])], [.. Sorted([.. unserved, .. sliced.Unserved])]);
            if (RouteSolver.Worse(problem, result, other) && PlanChecker.Check(problem, other).Count == 0)
            {
                result = other;
            }
        }

        return options.InitialRoutes is { } initial && Given(problem, initial) is { } start && RouteSolver.Worse(problem, result, start) ? start : result;
    }

    /// <summary>
    /// Trip by trip: the free vehicles' first trips over their whole shifts, then a round on the vehicles
    /// that drove, each starting when back and reloaded, for the stops left over; and so on.
    /// </summary>
    private static (List<VehicleRoute> Routes, List<UnservedStop> Unserved) Rolling(
        RoutingProblem problem, List<(int Index, Stop Stop)> pending, List<int> free, SolverOptions options, TimeSpan budget, Func<RoutingProblem, SolverOptions, RoutePlan> solve)
    {
        var clock = options.TimeProvider ?? TimeProvider.System;
        long started = clock.GetTimestamp();
        var routes = new List<VehicleRoute>();
        var fleet = free.Select(k => new TripState(k, problem.Vehicles[k] with { MaxTrips = 1 }, 0, 0, 0)).ToList();
        var firstReason = new Dictionary<int, UnservedReason>();
        int maxTrips = problem.Vehicles.Max(v => v.MaxTrips);
        for (int round = 1; round <= maxTrips && pending.Count > 0 && fleet.Count > 0; round++)
        {
            var sub = FixedRouteSolve.SubProblem(problem, 0, pending, [.. fleet.Select(s => s.Today)], round == 1 ? problem.Fleet : FleetRule.AtMost);
            var left = budget - clock.GetElapsedTime(started);
            var plan = solve(sub, options with
            {
                TimeBudget = left <= TimeSpan.Zero ? TimeSpan.Zero : round == maxTrips || fleet.All(s => problem.Vehicles[s.K].MaxTrips <= round) ? left : left * 0.6,
                InitialRoutes = TripOf(options.InitialRoutes, round),
                Progress = null,
            });
            var next = new List<TripState>();
            foreach (var route in plan.Routes)
            {
                var state = fleet[route.VehicleIndex];
                var vehicle = problem.Vehicles[state.K];
                double dayStart = state.Trips == 0 ? route.StartTime : state.DayStart;
                routes.Add(route with
                {
                    VehicleIndex = state.K,
                    Trip = state.Trips + 1,
                    Visits = [.. route.Visits.Select(v => v with { StopIndex = pending[v.StopIndex].Index })],
                });
                if (state.Trips + 1 < vehicle.MaxTrips && NextTrip(vehicle, route.EndTime, dayStart, state.Driven + route.DrivingTime) is Vehicle today)
                {
                    next.Add(new TripState(state.K, today, dayStart, state.Driven + route.DrivingTime, state.Trips + 1));
                }
            }

            foreach (var u in plan.Unserved)
            {
                firstReason.TryAdd(pending[u.StopIndex].Index, u.Reason);
            }

            pending = [.. plan.Unserved.Select(u => pending[u.StopIndex])];
            fleet = next;
        }

        // A stop left over was seen by the first round, which had every free vehicle's whole shift: its
        // reason there (no vehicle could serve it alone, or no room) is the day's.
        return (routes, [.. pending.Select(p => Unserved(p.Index, p.Stop, firstReason.GetValueOrDefault(p.Index, UnservedReason.FleetExhausted)))]);
    }

    /// <summary>
    /// All trips in one search: each vehicle becomes one vehicle per trip, trip t on the t-th of equal
    /// slices of its day (shift, capped by the maximum duration), the later ones starting a reload after
    /// the earlier slice ends, each with its share of the driving limit. Trips then never overlap and the
    /// day keeps its limits by construction; the search balances the load over the trips, which the
    /// rolling rounds cannot when the first trips' windows spread over the whole day.
    /// </summary>
    private static (List<VehicleRoute> Routes, List<UnservedStop> Unserved) Sliced(
        RoutingProblem problem, List<(int Index, Stop Stop)> pending, List<int> free, SolverOptions options, TimeSpan budget, Func<RoutingProblem, SolverOptions, RoutePlan> solve)
    {
        var copies = new List<(int K, Vehicle Trip)>();
        foreach (int k in free)
        {
            var v = problem.Vehicles[k];
            double end = Math.Min(v.ShiftEnd, v.ShiftStart + v.MaxRouteDuration);
            // An endless day has no slices: one trip (the rolling rounds give such a vehicle its later trips).
            int trips = double.IsFinite(end) ? v.MaxTrips : 1;
            double slice = double.IsFinite(end) ? (end - v.ShiftStart) / trips : double.PositiveInfinity;
            for (int t = 0; t < trips; t++)
            {
                double from = t == 0 ? v.ShiftStart : v.ShiftStart + (t * slice) + v.TripGap;
                if (t == 0 || from < v.ShiftStart + ((t + 1) * slice))
                {
                    copies.Add((k, v with
                    {
                        Id = t == 0 ? v.Id : $"{v.Id}#{t + 1}",
                        ShiftStart = from,
                        ShiftEnd = trips == 1 ? v.ShiftEnd : v.ShiftStart + ((t + 1) * slice),
                        MaxDrivingTime = v.MaxDrivingTime / trips,
                        FixedCost = t == 0 ? v.FixedCost : 0,
                        MaxTrips = 1,
                    }));
                }
            }
        }

        return SolveCopies(problem, pending, copies, problem.Fleet == FleetRule.Exactly ? FleetRule.AtMost : problem.Fleet, null, options, budget, solve);
    }

    /// <summary>The better of the rolling and the sliced rounds, each round only constructed (no search).</summary>
    private static (List<VehicleRoute> Routes, List<UnservedStop> Unserved) RoughTrips(RoutingProblem problem, List<(int Index, Stop Stop)> pending, List<int> free)
    {
        var none = new SolverOptions { TimeBudget = TimeSpan.Zero, MaxIterations = 0 };
        var rolling = Rolling(problem, pending, free, none, TimeSpan.Zero, (p, _) => RouteSolver.Construct(p));
        var sliced = Sliced(problem, pending, free, none, TimeSpan.Zero, (p, _) => RouteSolver.Construct(p));
        var a = PlanBuilder.Assemble(problem, Sorted(rolling.Routes), Sorted(rolling.Unserved));
        var b = PlanBuilder.Assemble(problem, Sorted(sliced.Routes), Sorted(sliced.Unserved));
        return RouteSolver.Worse(problem, a, b) ? sliced : rolling;
    }

    /// <summary>
    /// Every trip in one search: vehicle k with m trips becomes m routes of the search (its trip group,
    /// <see cref="RoutingProblem.TripGroup"/>), each with the whole shift, each trip's load within capacity,
    /// and the group priced as one day: the trips in order with the reload between them, the shift, the
    /// maximum duration and the driving limit over all of them, the fixed cost once. The search's moves then
    /// carry stops between trips of one vehicle as between vehicles, and its plan schedules each day's trips
    /// one after the other (<see cref="PlanBuilder.ScheduleDay"/>).
    /// </summary>
    private static (List<VehicleRoute> Routes, List<UnservedStop> Unserved) Joint(
        RoutingProblem problem, List<(int Index, Stop Stop)> pending, List<int> free, SolverOptions options, TimeSpan budget, Func<RoutingProblem, SolverOptions, RoutePlan> solve)
    {
        var slots = new List<(int K, Vehicle Trip)>();
        var group = new List<int>();
        foreach (int k in free)
        {
            var v = problem.Vehicles[k];
            int first = slots.Count;
            // No more trips than stops: an empty trip slot only costs the search time.
            int trips = Math.Max(1, Math.Min(v.MaxTrips, pending.Count));
            for (int t = 0; t < trips; t++)
            {
                slots.Add((k, v with { Id = t == 0 ? v.Id : $"{v.Id}#{t + 1}", FixedCost = t == 0 ? v.FixedCost : 0, MaxTrips = 1 }));
                group.Add(first);
            }
        }

        return SolveCopies(problem, pending, slots, problem.Fleet, [.. group], options, budget, solve);
    }

    /// <summary>
    /// The pending stops on one copy of a vehicle per trip (<paramref name="copies"/>, a vehicle's copies
    /// consecutive and in trip order; ids "V", "V#2", ...): pins and the starting plan's trips mapped onto the
    /// copies, solved, and the routes mapped back, numbered as trips of their vehicles.
    /// </summary>
    private static (List<VehicleRoute> Routes, List<UnservedStop> Unserved) SolveCopies(
        RoutingProblem problem, List<(int Index, Stop Stop)> pending, List<(int K, Vehicle Trip)> copies, FleetRule fleet, int[]? tripGroup,
        SolverOptions options, TimeSpan budget, Func<RoutingProblem, SolverOptions, RoutePlan> solve)
    {
        var idsOf = copies.GroupBy(c => problem.Vehicles[c.K].Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(c => c.Trip.Id).ToList(), StringComparer.Ordinal);
        var stops = pending.Select(p => (p.Index, p.Stop.AllowedVehicles is { Count: > 0 } allowed ? p.Stop with { AllowedVehicles = [.. allowed.SelectMany(id => idsOf[id])] } : p.Stop)).ToList();
        var sub = FixedRouteSolve.SubProblem(problem, 0, stops, [.. copies.Select(c => c.Trip)], fleet);
        sub.TripGroup = tripGroup;
        var start = options.InitialRoutes?.Where(f => f?.VehicleId is not null && idsOf.ContainsKey(f.VehicleId)).GroupBy(f => f.VehicleId, StringComparer.Ordinal)
            .SelectMany(g => g.Take(idsOf[g.Key].Count).Select((f, t) => f with { VehicleId = idsOf[g.Key][t] })).ToList();
        var plan = solve(sub, options with { TimeBudget = budget, InitialRoutes = start, Progress = null });
        var routes = plan.Routes.OrderBy(r => r.VehicleIndex).Select(r => r with
        {
            VehicleIndex = copies[r.VehicleIndex].K,
            VehicleId = problem.Vehicles[copies[r.VehicleIndex].K].Id,
            Visits = [.. r.Visits.Select(v => v with { StopIndex = pending[v.StopIndex].Index })],
        }).ToList();
        for (int i = 0; i < routes.Count; i++)
        {
            routes[i] = routes[i] with { Trip = i > 0 && routes[i - 1].VehicleIndex == routes[i].VehicleIndex ? routes[i - 1].Trip + 1 : 1 };
        }

        return (routes, [.. plan.Unserved.Select(u => Unserved(pending[u.StopIndex].Index, pending[u.StopIndex].Stop, u.Reason))]);
    }

    private static TimeSpan Budget(SolverOptions options, TimeProvider clock, long started, double fraction)
    {
        var left = options.TimeBudget - clock.GetElapsedTime(started);
        return left > TimeSpan.Zero ? left * fraction : TimeSpan.Zero;
    }

    private static List<VehicleRoute> Sorted(List<VehicleRoute> routes)
    {
        routes.Sort((a, b) => a.VehicleIndex != b.VehicleIndex ? a.VehicleIndex.CompareTo(b.VehicleIndex) : a.Trip.CompareTo(b.Trip));
        return routes;
    }

    private static List<UnservedStop> Sorted(List<UnservedStop> unserved)
    {
        unserved.Sort((a, b) => a.StopIndex.CompareTo(b.StopIndex));
        return unserved;
    }

    /// <summary>
    /// The trips of vehicle <paramref name="k"/> as one day (<see cref="PlanBuilder.ScheduleTrips"/>), each leaving no
    /// earlier than the previous one is back and reloaded. Kept as given even when a trip breaks a rule (the checker says so).
    /// </summary>
    public static List<VehicleRoute> ScheduleTrips(RoutingProblem problem, int k, IEnumerable<IReadOnlyList<int>> trips) =>
        [.. PlanBuilder.ScheduleTrips(problem, k, [.. trips], hasTime: true, dropped: null).OfType<VehicleRoute>()];

    /// <summary>Vehicle as it stands for its next trip, or null when no time or driving is left.</summary>
    private static Vehicle? NextTrip(Vehicle vehicle, double backAt, double dayStart, double driven)
    {
        double start = backAt + vehicle.TripGap;
        double end = Math.Min(vehicle.ShiftEnd, dayStart + vehicle.MaxRouteDuration);
        double drive = vehicle.MaxDrivingTime - driven;
        return start < end && drive > 1e-9
            ? vehicle with { ShiftStart = start, ShiftEnd = end, MaxDrivingTime = drive, FixedCost = 0, MaxTrips = 1 }
            : null;
    }

    /// <summary>The starting plan, trips as given, or null when it breaks a rule (then it is no guarantee to keep).</summary>
    private static RoutePlan? Given(RoutingProblem problem, IReadOnlyList<FixedRoute> initial)
    {
        var vehicleIndex = problem.Vehicles.Select((v, k) => (v.Id, k)).ToDictionary(x => x.Id, x => x.k, StringComparer.Ordinal);
        var stopIndex = problem.Stops.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var placed = new HashSet<int>();
        var routes = new List<VehicleRoute>();
        foreach (var day in initial.Where(f => f?.VehicleId is not null && f.StopIds is not null && vehicleIndex.ContainsKey(f.VehicleId)).GroupBy(f => f.VehicleId, StringComparer.Ordinal))
        {
            var trips = day.Select(f => f.StopIds.Where(id => id is not null && stopIndex.ContainsKey(id) && placed.Add(stopIndex[id])).Select(id => stopIndex[id] + 1).ToList()).ToList();
            routes.AddRange(ScheduleTrips(problem, vehicleIndex[day.Key], trips));
        }

        Sorted(routes);
        var unserved = Enumerable.Range(0, problem.Stops.Count).Where(i => !placed.Contains(i))
            .Select(i => Unserved(i, problem.Stops[i], problem.Stops[i].IsRequired ? UnservedReason.FleetExhausted : UnservedReason.CheaperToSkip)).ToList();
        var plan = PlanBuilder.Assemble(problem, routes, unserved);
        return PlanChecker.Check(problem, plan).Count == 0 ? plan : null;
    }

    /// <summary>The <paramref name="trip"/>-th route given for each vehicle (routes of one vehicle are its trips in order).</summary>
    private static List<FixedRoute>? TripOf(IReadOnlyList<FixedRoute>? initial, int trip) => initial?
        .Where(f => f?.VehicleId is not null)
        .GroupBy(f => f.VehicleId, StringComparer.Ordinal)
        .Where(g => g.Count() >= trip)
        .Select(g => g.ElementAt(trip - 1))
        .ToList();

    private static UnservedStop Unserved(int index, Stop stop, UnservedReason reason) =>
        new(index, stop.Id, stop.IsRequired || reason == UnservedReason.NoVehicleCanServe ? reason : UnservedReason.CheaperToSkip, stop.IsRequired ? 0 : stop.UnservedPenalty);

    private readonly record struct TripState(int K, Vehicle Today, double DayStart, double Driven, int Trips);
}
