using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Shipping;

/// <summary>
/// A shipment moves one step on (loaded, shipped): find it by id or order, let the step change it, save,
/// answer its view. MarkLoaded and MarkShipped differ only in the step.
/// </summary>
internal static class ShipmentTransition
{
    public static Task<ShipmentView> RunAsync(
        WriteBatcher writes, string name, string? requestId, string actor, ShipmentKey key,
        Func<WmsDbContext, Shipment, CancellationToken, Task> step, CancellationToken cancellationToken)
    {
        var id = Require.RequestId(requestId);
        key.Validate();
        return writes.ExecuteAsync(new CommandInfo(name, actor, id, key.Describe()), async (db, ct) =>
        {
            var (shipment, orders) = await key.FindAsync(db.Set<Shipment>(), db, ct);
            await step(db, shipment, ct);
            await db.SaveChangesAsync(ct);
            return (await ShippingQueries.LoadViewsAsync(db, [shipment], ct, orders))[0];
        }, cancellationToken);
    }
}
