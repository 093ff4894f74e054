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
        if (RouteSolver.Decompose(problem, options, (p, o) => Solve(p, o, cancellationToken)) is { } byDepotOrTrip)
        {
            return byDepotOrTrip;
        }

        if (problem.FixedRoutes.Count > 0)
        {
            return FixedRouteSolve.Solve(problem, rest => Solve(rest, options, cancellationToken));
        }

        var inst = new Instance(problem);
        var builder = new RoutingModelBuilder(problem, inst.CanServeAlone, options.Objective == SolverObjective.VehiclesFirst);
        if (cancellationToken.IsCancellationRequested || builder.Nodes.Length == 1)
        {
            return ToPlan(problem, builder, null, inst);
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

        var solution = model.SolveWithParameters(parameters);
        return ToPlan(problem, builder, solution, inst);
    }

    /// <summary>
    /// The plan of an OR-Tools assignment. Without one (no solution within the budget, or the fleet rule
    /// cannot be met) the construction heuristic's plan stands in, so a feasible plan always comes back.
    /// </summary>
    private static RoutePlan ToPlan(RoutingProblem problem, RoutingModelBuilder builder, Assignment? solution, Instance inst)
    {
        if (solution is null && builder.Nodes.Length > 1)
        {
            return RouteSolver.Construct(problem);
        }

        var routes = new List<VehicleRoute>();
        var served = new bool[problem.Stops.Count + 1];
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
                    routes.Add(PlanBuilder.Schedule(problem, k, nodes, hasTime: true));
                }
            }
        }

        var unserved = Enumerable.Range(1, problem.Stops.Count).Where(u => !served[u]).Select(u => PlanBuilder.Unserved(inst, u)).ToList();
        return PlanBuilder.Assemble(problem, routes, unserved);
    }
}
