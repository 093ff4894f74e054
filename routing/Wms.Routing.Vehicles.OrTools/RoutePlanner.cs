namespace Wms.Routing.Vehicles.OrTools;

/// <summary>
/// One entry point for every engine, chosen per warehouse and per call (<c>hgs | ortools | best-of</c>).
/// Every engine returns a plan in the same shape that <see cref="PlanChecker"/> checks.
/// </summary>
public static class RoutePlanner
{
    /// <summary>The default engine: HGS, the one that won the side-by-side benchmark (docs/benchmarks.md).</summary>
    public const RouteEngine DefaultEngine = RouteEngine.Hgs;

    public static RoutePlan Solve(RoutingProblem problem, SolverOptions options, RouteEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        return engine switch
        {
            RouteEngine.Hgs => RouteSolver.Solve(problem, options, cancellationToken),
            RouteEngine.OrTools => OrToolsRouteSolver.Solve(problem, options, cancellationToken),
            RouteEngine.BestOf => BestOf(problem, options, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "Unknown route engine."),
        };
    }

    /// <summary>Reads <c>hgs</c>, <c>ortools</c> or <c>best-of</c> (case-insensitive), as configuration spells them.</summary>
    public static RouteEngine Parse(string text, string field = "engine") => text?.Trim().ToLowerInvariant() switch
    {
        "hgs" => RouteEngine.Hgs,
        "ortools" or "or-tools" => RouteEngine.OrTools,
        "best-of" or "bestof" => RouteEngine.BestOf,
        _ => throw new ArgumentException($"{field} must be hgs, ortools or best-of, not '{text}'.", field),
    };

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

    private static RoutePlan BestOf(RoutingProblem problem, SolverOptions options, CancellationToken cancellationToken)
    {
        // Progress from two threads at once would interleave two unrelated cost sequences.
        var quiet = options with { Progress = null };
        var ortools = Task.Run(() => OrToolsRouteSolver.Solve(problem, quiet, cancellationToken), CancellationToken.None);
        var hgs = RouteSolver.Solve(problem, quiet, cancellationToken);
        return Better(problem, hgs, ortools.GetAwaiter().GetResult());
    }

    private static int RequiredLeftOut(RoutingProblem problem, RoutePlan plan) =>
        plan.Unserved.Count(u => u.StopIndex >= 0 && u.StopIndex < problem.Stops.Count && problem.Stops[u.StopIndex].IsRequired);
}
