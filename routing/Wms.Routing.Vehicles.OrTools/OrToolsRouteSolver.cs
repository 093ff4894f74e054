using Google.OrTools.ConstraintSolver;
using Google.Protobuf.WellKnownTypes;
using Wms.Routing.Vehicles.Internal;
using Wms.Routing.Vehicles.OrTools.Internal;

namespace Wms.Routing.Vehicles.OrTools;

/// <summary>
/// Delivery routes with Google OR-Tools' routing library (constraint-programming model, cheapest-arc
/// start, guided local search) on the same <see cref="RoutingProblem"/> and with the same plan shape as
/// <see cref="RouteSolver"/>: weight and volume capacities, time windows, shifts, maximum route duration,
/// service times, optional stops with penalties, allowed vehicles, fixed routes and the fleet rule.
/// The vehicles-first objective is a weighted sum: each vehicle is priced above any plan's travel cost.
/// </summary>
/// <remarks>
/// OR-Tools' routing search is deterministic and takes no seed; <see cref="SolverOptions.Seed"/> is
/// ignored and <see cref="SolverOptions.MaxIterations"/> caps the number of solutions found, which makes
/// a run reproducible when the time budget is generous. Cancellation is honoured at each new solution.
/// </remarks>
public static class OrToolsRouteSolver
{
    public static RoutePlan Solve(RoutingProblem problem, SolverOptions options, CancellationToken cancellationToken = default)
    {
        RouteSolver.Validate(problem, options);
        // Several depots are one model (each vehicle starts and ends at its own: a joint search, where HGS
        // decomposes by depot); only with several trips per vehicle, or fixed routes next to several depots,
        // is the problem split as HGS splits it.
        bool split = problem.HasTrips || (problem.Depots.Count > 1 && problem.FixedRoutes.Count > 0);
        if (split && RouteSolver.Decompose(problem, options, (p, o) => Solve(p, o, cancellationToken)) is { } byDepotOrTrip)
        {
            return byDepotOrTrip;
        }

        if (problem.FixedRoutes.Count > 0)
        {
            return FixedRouteSolve.Solve(problem, rest => Solve(rest, options, cancellationToken));
        }

        Func<int, bool> canServeAlone = problem.Depots.Count == 1 ? new Instance(problem).CanServeAlone : u => CanServeAlone(problem, u);
        var builder = new RoutingModelBuilder(problem, canServeAlone, options.Objective == SolverObjective.VehiclesFirst);
        if (cancellationToken.IsCancellationRequested || builder.StopNodes == 0)
        {
            return ToPlan(problem, builder, null, canServeAlone);
        }

        builder.Build();
        var model = builder.Model;
        var clock = options.TimeProvider ?? TimeProvider.System;
        long started = clock.GetTimestamp();
        model.AddAtSolutionCallback(() =>
        {
            // The model's cost (scaled, with big-M prices) in problem units; vehicles and stops are not counted here.
            options.Progress?.Report(new SolverProgress(model.CostVar().Value() / builder.CostFactor, 0, 0, clock.GetElapsedTime(started), 0));
            if (cancellationToken.IsCancellationRequested)
            {
                model.solver().FinishCurrentSearch();
            }
        });

        var parameters = operations_research_constraint_solver.DefaultRoutingSearchParameters();
        parameters.FirstSolutionStrategy = FirstSolutionStrategy.Types.Value.PathCheapestArc;
        parameters.LocalSearchMetaheuristic = LocalSearchMetaheuristic.Types.Value.GuidedLocalSearch;
        // A zero limit would read as "no limit": the smallest positive one instead.
        parameters.TimeLimit = Duration.FromTimeSpan(options.TimeBudget > TimeSpan.Zero ? options.TimeBudget : TimeSpan.FromMilliseconds(1));
        if (options.MaxIterations is long cap)
        {
            parameters.SolutionLimit = Math.Max(1, cap);
        }

        // A re-plan starts from the current plan when the model accepts it (ReadAssignmentFromRoutes).
        var start = options.InitialRoutes is { } initial ? builder.StartFrom(initial) : null;
        var solution = start is null ? model.SolveWithParameters(parameters) : model.SolveFromAssignmentWithParameters(start, parameters);
        return ToPlan(problem, builder, solution, canServeAlone);
    }

    /// <summary>Whether some vehicle can serve stop node <paramref name="u"/> on a route of its own (the multi-depot model's test).</summary>
    private static bool CanServeAlone(RoutingProblem problem, int u)
    {
        var stop = problem.Stops[u - 1];
        for (int k = 0; k < problem.Vehicles.Count; k++)
        {
            var v = problem.Vehicles[k];
            if (!stop.Allows(v.Id) || stop.Weight > v.WeightCapacity + 1e-9 || stop.Volume > v.VolumeCapacity + 1e-9)
            {
                continue;
            }

            var alone = PlanBuilder.Schedule(problem, k, [u], hasTime: true);
            int home = problem.DepotNode(k);
            bool legsFit = !v.HasBreakRule || Math.Max(problem.TravelTime(home, u), problem.TravelTime(u, home)) <= v.BreakAfterDriving + 1e-9;
            if (legsFit && PlanBuilder.FirstMisfit(problem, alone) is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The plan of an OR-Tools assignment. Without one (no solution within the budget, or the fleet rule
    /// cannot be met) the construction heuristic's plan stands in, so a feasible plan always comes back.
    /// </summary>
    private static RoutePlan ToPlan(RoutingProblem problem, RoutingModelBuilder builder, Assignment? solution, Func<int, bool> canServeAlone)
    {
        if (solution is null && builder.StopNodes > 0)
        {
            return RouteSolver.Construct(problem);
        }

        var routes = new List<VehicleRoute>();
        var served = new bool[problem.Stops.Count + 1];
        var dropped = new List<int>();
        if (solution is not null)
        {
            var model = builder.Model;
            for (int k = 0; k < problem.Vehicles.Count; k++)
            {
                var nodes = new List<int>();
                for (long index = solution.Value(model.NextVar(model.Start(k))); !model.IsEnd(index); index = solution.Value(model.NextVar(index)))
                {
                    int node = builder.Nodes[builder.Manager.IndexToNode(index)];
                    nodes.Add(node);
                    served[node] = true;
                }

                if (nodes.Count > 0)
                {
                    // Breaks placed at stops as both engines place them; a stop they push out is left out (rare).
                    var route = PlanBuilder.ScheduleWithBreaks(problem, k, [.. nodes], hasTime: true, dropped);
                    if (route.Visits.Count > 0)
                    {
                        routes.Add(route);
                    }
                }
            }
        }

        foreach (int u in dropped)
        {
            served[u] = false;
        }

        var unserved = Enumerable.Range(1, problem.Stops.Count).Where(u => !served[u]).Select(u => Unserved(problem, u, canServeAlone(u))).ToList();
        return PlanBuilder.Assemble(problem, routes, unserved);
    }

    private static UnservedStop Unserved(RoutingProblem problem, int u, bool canServeAlone)
    {
        var stop = problem.Stops[u - 1];
        var reason = !canServeAlone ? UnservedReason.NoVehicleCanServe : stop.IsRequired ? UnservedReason.FleetExhausted : UnservedReason.CheaperToSkip;
        return new UnservedStop(u - 1, stop.Id, reason, stop.IsRequired ? 0 : stop.UnservedPenalty);
    }
}
