using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Outbound;

/// <summary>Reserves stock for an order's outstanding lines; what cannot be reserved is backordered.</summary>
public static class AllocateOrder
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string Reference);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<OrderView> HandleAsync(Command command, CancellationToken cancellationToken) =>
            OrderCommand.RunAsync(writes, nameof(AllocateOrder), command.RequestId, command.Actor, command.WarehouseCode, command.Reference, async (db, order, warehouseId, ct) =>
            {
                EnsureAllocatable(order);
                await Allocator.ReserveAsync(db, warehouseId, order.Lines, excludeBinId: null, ct);
                order.Status = OrderViews.StatusAfterAllocation(order);
            }, cancellationToken);
    }

    /// <summary>Only orders not yet on the floor are allocated here; the backorders of released ones go through AllocateBackorders.</summary>
    public static void EnsureAllocatable(Order order)
    {
        if (order.Status is OrderStatus.Released or OrderStatus.Picking or OrderStatus.Picked)
        {
            throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: it is on the floor; AllocateBackorders reserves what it still lacks.");
        }

        if (order.Status is not (OrderStatus.Open or OrderStatus.PartiallyAllocated or OrderStatus.Allocated))
        {
            throw DomainException.Precondition($"Order {order.Reference} is {order.Status}: only open or (partially) allocated orders can be allocated.");
        }
    }
}
