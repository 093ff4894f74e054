using System.Collections.Immutable;
using System.Globalization;
using Wms.Routing.PickPaths.Internal;

namespace Wms.Routing.PickPaths;

/// <summary>
/// Plans pick paths in one warehouse layout. Stateless apart from the layout and the clock, so one
/// instance can serve concurrent callers.
/// </summary>
public sealed class PickPathPlanner
{
    /// <summary>Most blocks for which the exact aisle-by-aisle programme is used (any number of picks).</summary>
    public const int MaxExactBlocks = MultiBlockDp.MaxBlocks;

    /// <summary>With more blocks, most distinct pick locations the exact fallback (Held-Karp) takes on.</summary>
    public const int MaxExactLocations = 15;

    /// <summary>
    /// Most picks per plan. The search keeps a distance matrix over the distinct locations (8 bytes per
    /// pair), so this bounds its memory at a few tens of megabytes.
    /// </summary>
    public const int MaxPicks = 2_000;

    private readonly TimeProvider _clock;

    public PickPathPlanner(WarehouseLayout layout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Layout = layout;
        _clock = timeProvider ?? TimeProvider.System;
    }

    public WarehouseLayout Layout { get; }

    /// <summary>Plans a pick path for <paramref name="picks"/> with <paramref name="method"/>.</summary>
    /// <exception cref="ArgumentException">A pick lies outside the layout, the options are unset, or the
    /// method is single-block only and the layout has several blocks.</exception>
    public PickPath Plan(IReadOnlyList<PickLocation> picks, PickPathMethod method, PickPathOptions options,
        CancellationToken cancellationToken = default)
    {
        if (options.TimeBudget <= TimeSpan.Zero)
        {
            throw new ArgumentException("Options need a positive time budget (default(PickPathOptions) has none).", nameof(options));
        }

        if (!Enum.IsDefined(method))
        {
            throw new ArgumentException("Unknown method.", nameof(method));
        }

        var singleBlock = Layout.BlockCount == 1;
        if (!singleBlock && method is PickPathMethod.Return or PickPathMethod.Combined)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{method} is defined for single-block layouts only."), nameof(method));
        }

        ArgumentNullException.ThrowIfNull(picks);
        if (picks.Count > MaxPicks)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"At most {MaxPicks} picks per plan; split the pick task."), nameof(picks));
        }

        var instance = new PickInstance(Layout, picks);
        if (instance.Points.Length == 0)
        {
            return new PickPath(method, [], 0, true);
        }

        var started = _clock.GetTimestamp();
        bool ShouldStop() => cancellationToken.IsCancellationRequested || _clock.GetElapsedTime(started) >= options.TimeBudget;

        switch (method)
        {
            case PickPathMethod.Optimal when singleBlock:
                return instance.ToPath(method, Shortest(instance, depot => RatliffRosenthal.Solve(instance, depot))!, isOptimal: true);
            case PickPathMethod.Optimal:
                return SolveExact(instance, options, ShouldStop);
            case PickPathMethod.LocalSearch:
                return instance.ToPath(method, Search(instance, options, ShouldStop), isOptimal: false);
            default:
                var order = Construct(instance, method);
                return instance.ToPath(method, order, isOptimal: false);
        }
    }

    /// <summary>
    /// Length of a closed tour from the depot through the picks in <paramref name="sequence"/> order and
    /// back, each leg by the shortest path: the figure every <see cref="PickPath.Distance"/> states.
    /// </summary>
    public double MeasureDistance(IReadOnlyList<PickLocation> picks, IReadOnlyList<int> sequence)
    {
        ArgumentNullException.ThrowIfNull(picks);
        ArgumentNullException.ThrowIfNull(sequence);
        var points = picks.Select(Layout.ToPoint).ToArray();
        GridPoint? previous = null;
        var total = 0.0;
        foreach (var index in sequence)
        {
            if (index < 0 || index >= points.Length)
            {
                throw new ArgumentException("Sequence holds an index outside the pick list.", nameof(sequence));
            }

            total += previous is { } p ? Layout.Distance(p, points[index]) : Layout.DistanceFromDepot(points[index]);
            previous = points[index];
        }

        return previous is { } last ? total + Layout.DistanceFromDepot(last) : 0;
    }

    private static int[] Construct(PickInstance instance, PickPathMethod method) => method switch
    {
        PickPathMethod.SShape => Heuristics.SShape(instance),
        PickPathMethod.Return => Heuristics.Return(instance),
        PickPathMethod.Midpoint => Heuristics.Midpoint(instance),
        PickPathMethod.LargestGap => Heuristics.LargestGap(instance),
        PickPathMethod.Combined => Heuristics.Combined(instance),
        _ => throw new ArgumentException("Not a construction heuristic.", nameof(method)),
    };

    private static PickPath SolveExact(PickInstance instance, PickPathOptions options, Func<bool> shouldStop)
    {
        if (instance.Layout.BlockCount <= MaxExactBlocks || instance.Points.Length <= MaxExactLocations)
        {
            var exact = instance.Layout.BlockCount <= MaxExactBlocks
                ? Shortest(instance, depot => MultiBlockDp.Solve(instance, depot, shouldStop))
                : HeldKarp.Solve(instance, shouldStop);
            if (exact is not null)
            {
                return instance.ToPath(PickPathMethod.Optimal, exact, isOptimal: true);
            }
        }

        // Too large, or stopped: the best the search finds in what is left of the budget.
        return instance.ToPath(PickPathMethod.Optimal, Search(instance, options, shouldStop), isOptimal: false);
    }

    /// <summary>The shortest, measured from the depot, of the exact tours for each way the depot can be reached; null when stopped.</summary>
    private static int[]? Shortest(PickInstance instance, Func<DepotCase, int[]?> solve)
    {
        int[]? best = null;
        foreach (var depot in DepotCase.For(instance.Layout))
        {
            var order = solve(depot);
            if (order is null)
            {
                return null;
            }

            if (best is null || instance.TourLength(order) < instance.TourLength(best))
            {
                best = order;
            }
        }

        return best;
    }

    private static int[] Search(PickInstance instance, PickPathOptions options, Func<bool> shouldStop)
    {
        // Start from the better of the two sweeps; both are cheap and neither needs a single block.
        var sShape = Heuristics.SShape(instance);
        var largestGap = Heuristics.LargestGap(instance);
        var start = instance.TourLength(sShape) <= instance.TourLength(largestGap) ? sShape : largestGap;
        var kicks = options.MaxIterations > 0 ? options.MaxIterations : DefaultKicks(instance.Points.Length);
        return new LocalSearch(instance).Run(start, options.Seed, kicks, shouldStop);
    }

    private static int DefaultKicks(int locations) => 50 + (10 * locations);
}
