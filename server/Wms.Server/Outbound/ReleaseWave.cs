using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Outbound;

/// <summary>
/// Releases orders to the floor as one wave: orders still open are allocated first; every open
/// reservation becomes a pick task; tasks are grouped into trips of several orders (batch picking, at
/// most <see cref="Command.MaxLinesPerTrip"/> tasks, an order kept in one trip when it fits) and
/// sequenced in walking order by <see cref="PickRoute"/>.
/// </summary>
public static class ReleaseWave
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, IReadOnlyList<string> OrderReferences, int MaxOrders, int MaxLinesPerTrip);

    public sealed record TripView(long TripId, int TaskCount, IReadOnlyList<string> OrderReferences);

    public sealed record Result(long WaveId, string WarehouseCode, IReadOnlyList<string> Released, IReadOnlyList<string> NotReleased, IReadOnlyList<TripView> Trips);

    public const int DefaultMaxLinesPerTrip = 20;
    public const int MaxOrdersPerWave = 1000;

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var references = Require.DistinctCodes(command.OrderReferences, "order_references", Limits.Reference);

            if (references.Count == 0 && command.MaxOrders <= 0)
            {
                throw DomainException.Invalid("max_orders", "must be greater than zero when no order_references are given.");
            }

            if (references.Count > MaxOrdersPerWave || command.MaxOrders > MaxOrdersPerWave)
            {
                throw DomainException.Invalid(references.Count > 0 ? "order_references" : "max_orders", $"at most {MaxOrdersPerWave} orders per wave.");
            }

            if (command.MaxLinesPerTrip < 0)
            {
                throw DomainException.Invalid("max_lines_per_trip", $"must not be negative, got {command.MaxLinesPerTrip}.");
            }

            var maxLines = command.MaxLinesPerTrip == 0 ? DefaultMaxLinesPerTrip : command.MaxLinesPerTrip;
            return writes.ExecuteAsync(
                new CommandInfo(nameof(ReleaseWave), command.Actor, requestId, $"wave in {warehouseCode}: {(references.Count > 0 ? references.Count + " orders" : "top " + command.MaxOrders)}"),
                (db, ct) => ReleaseAsync(db, command.Actor, warehouseCode, references, command.MaxOrders, maxLines, ct),
                cancellationToken);
        }

        private async Task<Result> ReleaseAsync(WmsDbContext db, string actor, string warehouseCode, List<string> references, int maxOrders, int maxLines, CancellationToken ct)
        {
            var warehouseId = await OrderViews.WarehouseIdAsync(db, warehouseCode, ct);
            var orders = await SelectOrdersAsync(db, warehouseId, warehouseCode, references, maxOrders, ct);
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

            var (wave, trips) = await WavePlan.CreateAsync(db, warehouseId, WaveKind.Release, actor, time.GetUtcNow(), released, stops, maxLines, ct);
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

        private static async Task<List<Order>> SelectOrdersAsync(WmsDbContext db, long warehouseId, string warehouseCode, List<string> references, int maxOrders, CancellationToken ct)
        {
            if (references.Count == 0)
            {
                return await db.Set<Order>().Include(o => o.Lines)
                    .Where(o => o.WarehouseId == warehouseId && (o.Status == OrderStatus.Allocated || o.Status == OrderStatus.PartiallyAllocated))
                    .OrderByDescending(o => o.Priority).ThenBy(o => o.RequestedShipDate).ThenBy(o => o.Id)
                    .Take(maxOrders).ToListAsync(ct);
            }

            var found = await db.Set<Order>().Include(o => o.Lines)
                .Where(o => o.WarehouseId == warehouseId && references.Contains(o.Reference)).ToDictionaryAsync(o => o.Reference, StringComparer.Ordinal, ct);
            var orders = new List<Order>(references.Count);
            for (var i = 0; i < references.Count; i++)
            {
                if (!found.TryGetValue(references[i], out var order))
                {
                    throw new DomainException(ErrorKind.NotFound, $"order_references[{i}]: Order '{warehouseCode}/{references[i]}' not found.");
                }

                if (order.Status is not (OrderStatus.Open or OrderStatus.Allocated or OrderStatus.PartiallyAllocated))
                {
                    throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: only open or allocated orders can be released.");
                }

                orders.Add(order);
            }

            // Higher priority first: they fill the first trips, which pickers take first.
            return orders.OrderByDescending(o => o.Priority).ThenBy(o => o.RequestedShipDate).ThenBy(o => o.Id).ToList();
        }

        private static async Task<Dictionary<long, List<WavePlan.Stop>>> LoadStopsAsync(WmsDbContext db, List<Order> orders, CancellationToken ct)
        {
            var lines = orders.SelectMany(o => o.Lines.Select(l => (Order: o, Line: l))).ToDictionary(x => x.Line.Id);
            var lineIds = lines.Keys.ToList();
            var rows = await (from r in db.Set<Reservation>()
                              join sb in db.Set<StockBalance>() on r.StockBalanceId equals sb.Id
                              join b in db.Set<Bin>() on sb.BinId equals b.Id
                              where lineIds.Contains(r.OrderLineId) && r.Open && r.Quantity > 0
                              orderby r.Id
                              select new { r, sb, b.Aisle, b.Position, b.Level }).ToListAsync(ct);
            return rows
                .Select(x => new WavePlan.Stop(lines[x.r.OrderLineId].Order, lines[x.r.OrderLineId].Line, x.r, x.sb, new BinLocation(x.Aisle, x.Position, x.Level)))
                .GroupBy(s => s.Order.Id)
                .ToDictionary(g => g.Key, g => g.ToList());
        }
    }
}
