using Wms.Routing.Vehicles.Internal;

namespace Wms.Routing.Vehicles;

/// <summary>
/// Delivery route planning: a feasible construction, then hybrid genetic search (HGS with SWAP* and
/// time-warp penalties) until the time budget, the iteration cap or cancellation. Always returns the best
/// feasible plan found; stops that no plan could fit are listed as unserved with the reason. Fixed routes
/// come back unchanged; a stop with allowed vehicles is only ever on one of them.
/// </summary>
public static class RouteSolver
{
    public static RoutePlan Solve(RoutingProblem problem, SolverOptions options, CancellationToken cancellationToken = default)
    {
        Validate(problem, options);
        if (DecomposeTrips(problem, options, (p, o) => Solve(p, o, cancellationToken)) is { } byTrip)
        {
            return byTrip;
        }

        if (problem.FixedRoutes.Count > 0)
        {
            return FixedRouteSolve.Solve(problem, rest => Solve(rest, options, cancellationToken));
        }

        var inst = new Instance(problem);
        if (UnreachableStops.Find(inst) is { Count: > 0 } unreachable)
        {
            return UnreachableStops.Solve(problem, unreachable, rest => Solve(rest, options, cancellationToken));
        }

        var stop = new StopCondition(options.TimeProvider ?? TimeProvider.System, options.TimeBudget, options.MaxIterations, cancellationToken);
        var rng = new Rng(options.Seed);
        var ls = new LocalSearch(inst, rng);
        bool vehiclesFirst = options.Objective == SolverObjective.VehiclesFirst;
        var best = ls.Construct();
        var start = options.InitialRoutes is { } initial && WarmStart.From(inst, initial) is { IsFeasible: true } given ? given : null;
        if (start is not null && !GeneticSearch.Better(best, start, vehiclesFirst))
        {
            // The search only ever replaces its best with a better plan, so starting here it cannot end worse.
            best = start;
        }

        Report(options, best, stop, 0);
        if (inst.N > 0)
        {
            var search = new GeneticSearch(inst, rng, ls, stop, vehiclesFirst, (ind, iteration) =>
            {
                if (GeneticSearch.Better(ind, best, vehiclesFirst))
                {
                    best = ind;
                    Report(options, ind, stop, iteration);
                }
            })
            {
                Trace = options.Statistics?.Trace,
                TraceEvery = options.Statistics?.TraceEvery ?? 0,
            };
            search.Run(best);
            if (options.Statistics is { } statistics)
            {
                statistics.Iterations += search.Iterations;
                statistics.StarvedPeriods += search.StarvedPeriods;
                statistics.LocalSearch += ls.Counts;
            }
        }

        var plan = PlanBuilder.Build(inst, best);
        if (start is not null && !ReferenceEquals(start, best) && PlanBuilder.Build(inst, start) is var kept && Worse(problem, plan, kept))
        {
            // Breaks are estimated in the search and placed exactly in the plan, which may then leave a stop
            // out; the starting plan, already scheduled that way, is kept rather than a plan that turned out worse.
            plan = kept;
        }

        return plan;
    }

    /// <summary>
    /// For an engine whose search has one depot (OR-Tools): several depots solved depot by depot
    /// (<see cref="MultiDepotSolve"/>), several trips trip by trip; each part is an ordinary problem for
    /// <paramref name="solve"/>. Null when the problem has one depot and one trip per vehicle.
    /// </summary>
    internal static RoutePlan? Decompose(RoutingProblem problem, SolverOptions options, Func<RoutingProblem, SolverOptions, RoutePlan> solve) =>
        problem.Depots.Count > 1 ? MultiDepotSolve.Solve(problem, options, solve)
        : problem.HasTrips ? MultiTripSolve.Solve(problem, options, solve, joint: false) : null;

    /// <summary>
    /// This engine's: several trips in one search (<see cref="MultiTripSolve"/>: each vehicle becomes one route
    /// per trip, priced by its whole day), null when every vehicle drives one. Several depots need no
    /// decomposition: each route starts and ends at its vehicle's depot, and one search moves stops between
    /// all the vehicles, whichever depot they are based at.
    /// </summary>
    private static RoutePlan? DecomposeTrips(RoutingProblem problem, SolverOptions options, Func<RoutingProblem, SolverOptions, RoutePlan> solve) =>
        problem.HasTrips ? MultiTripSolve.Solve(problem, options, solve, joint: true) : null;

    /// <summary>More required stops left out, or as many at a higher cost.</summary>
    internal static bool Worse(RoutingProblem problem, RoutePlan a, RoutePlan b)
    {
        int requiredA = a.Unserved.Count(u => problem.Stops[u.StopIndex].IsRequired);
        int requiredB = b.Unserved.Count(u => problem.Stops[u.StopIndex].IsRequired);
        return requiredA != requiredB ? requiredA > requiredB : a.TotalCost > b.TotalCost + 1e-9;
    }

    /// <summary>The checks every engine makes on its arguments.</summary>
    internal static void Validate(RoutingProblem problem, SolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        if (options.TimeBudget < TimeSpan.Zero)
        {
            throw new ArgumentException("TimeBudget must not be negative.", nameof(options));
        }

        if (options.MaxIterations is < 0)
        {
            throw new ArgumentException("MaxIterations must not be negative.", nameof(options));
        }
    }

    /// <summary>The construction heuristic alone: a quick feasible plan.</summary>
    public static RoutePlan Construct(RoutingProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (DecomposeTrips(problem, new SolverOptions(), (p, _) => Construct(p)) is { } byTrip)
        {
            return byTrip;
        }

        if (problem.FixedRoutes.Count > 0)
        {
            return FixedRouteSolve.Solve(problem, Construct);
        }

        var inst = new Instance(problem);
        if (UnreachableStops.Find(inst) is { Count: > 0 } unreachable)
        {
            return UnreachableStops.Solve(problem, unreachable, Construct);
        }

        var ls = new LocalSearch(inst, new Rng(0));
        return PlanBuilder.Build(inst, ls.Construct());
    }

    private static void Report(SolverOptions options, Individual ind, StopCondition stop, long iteration) =>
        options.Progress?.Report(new SolverProgress(ind.Cost, ind.RoutesUsed, ind.Unserved.Length, stop.Elapsed, iteration));
}
