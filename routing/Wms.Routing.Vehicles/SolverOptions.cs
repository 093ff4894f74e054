namespace Wms.Routing.Vehicles;

/// <summary>How long and how a solve runs. Stops at whichever limit comes first.</summary>
public sealed record SolverOptions
{
    public int Seed { get; init; }

    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional cap on genetic iterations; with it (and a generous time budget) a run is reproducible.</summary>
    public long? MaxIterations { get; init; }

    /// <summary>Reported synchronously, from the solving thread, each time a better plan is found.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public SolverObjective Objective { get; init; } = SolverObjective.Cost;

    /// <summary>
    /// A plan to start from, typically the current plan on a re-plan: routes as vehicle id and stop ids in
    /// order (ids the problem does not know are ignored, stops on no route start unserved). When it is
    /// feasible the solve returns it or a better plan, never a worse one.
    /// </summary>
    public IReadOnlyList<FixedRoute>? InitialRoutes { get; init; }

    /// <summary>When set, the HGS engine adds its genetic iterations here (the bench reports iterations per CPU second).</summary>
    internal SearchStatistics? Statistics { get; init; }
}

/// <summary>Counts a solve leaves behind for the bench; several solves (trips, depots) add up.</summary>
internal sealed class SearchStatistics
{
    public long Iterations { get; set; }

    /// <summary>Penalty periods (100 iterations) in which under 2 % of offspring were feasible.</summary>
    public long StarvedPeriods { get; set; }

    /// <summary>When set, the genetic search reports its population every <see cref="TraceEvery"/> iterations (a multiple of 100).</summary>
    public Action<PopulationTrace>? Trace { get; init; }

    public int TraceEvery { get; init; } = 500;

    /// <summary>What the local search did, summed over its runs.</summary>
    public LocalSearchCounts LocalSearch { get; set; }
}

/// <summary>
/// The local search's work, summed over its runs: the counts bench/hgs-cvrp-counters.patch adds to HGS-CVRP, so
/// that the work per run of the two searches can be compared, apart from their speed.
/// </summary>
/// <param name="Runs">Local search runs: each child, each repair, each member of the initial population.</param>
/// <param name="Loops">Passes over all stops.</param>
/// <param name="Pairs">Pairs of a stop and a neighbour whose moves were screened (a route of the two changed since the stop was last tried).</param>
/// <param name="RoutePairs">Pairs of routes SWAP* was tried on.</param>
/// <param name="Moves">Improving moves applied.</param>
internal readonly record struct LocalSearchCounts(long Runs, long Loops, long Pairs, long RoutePairs, long Moves)
{
    public static LocalSearchCounts operator +(LocalSearchCounts a, LocalSearchCounts b) =>
        new(a.Runs + b.Runs, a.Loops + b.Loops, a.Pairs + b.Pairs, a.RoutePairs + b.RoutePairs, a.Moves + b.Moves);
}

/// <summary>
/// The genetic search's population at one moment: the figures of HGS-CVRP's log line (`-log 1`), so the two
/// searches can be followed side by side, plus the routes of each subpopulation's best.
/// </summary>
/// <param name="WeightFeasibleShare">Share of the last penalty period's offspring within their weight capacity (HGS-CVRP's load feasibility).</param>
/// <param name="WeightPenalty">Price of a unit of excess weight.</param>
internal readonly record struct PopulationTrace(
    long Iteration,
    long SinceImprovement,
    SubpopulationTrace Feasible,
    SubpopulationTrace Infeasible,
    double WeightFeasibleShare,
    double WeightPenalty);

/// <param name="Best">Best penalised cost (NaN when empty).</param>
/// <param name="Average">Average penalised cost of the best 25 (HGS-CVRP's mu).</param>
/// <param name="Diversity">
/// Average broken-pairs distance of each of the best 25 to its 25 closest (HGS-CVRP's getDiversity).
/// </param>
/// <param name="BestRoutes">Routes used by the best.</param>
/// <param name="BestCost">The best's cost without penalties.</param>
/// <param name="BestExcessWeight">The best's weight over capacity, summed over its routes.</param>
/// <param name="MeanRoutes">Routes used, averaged over all members.</param>
/// <param name="MeanExcessWeight">Weight over capacity, averaged over all members.</param>
internal readonly record struct SubpopulationTrace(
    int Count, double Best, double Average, double Diversity, int BestRoutes, double BestCost, double BestExcessWeight, double MeanRoutes, double MeanExcessWeight);

public enum SolverObjective
{
    /// <summary>Minimise total cost (travel + fixed + penalties of stops left out).</summary>
    Cost,

    /// <summary>
    /// Hierarchical: fewest stops left out, then fewest vehicles, then cost. Each time every stop fits on m
    /// vehicles the search continues with m - 1 (the last vehicles by index are withdrawn first).
    /// </summary>
    VehiclesFirst,
}

/// <summary>An improvement found during a solve.</summary>
public readonly record struct SolverProgress(double Cost, int Vehicles, int UnservedStops, TimeSpan Elapsed, long Iteration);
