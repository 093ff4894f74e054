using Microsoft.Extensions.Options;
using Wms.Routing.PickPaths;
using Wms.Server.Common;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>How a released wave's orders are grouped into trips (<c>Wms:Outbound</c>).</summary>
public sealed class TripGroupingOptions
{
    /// <summary><c>first-come</c> (next fit in priority order) or <c>shortest-walk</c> (order batching); a call may name either.</summary>
    public string TripGrouping { get; set; } = Picking.TripGrouping.FirstCome;

    /// <summary>
    /// The batcher's local search budget. It runs inside the release's write (the reservations it groups are
    /// made there), so it holds up other writes that long: a 200-order wave's seed batches take well under this.
    /// </summary>
    public int BatchingBudgetMs { get; set; } = 300;
}

/// <summary>
/// The trips of a wave, at most <see cref="MaxLines"/> pick tasks each. <c>first-come</c>: orders fill trips
/// in priority order (<see cref="WavePlan"/>'s next fit). <c>shortest-walk</c>: the pick-path library's
/// <see cref="OrderBatcher"/> groups the orders so that the trips' exact pick paths are shortest in total
/// (docs/routing-pickpaths.md); trips are then taken in the order of their most urgent order. Either way an
/// order larger than a trip is cut into trip-sized pieces of its own, and every task is in exactly one trip.
/// </summary>
public sealed record TripGrouping(int MaxLines, string Mode, TimeSpan Budget)
{
    public const string FirstCome = "first-come";
    public const string ShortestWalk = "shortest-walk";

    /// <summary>The grouping a call asks for (empty: the configured one); unknown → INVALID_ARGUMENT on <c>trip_grouping</c>.</summary>
    public static TripGrouping For(string? requested, int maxLines, IOptions<TripGroupingOptions> options)
    {
        var mode = Require.Optional(requested, "trip_grouping", 16) is { Length: > 0 } asked ? asked.ToLowerInvariant() : options.Value.TripGrouping;
        return mode is FirstCome or ShortestWalk
            ? new(maxLines, mode, TimeSpan.FromMilliseconds(Math.Max(0, options.Value.BatchingBudgetMs)))
            : throw DomainException.Invalid("trip_grouping", $"must be {FirstCome} or {ShortestWalk}, not '{mode}'.");
    }

    /// <summary>Next fit in priority order: what AllocateBackorders always uses.</summary>
    public static TripGrouping FirstComeOf(int maxLines) => new(maxLines, FirstCome, TimeSpan.Zero);

    /// <param name="orders">The orders with stops, priority first.</param>
    internal List<List<WavePlan.Stop>> Group(IReadOnlyList<Order> orders, IReadOnlyDictionary<long, List<WavePlan.Stop>> stops, CancellationToken cancellationToken)
    {
        if (Mode == FirstCome)
        {
            return WavePlan.GroupIntoTrips(orders, stops, MaxLines);
        }

        var rank = orders.Select((o, i) => (o.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var large = orders.Where(o => stops[o.Id].Count > MaxLines).ToList();
        var batchable = orders.Where(o => stops[o.Id].Count <= MaxLines).ToList();
        var trips = WavePlan.GroupIntoTrips(large, stops, MaxLines);
        if (batchable.Count > 0)
        {
            // One block for the whole wave (PickRoute's spacing), so that every candidate trip is priced alike.
            var layout = PickRoute.Block(batchable.SelectMany(o => stops[o.Id]).Select(s => s.Location).ToList());
            var waveOrders = batchable.Select(o => new BatchOrder(
                o.Reference, [.. stops[o.Id].Select(s => PickRoute.Where(s.Location))], Totes: 1, Units: stops[o.Id].Count)).ToList();
            var plan = new OrderBatcher(layout).Batch(waveOrders, new CartCapacity(Totes: int.MaxValue, Units: MaxLines), seed: 1, Budget, cancellationToken);
            trips.AddRange(plan.Batches.Select(b => b.Orders.SelectMany(i => stops[batchable[i].Id]).ToList()));
        }

        return [.. trips.OrderBy(t => t.Min(s => rank[s.Order.Id]))];
    }
}
