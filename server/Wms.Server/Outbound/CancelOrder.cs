using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Outbound;

/// <summary>
/// Cancels an order: its open reservations are released (the stock is free again) and its open pick
/// tasks cancelled, all in one command. Units already picked stay off the books until they are put back
/// (a return or adjustment). A shipped order cannot be cancelled.
/// </summary>
public static class CancelOrder
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode, string Reference);

    public sealed class Handler(WriteBatcher writes, IEnumerable<IOrderCancellation> downstream)
    {
        public Task<OrderView> HandleAsync(Command command, CancellationToken cancellationToken) =>
            OrderCommand.RunAsync(writes, nameof(CancelOrder), command.RequestId, command.Actor, command.WarehouseCode, command.Reference, async (db, order, _, ct) =>
            {
                if (order.Status == OrderStatus.Shipped)
                {
                    throw DomainException.Precondition($"Order {order.Reference} is shipped: it cannot be cancelled.");
                }

                if (order.Status == OrderStatus.Cancelled)
                {
                    throw DomainException.Precondition($"Order {order.Reference} is already cancelled.");
                }

                await ReleaseAsync(db, order, ct);
                foreach (var step in downstream)
                {
                    await step.CancelledAsync(db, order, ct);
                }

                order.Status = OrderStatus.Cancelled;
            }, cancellationToken);

        private static async Task ReleaseAsync(WmsDbContext db, Order order, CancellationToken ct)
        {
            var lineIds = order.Lines.Select(l => l.Id).ToList();
            var reservations = await db.Set<Reservation>().Where(r => lineIds.Contains(r.OrderLineId) && r.Open).ToListAsync(ct);
            var balanceIds = reservations.Select(r => r.StockBalanceId).Distinct().ToList();
            var balances = await db.Set<StockBalance>().Where(b => balanceIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, ct);
            foreach (var reservation in reservations)
            {
                if (reservation.Quantity > 0)
                {
                    balances[reservation.StockBalanceId].ReleaseReservation(reservation.Quantity);
                }

                reservation.Open = false;
            }

            foreach (var line in order.Lines)
            {
                line.AllocatedQuantity = 0;
                line.BackorderedQuantity = 0;
            }
        }
    }
}
