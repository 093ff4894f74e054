using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Dispatch;

/// <summary>
/// Locks or unlocks the route of one vehicle of a draft plan. A locked route keeps its shipments and
/// their order on every re-plan; the other vehicles are planned around it.
/// </summary>
public static class LockRoute
{
    public sealed record Command(string RequestId, string Actor, long PlanId, string VehicleCode, bool Locked);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.PlanId, "plan_id");
            Require.NotEmpty(command.VehicleCode, "vehicle_code");
            var name = command.Locked ? "LockRoute" : "UnlockRoute";
            var info = new CommandInfo(name, command.Actor, requestId, $"route plan {command.PlanId}: route of {command.VehicleCode.Trim()}");
            return DraftPlanEdit.RunAsync(writes, info, command.PlanId, async (db, plan, ct) =>
            {
                var vehicle = await DispatchQueries.FindVehicleAsync(db, plan.WarehouseId, command.VehicleCode, ct);
                var route = plan.RouteOf(vehicle);
                if (command.Locked && plan.Stops.FirstOrDefault(s => s.RouteId == route.Id && s.PinnedVehicleId is { } pin && pin != vehicle.Id) is { } pinnedAway)
                {
                    throw DomainException.Precondition(
                        $"Shipment {pinnedAway.ShipmentId} on the route of {vehicle.Code} is pinned to another vehicle: re-plan or unpin it before locking the route.");
                }

                // A lock keeps the route exactly as it is, so a shipment pinned to this vehicle but not yet on its
                // route would be left out at every re-plan: refused until a re-plan has put it there (or it is unpinned).
                if (command.Locked && plan.Stops.Where(s => s.PinnedVehicleId == vehicle.Id && s.RouteId != route.Id).Select(s => s.ShipmentId).Order().ToList() is { Count: > 0 } pending)
                {
                    throw DomainException.Precondition(
                        $"Shipments {string.Join(", ", pending)} are pinned to {vehicle.Code} but not on its route yet: re-plan first so the route includes them, or unpin them, then lock it.");
                }

                var changed = route.Locked != command.Locked;
                route.Locked = command.Locked;
                return changed;
            }, cancellationToken);
        }
    }
}
