using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Shipping;

/// <summary>Loaded → Shipped: the truck has left with it; the order is Shipped.</summary>
public static class MarkShipped
{
    public sealed record Command(string RequestId, string Actor, ShipmentKey Shipment);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<ShipmentView> HandleAsync(Command command, CancellationToken cancellationToken) =>
            ShipmentTransition.RunAsync(writes, nameof(MarkShipped), command.RequestId, command.Actor, command.Shipment, async (db, shipment, ct) =>
            {
                shipment.Ship(time.GetUtcNow());
                // Found by reference, the order is tracked already and this reads no row again.
                var order = await db.Set<Order>().FindAsync([shipment.OrderId], ct)
                    ?? throw new InvalidOperationException($"Shipment {shipment.Id} has no order {shipment.OrderId}.");
                order.Status = OrderStatus.Shipped;
            }, cancellationToken);
    }
}
