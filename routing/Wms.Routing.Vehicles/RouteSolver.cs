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
        if (problem.FixedRoutes.Count > 0)
        {
            return FixedRouteSolve.Solve(problem, rest => Solve(rest, options, cancellationToken));
        }

        var stop = new StopCondition(options.TimeProvider ?? TimeProvider.System, options.TimeBudget, options.MaxIterations, cancellationToken);
        var inst = new Instance(problem);
        var rng = new Rng(options.Seed);
        var ls = new LocalSearch(inst, rng);
        var best = ls.Construct();
        Report(options, best, stop, 0);
        if (inst.N > 0)
        {
            bool vehiclesFirst = options.Objective == SolverObjective.VehiclesFirst;
            var search = new GeneticSearch(inst, rng, ls, stop, vehiclesFirst, (ind, iteration) =>
            {
                if (GeneticSearch.Better(ind, best, vehiclesFirst))
                {
                    best = ind;
                    Report(options, ind, stop, iteration);
                }
            });
            search.Run(best);
        }

        return PlanBuilder.Build(inst, best, ls);
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
        if (problem.FixedRoutes.Count > 0)
        {
            return FixedRouteSolve.Solve(problem, Construct);
        }

        var inst = new Instance(problem);
        var ls = new LocalSearch(inst, new Rng(0));
        return PlanBuilder.Build(inst, ls.Construct(), ls);
    }

    private static void Report(SolverOptions options, Individual ind, StopCondition stop, long iteration) =>
        options.Progress?.Report(new SolverProgress(ind.Cost, ind.RoutesUsed, ind.Unserved.Length, stop.Elapsed, iteration));
}
