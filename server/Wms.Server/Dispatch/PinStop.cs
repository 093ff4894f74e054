using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Dispatch;

/// <summary>
/// Pins a shipment of a draft plan to one of the plan's vehicles: every later re-plan puts it on that
/// vehicle's route, or leaves it out with the reason; it is never moved elsewhere. The route itself
/// changes at the next re-plan.
/// </summary>
public static class PinStop
{
    public sealed record Command(string RequestId, string Actor, long PlanId, long ShipmentId, string VehicleCode);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.PlanId, "plan_id");
            Require.Positive(command.ShipmentId, "shipment_id");
            Require.NotEmpty(command.VehicleCode, "vehicle_code");
            var summary = $"route plan {command.PlanId}: shipment {command.ShipmentId} on {command.VehicleCode.Trim()}";
            return DraftPlanEdit.RunAsync(writes, new CommandInfo(nameof(PinStop), command.Actor, requestId, summary), command.PlanId, async (db, plan, ct) =>
            {
                var vehicle = await DispatchQueries.FindVehicleAsync(db, plan.WarehouseId, command.VehicleCode, ct);
                var route = plan.RouteOf(vehicle);
                var stop = plan.StopOf(command.ShipmentId);
                if (plan.Routes.FirstOrDefault(r => r.Id == stop.RouteId) is { Locked: true } current && current.Id != route.Id)
                {
                    throw DomainException.Precondition($"Shipment {stop.ShipmentId} is on a locked route: unlock that route before pinning it elsewhere.");
                }

                if (route.Locked && stop.RouteId != route.Id)
                {
                    throw DomainException.Precondition($"The route of vehicle {vehicle.Code} is locked: unlock it before pinning more shipments to it.");
                }

                stop.PinnedVehicleId = vehicle.Id;
                return true;
            }, cancellationToken);
        }
    }
}

/// <summary>Lets the next re-plan put the shipment on any vehicle again.</summary>
public static class UnpinStop
{
    public sealed record Command(string RequestId, string Actor, long PlanId, long ShipmentId);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.PlanId, "plan_id");
            Require.Positive(command.ShipmentId, "shipment_id");
            var info = new CommandInfo(nameof(UnpinStop), command.Actor, requestId, $"route plan {command.PlanId}: shipment {command.ShipmentId}");
            return DraftPlanEdit.RunAsync(writes, info, command.PlanId, (_, plan, _) =>
            {
                var stop = plan.StopOf(command.ShipmentId);
                var pinned = stop.PinnedVehicleId is not null;
                stop.PinnedVehicleId = null;
                return Task.FromResult(pinned);
            }, cancellationToken);
        }
    }
}
