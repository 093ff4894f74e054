using Wms.Routing.PickPaths;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>Where a pick happens, as the path planner sees it.</summary>
public readonly record struct BinLocation(int Aisle, int Position, int Level);

/// <summary>
/// The order a picker walks a trip's bins: the shortest path through a single block of parallel aisles
/// (Ratliff and Rosenthal's exact planner), starting and ending at the depot in front of aisle 0.
/// The block is the trip's own bounding box: aisles 3 m apart, bin positions 1.2 m apart along the
/// aisle, as the demo and import layouts place them.
/// </summary>
public static class PickRoute
{
    public const double AisleSpacingM = 3.0;
    public const double SlotLengthM = 1.2;
    public const double CrossAisleWidthM = 2.0;

    private static readonly PickPathOptions Options = new(seed: 0, timeBudget: TimeSpan.FromMilliseconds(200));

    /// <summary>A bin's place for the path planner: its aisle, and the middle of its slot along the aisle.</summary>
    public static PickLocation Where(BinLocation bin) => new(bin.Aisle, (bin.Position + 0.5) * SlotLengthM);

    /// <summary>The block of aisles the bins span (from aisle 0 and position 0, where the depot is), in this model's spacing.</summary>
    public static WarehouseLayout Block(IReadOnlyCollection<BinLocation> bins) => new(
        aisleCount: bins.Max(b => b.Aisle) + 1,
        aisleLength: (bins.Max(b => b.Position) + 1) * SlotLengthM,
        aisleSpacing: AisleSpacingM,
        crossAisleWidth: CrossAisleWidthM);

    private static bool SamePlace(BinLocation a, BinLocation b) => a.Aisle == b.Aisle && a.Position == b.Position;

    /// <summary>The stops in walking order (lower levels first at one place) and the walk's length in metres.</summary>
    public static (List<T> Path, double DistanceM) Plan<T>(IEnumerable<T> stops, Func<T, BinLocation> location)
    {
        // Sorted first so stops at one place keep a stable, lower-level-first order inside the path.
        var sorted = stops.OrderBy(s => location(s).Aisle).ThenBy(s => location(s).Position).ThenBy(s => location(s).Level).ToList();
        if (sorted.Count == 0)
        {
            return (sorted, 0);
        }

        var picks = sorted.Select(s => Where(location(s))).ToList();
        var layout = Block(sorted.Select(location).ToList());
        var plan = new PickPathPlanner(layout).Plan(picks, PickPathMethod.Optimal, Options);
        var order = plan.Sequence.ToList();

        // A closed walk is as long either way round: start with the end nearer the depot, as pickers would.
        if (layout.DistanceFromDepot(picks[order[^1]]) < layout.DistanceFromDepot(picks[order[0]]))
        {
            order.Reverse();
        }

        // Stops at one place come together in the plan; whichever way the walk passes, lower levels first.
        var path = order.Select(i => sorted[i]).ToList();
        for (var start = 0; start < path.Count;)
        {
            var end = start + 1;
            while (end < path.Count && SamePlace(location(path[end]), location(path[start])))
            {
                end++;
            }

            path.Sort(start, end - start, Comparer<T>.Create((a, b) => location(a).Level.CompareTo(location(b).Level)));
            start = end;
        }

        return (path, plan.Distance);
    }
}
