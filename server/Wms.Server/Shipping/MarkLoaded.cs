using Wms.Server.Data;

namespace Wms.Server.Shipping;

/// <summary>Open → Loaded: the shipment's cartons are on the truck at the dock.</summary>
public static class MarkLoaded
{
    public sealed record Command(string RequestId, string Actor, ShipmentKey Shipment);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<ShipmentView> HandleAsync(Command command, CancellationToken cancellationToken) =>
            ShipmentTransition.RunAsync(writes, nameof(MarkLoaded), command.RequestId, command.Actor, command.Shipment, (_, shipment, _) =>
            {
                shipment.Load(time.GetUtcNow());
                return Task.CompletedTask;
            }, cancellationToken);
    }
}
