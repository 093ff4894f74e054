using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Shipping;

/// <summary>Loaded → Shipped: the truck has left with it; the order is Shipped.</summary>
public static class MarkShipped
{
    public sealed record Command(string RequestId, string Actor, ShipmentKey Shipment);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<ShipmentView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            command.Shipment.Validate();
            return writes.ExecuteAsync(new CommandInfo(nameof(MarkShipped), command.Actor, requestId, command.Shipment.Describe()), async (db, ct) =>
            {
                var shipment = await command.Shipment.FindAsync(db.Set<Shipment>(), db, ct);
                shipment.Ship(time.GetUtcNow());
                var order = await db.Set<Order>().FirstAsync(o => o.Id == shipment.OrderId, ct);
                order.Status = OrderStatus.Shipped;
                await db.SaveChangesAsync(ct);
                return (await ShippingQueries.LoadViewsAsync(db, [shipment], ct))[0];
            }, cancellationToken);
        }
    }
}
