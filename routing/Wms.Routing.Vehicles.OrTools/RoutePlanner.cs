namespace Wms.Routing.Vehicles.OrTools;

/// <summary>
/// One entry point for every engine, chosen per warehouse and per call (<c>hgs | ortools | best-of</c>).
/// Every engine returns a plan in the same shape that <see cref="PlanChecker"/> checks.
/// </summary>
public static class RoutePlanner
{
    /// <summary>The default engine: HGS, the one that won the side-by-side benchmark (docs/benchmarks.md).</summary>
    public const RouteEngine DefaultEngine = RouteEngine.Hgs;

    public static RoutePlan Solve(RoutingProblem problem, SolverOptions options, RouteEngine engine, CancellationToken cancellationToken = default) =>
        Plan(problem, options, engine, cancellationToken).Plan;

    /// <summary>
    /// As <see cref="Solve"/>, saying which engine's plan came back. With <see cref="SolverOptions.InitialRoutes"/>
    /// every engine returns a plan at least as good as those routes (both start their search from them; OR-Tools'
    /// plan is also compared with them afterwards, for routes its model refuses or its integer rounding prices
    /// higher), so a re-plan never comes back worse whatever the engine.
    /// </summary>
    public static EnginePlan Plan(RoutingProblem problem, SolverOptions options, RouteEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return engine switch
        {
            RouteEngine.Hgs => new(RouteSolver.Solve(problem, options, cancellationToken), RouteEngine.Hgs),
            RouteEngine.OrTools => KeepStart(problem, options, OrToolsRouteSolver.Solve(problem, options, cancellationToken)),
            RouteEngine.BestOf => BestOf(problem, options, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown route engine."),
        };
    }

    /// <summary>The name configuration and callers use for an engine (what <see cref="Parse"/> reads).</summary>
    public static string Name(RouteEngine engine) => engine switch
    {
        RouteEngine.Hgs => "hgs",
        RouteEngine.OrTools => "ortools",
        RouteEngine.BestOf => "best-of",
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown route engine."),
    };

    /// <summary>Reads <c>hgs</c>, <c>ortools</c> or <c>best-of</c> (case-insensitive), as configuration spells them.</summary>
    public static RouteEngine Parse(string text, string field = "engine") =>
        TryParse(text, out var engine) ? engine : throw new ArgumentException($"{field} must be hgs, ortools or best-of, not '{text}'.", field);

    /// <summary>As <see cref="Parse"/>, false for a name that is none of them.</summary>
    public static bool TryParse(string? text, out RouteEngine engine)
    {
        RouteEngine? known = text?.Trim().ToLowerInvariant() switch
        {
            "hgs" => RouteEngine.Hgs,
            "ortools" or "or-tools" => RouteEngine.OrTools,
            "best-of" or "bestof" => RouteEngine.BestOf,
            _ => null,
        };
        engine = known.GetValueOrDefault();
        return known.HasValue;
    }

    /// <summary>
    /// The better of two plans for the same problem: a plan the checker accepts over one it does not, then
    /// fewer required stops left out (their penalty is not in the cost), then the lower total cost;
    /// ties keep <paramref name="a"/>.
    /// </summary>
    public static RoutePlan Better(RoutingProblem problem, RoutePlan a, RoutePlan b)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var keyA = (PlanChecker.Check(problem, a).Count > 0, RequiredLeftOut(problem, a), a.TotalCost);
        var keyB = (PlanChecker.Check(problem, b).Count > 0, RequiredLeftOut(problem, b), b.TotalCost);
        return keyB.CompareTo(keyA) < 0 ? b : a;
    }

    private static EnginePlan BestOf(RoutingProblem problem, SolverOptions options, CancellationToken cancellationToken)
    {
        // Progress from two threads at once would interleave two unrelated cost sequences.
        var quiet = options with { Progress = null };
        var ortools = Task.Run(() => OrToolsRouteSolver.Solve(problem, quiet, cancellationToken), CancellationToken.None);
        var hgs = RouteSolver.Solve(problem, quiet, cancellationToken);
        var other = ortools.GetAwaiter().GetResult();
        var kept = Better(problem, hgs, other);
        return new(kept, ReferenceEquals(kept, hgs) ? RouteEngine.Hgs : RouteEngine.OrTools);
    }

    /// <summary>
    /// OR-Tools starts from given routes when its model accepts them (ReadAssignmentFromRoutes), but may refuse
    /// them (a window narrower than its time step) or price them differently (integer rounding): when the routes
    /// are still better, they are kept, scheduled as HGS schedules them (no search).
    /// </summary>
    private static EnginePlan KeepStart(RoutingProblem problem, SolverOptions options, RoutePlan found)
    {
        if (options.InitialRoutes is null)
        {
            return new(found, RouteEngine.OrTools);
        }

        var start = RouteSolver.Solve(problem, options with { MaxIterations = 0, Progress = null }, CancellationToken.None);
        var kept = Better(problem, found, start);
        return new(kept, RouteEngine.OrTools, StartKept: !ReferenceEquals(kept, found));
    }

    private static int RequiredLeftOut(RoutingProblem problem, RoutePlan plan) =>
        plan.Unserved.Count(u => u.StopIndex >= 0 && u.StopIndex < problem.Stops.Count && problem.Stops[u.StopIndex].IsRequired);
}

/// <summary>A plan and the engine that produced it (for best-of, the one whose plan was kept).</summary>
/// <param name="StartKept">The routes the solve started from were better than anything the engine found, so they came back.</param>
public sealed record EnginePlan(RoutePlan Plan, RouteEngine Engine, bool StartKept = false);
