using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Inventory;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// Releases orders to the floor as one wave: orders still open are allocated first; every open
/// reservation becomes a pick task; tasks are grouped into trips of several orders (batch picking, at
/// most <see cref="Command.MaxLinesPerTrip"/> tasks, an order kept in one trip when it fits; first come or
/// by shortest walk, see <see cref="TripGrouping"/>) and sequenced in walking order by <see cref="PickRoute"/>.
/// </summary>
public static class ReleaseWave
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, IReadOnlyList<string> OrderReferences, int MaxOrders, int MaxLinesPerTrip, string TripGrouping = "");

    public sealed record TripView(long TripId, int TaskCount, IReadOnlyList<string> OrderReferences);

    public sealed record Result(long WaveId, string WarehouseCode, IReadOnlyList<string> Released, IReadOnlyList<string> NotReleased, IReadOnlyList<TripView> Trips);

    public sealed class Handler(WriteBatcher writes, TimeProvider time, IOptions<TripGroupingOptions> grouping)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var references = WavePlan.References(command.OrderReferences);
            if (references.Count == 0 && command.MaxOrders is <= 0 or > WavePlan.MaxOrdersPerWave)
            {
                throw DomainException.Invalid("max_orders", $"must be from 1 to {WavePlan.MaxOrdersPerWave} when no order_references are given, got {command.MaxOrders}.");
            }

            var trips = TripGrouping.For(command.TripGrouping, WavePlan.MaxLinesPerTrip(command.MaxLinesPerTrip), grouping);
            return writes.ExecuteAsync(
                new CommandInfo(nameof(ReleaseWave), command.Actor, requestId, $"wave in {warehouseCode}: {(references.Count > 0 ? references.Count + " orders" : "top " + command.MaxOrders)}"),
                (db, ct) => ReleaseAsync(db, command.Actor, warehouseCode, references, command.MaxOrders, trips, ct),
                cancellationToken);
        }

        private async Task<Result> ReleaseAsync(WmsDbContext db, string actor, string warehouseCode, List<string> references, int maxOrders, TripGrouping grouping, CancellationToken ct)
        {
            var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
            var orders = await WavePlan.SelectOrdersAsync(
                db, warehouseId, warehouseCode, references, maxOrders,
                o => o.Status == OrderStatus.Allocated || o.Status == OrderStatus.PartiallyAllocated, EnsureReleasable, ct);
            foreach (var order in orders.Where(o => o.Status == OrderStatus.Open))
            {
                await Allocator.ReserveAsync(db, warehouseId, order.Lines, excludeBinId: null, ct);
                order.Status = OrderViews.StatusAfterAllocation(order);
            }

            await db.SaveChangesAsync(ct);
            var stops = await LoadStopsAsync(db, orders, ct);
            var released = orders.Where(o => stops.ContainsKey(o.Id)).ToList();
            if (released.Count == 0)
            {
                throw DomainException.Precondition(references.Count > 0
                    ? "Nothing is reserved for any of these orders: there is nothing to pick."
                    : $"No allocated orders are waiting in warehouse {warehouseCode}.");
            }

            var (wave, trips) = await WavePlan.CreateAsync(db, warehouseId, WaveKind.Release, actor, time.GetUtcNow(), released, stops, grouping, ct);
            foreach (var order in released)
            {
                order.Status = OrderStatus.Released;
            }

            await db.SaveChangesAsync(ct);
            return new Result(
                wave.Id, warehouseCode, released.Select(o => o.Reference).ToList(),
                orders.Where(o => !stops.ContainsKey(o.Id)).Select(o => o.Reference).ToList(),
                trips);
        }

        /// <summary>Every open reservation of the orders' lines, made now or before the release.</summary>
        private static async Task<Dictionary<long, List<WavePlan.Stop>>> LoadStopsAsync(WmsDbContext db, List<Order> orders, CancellationToken ct)
        {
            var lines = orders.SelectMany(o => o.Lines).ToDictionary(l => l.Id);
            var lineIds = lines.Keys.ToList();
            var rows = await (from r in db.Set<Reservation>()
                              join sb in db.Set<StockBalance>() on r.StockBalanceId equals sb.Id
                              where lineIds.Contains(r.OrderLineId) && r.Open && r.Quantity > 0
                              orderby r.Id
                              select new { r, sb }).ToListAsync(ct);
            return await WavePlan.StopsAsync(db, orders, rows.Select(x => new Allocator.NewReservation(x.r, x.sb, lines[x.r.OrderLineId])), ct);
        }

        private static void EnsureReleasable(Order order)
        {
            if (order.Status is not (OrderStatus.Open or OrderStatus.Allocated or OrderStatus.PartiallyAllocated))
            {
                throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: only open or allocated orders can be released.");
            }
        }
    }
}
