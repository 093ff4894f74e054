using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Shipping;

namespace Wms.Server.Dispatch;

/// <summary>
/// Commits a draft plan: every routed shipment gets its route code (warehouse-yyyyMMdd-vehicle) and stop
/// number, and the plan is frozen. Refused, naming them, when shipments were shipped or routed by another
/// plan since planning; shipments left out of the plan stay ready for the next one.
/// </summary>
public static class CommitRoutePlan
{
    public sealed record Command(string RequestId, string Actor, long PlanId, int ExpectedVersion);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.PlanId, "plan_id");
            if (command.ExpectedVersion < 0)
            {
                throw DomainException.Invalid("expected_version", $"must not be negative (0 for any), got {command.ExpectedVersion}.");
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(CommitRoutePlan), command.Actor, requestId, $"route plan {command.PlanId}"), async (db, ct) =>
            {
                var plan = await DispatchQueries.FindPlanAsync(db.Set<RoutePlan>(), command.PlanId, ct);
                plan.EnsureDraft();
                if (command.ExpectedVersion > 0)
                {
                    plan.EnsureVersion(command.ExpectedVersion, "it was being reviewed");
                }

                var routed = plan.Stops.Where(s => s.RouteId != null).ToList();
                if (routed.Count == 0)
                {
                    throw DomainException.Precondition($"Route plan {plan.Id} has no shipment on a route: nothing to commit.");
                }

                var warehouseCode = await db.Set<Warehouse>().Where(w => w.Id == plan.WarehouseId).Select(w => w.Code).FirstAsync(ct);
                var vehicleIds = plan.Routes.Select(r => r.VehicleId).ToList();
                var vehicleCodes = await db.Set<Vehicle>().Where(v => vehicleIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Code, ct);
                var codeOfRoute = plan.Routes.ToDictionary(r => r.Id, r => RoutePlanView.RouteCode(warehouseCode, plan.DeliveryDate, vehicleCodes[r.VehicleId]));
                var shipmentIds = routed.Select(s => s.ShipmentId).ToList();
                var shipments = await db.Set<Shipment>().Where(s => shipmentIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
                var changed = routed.Select(s => shipments[s.ShipmentId]).Where(s => s.Status == ShipmentStatus.Shipped || s.RouteCode != "")
                    .OrderBy(s => s.Id).Select(s => s.Status == ShipmentStatus.Shipped ? $"{s.Id} (shipped)" : $"{s.Id} (on route {s.RouteCode})").ToList();
                if (changed.Count > 0)
                {
                    throw DomainException.Precondition($"Route plan {plan.Id} cannot be committed: shipments {string.Join(", ", changed)} changed since it was planned; re-plan without them.");
                }

                var codes = routed.Select(s => codeOfRoute[s.RouteId!.Value]).Distinct().ToList();
                if (await db.Set<Shipment>().Where(s => codes.Contains(s.RouteCode)).Select(s => s.RouteCode).FirstOrDefaultAsync(ct) is { } taken)
                {
                    throw DomainException.Precondition($"Route {taken} was already committed by another plan: that vehicle's day is taken; plan without it.");
                }

                foreach (var stop in routed)
                {
                    var shipment = shipments[stop.ShipmentId];
                    shipment.RouteCode = codeOfRoute[stop.RouteId!.Value];
                    shipment.StopNumber = stop.StopNumber;
                }

                plan.Commit(command.Actor, time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                return await DispatchQueries.LoadViewAsync(db, plan, ct);
            }, cancellationToken);
        }
    }
}
