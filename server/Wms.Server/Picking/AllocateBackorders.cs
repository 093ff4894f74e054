using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// Stock arrived for orders already on the floor (released, picking or picked) whose lines are short
/// (backordered by a short pick, or only partly reserved when released): reserves what it can of the
/// backordered quantity, highest priority first, and sends it to the floor as a new wave of kind
/// Backorder, so the order is picked, packed and shipped as usual. Nothing reservable is not an error:
/// the answer shows what still waits.
/// </summary>
public static class AllocateBackorders
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, IReadOnlyList<string> OrderReferences, int MaxOrders, int MaxLinesPerTrip);

    /// <param name="WaveId">The new wave, 0 when nothing could be reserved.</param>
    /// <param name="Allocated">Orders that got new pick tasks.</param>
    /// <param name="NotAllocated">Orders looked at that got none (nothing backordered, or no stock for it yet).</param>
    /// <param name="Orders">Every order looked at, after allocation.</param>
    public sealed record Result(
        long WaveId, string WarehouseCode, IReadOnlyList<string> Allocated, IReadOnlyList<string> NotAllocated,
        IReadOnlyList<ReleaseWave.TripView> Trips, IReadOnlyList<OrderView> Orders);

    public const int DefaultMaxOrders = 100;

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var references = WavePlan.References(command.OrderReferences);
            if (command.MaxOrders is < 0 or > WavePlan.MaxOrdersPerWave)
            {
                throw DomainException.Invalid("max_orders", $"must be between 0 and {WavePlan.MaxOrdersPerWave}, got {command.MaxOrders}.");
            }

            var maxOrders = command.MaxOrders == 0 ? DefaultMaxOrders : command.MaxOrders;
            var maxLines = WavePlan.MaxLinesPerTrip(command.MaxLinesPerTrip);
            return writes.ExecuteAsync(
                new CommandInfo(nameof(AllocateBackorders), command.Actor, requestId, $"backorders in {warehouseCode}: {(references.Count > 0 ? references.Count + " orders" : "top " + maxOrders)}"),
                (db, ct) => AllocateAsync(db, command.Actor, warehouseCode, references, maxOrders, maxLines, ct),
                cancellationToken);
        }

        private async Task<Result> AllocateAsync(WmsDbContext db, string actor, string warehouseCode, List<string> references, int maxOrders, int maxLines, CancellationToken ct)
        {
            var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
            var orders = await WavePlan.SelectOrdersAsync(
                db, warehouseId, warehouseCode, references, maxOrders,
                o => (o.Status == OrderStatus.Released || o.Status == OrderStatus.Picking || o.Status == OrderStatus.Picked)
                    && o.Lines.Any(l => l.Quantity - l.AllocatedQuantity - l.PickedQuantity > 0),
                EnsureOnTheFloor, ct);

            // One order after another, so the first in priority gets scarce stock first.
            var reserved = new List<Allocator.NewReservation>();
            foreach (var order in orders)
            {
                reserved.AddRange(await Allocator.ReserveAsync(db, warehouseId, order.Lines, excludeBinId: null, ct));
            }

            await db.SaveChangesAsync(ct);
            var stops = await WavePlan.StopsAsync(db, orders, reserved, ct);
            var allocated = orders.Where(o => stops.ContainsKey(o.Id)).ToList();
            (Wave Wave, List<ReleaseWave.TripView> Trips)? wave = null;
            if (allocated.Count > 0)
            {
                wave = await WavePlan.CreateAsync(db, warehouseId, WaveKind.Backorder, actor, time.GetUtcNow(), allocated, stops, TripGrouping.FirstComeOf(maxLines), ct);
                foreach (var order in allocated.Where(o => o.Status == OrderStatus.Picked))
                {
                    // Picked was "nothing left reserved"; now there is again, and part of it is picked already.
                    order.Status = OrderStatus.Picking;
                }

                await db.SaveChangesAsync(ct);
            }

            return new Result(
                wave?.Wave.Id ?? 0, warehouseCode, allocated.Select(o => o.Reference).ToList(),
                orders.Where(o => !stops.ContainsKey(o.Id)).Select(o => o.Reference).ToList(),
                wave?.Trips ?? [], await OrderViews.BuildAsync(db, warehouseCode, orders, ct));
        }
    }

    /// <summary>Backorders are reserved here only for orders already released and not yet packed.</summary>
    public static void EnsureOnTheFloor(Order order)
    {
        switch (order.Status)
        {
            case OrderStatus.Released or OrderStatus.Picking or OrderStatus.Picked:
                return;
            case OrderStatus.Open or OrderStatus.Allocated or OrderStatus.PartiallyAllocated:
                throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: it is not on the floor yet; AllocateOrder reserves its backorder and ReleaseWave releases it.");
            case OrderStatus.Packed or OrderStatus.Shipped:
                throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: its shipment is made, nothing more is picked for it.");
            default:
                throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: nothing is picked for it.");
        }
    }
}
