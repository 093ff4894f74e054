using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Outbound;

/// <summary>
/// Turns reservations into a wave: trips of pick tasks for batch picking (at most a trip's worth of
/// tasks, an order kept in one trip when it fits), each sequenced in walking order by
/// <see cref="PickRoute"/>. ReleaseWave and AllocateBackorders both send work to the floor through it.
/// </summary>
internal static class WavePlan
{
    public sealed record Stop(Order Order, OrderLine Line, Reservation Reservation, StockBalance Balance, BinLocation Location);

    /// <param name="orders">The orders with stops, in the order their trips should be taken (priority first).</param>
    /// <param name="stops">Saved reservations (their ids become the tasks'), by order id.</param>
    public static async Task<(Wave Wave, List<ReleaseWave.TripView> Trips)> CreateAsync(
        WmsDbContext db, long warehouseId, WaveKind kind, string actor, DateTimeOffset now,
        IReadOnlyList<Order> orders, IReadOnlyDictionary<long, List<Stop>> stops, int maxLines, CancellationToken ct)
    {
        var wave = new Wave { WarehouseId = warehouseId, ReleasedAt = now, ReleasedBy = actor, Kind = kind };
        db.Add(wave);
        await db.SaveChangesAsync(ct);
        var trips = new List<(Trip Trip, List<Stop> Stops)>();
        foreach (var group in GroupIntoTrips(orders, stops, maxLines))
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
    private static List<List<Stop>> GroupIntoTrips(IReadOnlyList<Order> orders, IReadOnlyDictionary<long, List<Stop>> stops, int maxLines)
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
