using Wms.Server.Data;

namespace Wms.Server.Outbound;

/// <summary>
/// Work downstream of an order that a cancellation must stop, in the same transaction (Picking cancels the
/// order's open pick tasks). Outbound comes before Picking in the flow of goods, so it calls out through
/// this seam instead of importing Picking.
/// </summary>
public interface IOrderCancellation
{
    Task CancelledAsync(WmsDbContext db, Order order, CancellationToken cancellationToken);
}
