using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Shipping;

/// <summary>Open → Loaded: the shipment's cartons are on the truck at the dock.</summary>
public static class MarkLoaded
{
    public sealed record Command(string RequestId, string Actor, ShipmentKey Shipment);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<ShipmentView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            command.Shipment.Validate();
            return writes.ExecuteAsync(new CommandInfo(nameof(MarkLoaded), command.Actor, requestId, command.Shipment.Describe()), async (db, ct) =>
            {
                var shipment = await command.Shipment.FindAsync(db.Set<Shipment>(), db, ct);
                shipment.Load(time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return (await ShippingQueries.LoadViewsAsync(db, [shipment], ct))[0];
            }, cancellationToken);
        }
    }
}
