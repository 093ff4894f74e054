using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// Turns reservations into a wave: trips of pick tasks for batch picking (at most a trip's worth of
/// tasks, an order kept in one trip when it fits), each sequenced in walking order by
/// <see cref="PickRoute"/>. ReleaseWave and AllocateBackorders both send work to the floor through it.
/// </summary>
internal static class WavePlan
{
    public sealed record Stop(Order Order, OrderLine Line, Reservation Reservation, StockBalance Balance, BinLocation Location);

    public const int DefaultMaxLinesPerTrip = 20;
    public const int MaxOrdersPerWave = 1000;

    /// <summary>Tasks per trip as asked: 0 means <see cref="DefaultMaxLinesPerTrip"/>.</summary>
    public static int MaxLinesPerTrip(int requested) => requested switch
    {
        < 0 => throw DomainException.Invalid("max_lines_per_trip", $"must not be negative, got {requested}."),
        0 => DefaultMaxLinesPerTrip,
        _ => requested,
    };

    /// <summary>The order references named, each once, at most <see cref="MaxOrdersPerWave"/>.</summary>
    public static List<string> References(IReadOnlyList<string> values)
    {
        var references = Require.DistinctCodes(values, "order_references", Limits.Reference);
        return references.Count <= MaxOrdersPerWave
            ? references
            : throw DomainException.Invalid("order_references", $"at most {MaxOrdersPerWave} orders per wave, got {references.Count}.");
    }

    /// <summary>
    /// The orders a wave looks at, highest priority first (they fill the first trips, which pickers take
    /// first, and get scarce stock first): the named ones, each checked by <paramref name="ensureEligible"/>,
    /// or else the first <paramref name="maxOrders"/> that match <paramref name="waiting"/>. Lines included.
    /// </summary>
    public static async Task<List<Order>> SelectOrdersAsync(
        WmsDbContext db, long warehouseId, string warehouseCode, List<string> references, int maxOrders,
        Expression<Func<Order, bool>> waiting, Action<Order> ensureEligible, CancellationToken ct)
    {
        var inWarehouse = db.Set<Order>().Include(o => o.Lines).Where(o => o.WarehouseId == warehouseId);
        if (references.Count == 0)
        {
            return await ByPriority(inWarehouse.Where(waiting)).Take(maxOrders).ToListAsync(ct);
        }

        var found = await inWarehouse.Where(o => references.Contains(o.Reference)).ToDictionaryAsync(o => o.Reference, StringComparer.Ordinal, ct);
        var orders = new List<Order>(references.Count);
        for (var i = 0; i < references.Count; i++)
        {
            if (!found.TryGetValue(references[i], out var order))
            {
                throw new DomainException(ErrorKind.NotFound, $"order_references[{i}]: Order '{warehouseCode}/{references[i]}' not found.");
            }

            ensureEligible(order);
            orders.Add(order);
        }

        return ByPriority(orders.AsQueryable()).ToList();
    }

    private static IOrderedQueryable<Order> ByPriority(IQueryable<Order> orders) =>
        orders.OrderByDescending(o => o.Priority).ThenBy(o => o.RequestedShipDate).ThenBy(o => o.Id);

    /// <summary>Reservations as stops in their bins, by order id (orders without one are absent).</summary>
    public static async Task<Dictionary<long, List<Stop>>> StopsAsync(
        WmsDbContext db, IReadOnlyList<Order> orders, IEnumerable<Allocator.NewReservation> reservations, CancellationToken ct)
    {
        var list = reservations.ToList();
        var binIds = list.Select(r => r.Balance.BinId).Distinct().ToList();
        var locations = await db.Set<Bin>().AsNoTracking().Where(b => binIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => new BinLocation(b.Aisle, b.Position, b.Level), ct);
        var byId = orders.ToDictionary(o => o.Id);
        return list
            .Select(r => new Stop(byId[r.Line.OrderId], r.Line, r.Reservation, r.Balance, locations[r.Balance.BinId]))
            .GroupBy(s => s.Order.Id)
            .ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <param name="orders">The orders with stops, in the order their trips should be taken (priority first).</param>
    /// <param name="stops">Saved reservations (their ids become the tasks'), by order id.</param>
    public static async Task<(Wave Wave, List<ReleaseWave.TripView> Trips)> CreateAsync(
        WmsDbContext db, long warehouseId, WaveKind kind, string actor, DateTimeOffset now,
        IReadOnlyList<Order> orders, IReadOnlyDictionary<long, List<Stop>> stops, TripGrouping grouping, CancellationToken ct)
    {
        var wave = new Wave { WarehouseId = warehouseId, ReleasedAt = now, ReleasedBy = actor, Kind = kind };
        db.Add(wave);
        await db.SaveChangesAsync(ct);
        var trips = new List<(Trip Trip, List<Stop> Stops)>();
        foreach (var group in grouping.Group(orders, stops, ct))
        {
            var trip = new Trip { WaveId = wave.Id, WarehouseId = warehouseId };
            db.Add(trip);
            var (path, distance) = PickRoute.Plan(group, s => s.Location);
            trip.PlannedDistanceM = distance;
            trips.Add((trip, path));
        }

        await db.SaveChangesAsync(ct);
        foreach (var (trip, tripStops) in trips)
        {
            for (var i = 0; i < tripStops.Count; i++)
            {
                var s = tripStops[i];
                db.Add(new PickTask
                {
                    TripId = trip.Id, Sequence = i + 1, OrderId = s.Order.Id, OrderLineId = s.Line.Id, ReservationId = s.Reservation.Id,
                    BinId = s.Balance.BinId, SkuId = s.Balance.SkuId, Lot = s.Balance.Lot, Quantity = s.Reservation.Quantity,
                });
            }
        }

        return (wave, trips.Select(t => new ReleaseWave.TripView(t.Trip.Id, t.Stops.Count, t.Stops.Select(s => s.Order.Reference).Distinct().ToList())).ToList());
    }

    /// <summary>
    /// Next fit in priority order: an order joins the current trip when its tasks fit, else starts the
    /// next one; an order larger than a trip is cut into trip-sized pieces in walking order.
    /// </summary>
    internal static List<List<Stop>> GroupIntoTrips(IReadOnlyList<Order> orders, IReadOnlyDictionary<long, List<Stop>> stops, int maxLines)
    {
        var trips = new List<List<Stop>>();
        var current = new List<Stop>();
        foreach (var order in orders)
        {
            var own = stops[order.Id];
            if (current.Count + own.Count > maxLines && current.Count > 0)
            {
                trips.Add(current);
                current = [];
            }

            foreach (var stop in own.Count > maxLines ? PickRoute.Plan(own, s => s.Location).Path : own)
            {
                if (current.Count == maxLines)
                {
                    trips.Add(current);
                    current = [];
                }

                current.Add(stop);
            }
        }

        if (current.Count > 0)
        {
            trips.Add(current);
        }

        return trips;
    }
}
