using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;
using Wms.Server.Shipping;

namespace Wms.Server.Dispatch;

/// <summary>
/// A driver reports a stop delivered (proof of delivery: when, to whom, a photo's reference); the estimated
/// arrivals of the route's later stops follow from it. Committed plans only; once per stop.
/// </summary>
public static class ReportStopDone
{
    public const int MaxReceivedByLength = 200;
    public const int MaxPhotoReferenceLength = 500;

    public sealed record Command(string RequestId, string Actor, long PlanId, long ShipmentId, string DoneTime, string ReceivedBy, string PhotoReference);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.PlanId, "plan_id");
            Require.Positive(command.ShipmentId, "shipment_id");
            var doneMinutes = Require.Clock(Require.NotEmpty(command.DoneTime, "done_time"), "done_time");
            var receivedBy = Require.NotEmpty(command.ReceivedBy, "received_by");
            if (receivedBy.Length > MaxReceivedByLength)
            {
                throw DomainException.Invalid("received_by", $"at most {MaxReceivedByLength} characters, got {receivedBy.Length}.");
            }

            var photo = command.PhotoReference?.Trim() ?? "";
            if (photo.Length > MaxPhotoReferenceLength)
            {
                throw DomainException.Invalid("photo_reference", $"at most {MaxPhotoReferenceLength} characters, got {photo.Length}.");
            }

            var info = new CommandInfo(nameof(ReportStopDone), command.Actor, requestId, $"route plan {command.PlanId}: shipment {command.ShipmentId} done at {ClockTime.Format(doneMinutes)}");
            return writes.ExecuteAsync(info, async (db, ct) =>
            {
                var plan = await DispatchQueries.FindPlanAsync(db.Set<RoutePlan>(), command.PlanId, ct);
                var stop = plan.StopOf(command.ShipmentId);
                var later = plan.Stops.Where(s => s.RouteId == stop.RouteId && s.StopNumber > stop.StopNumber).Select(s => s.ShipmentId).ToList();
                var windows = await (from s in db.Set<Shipment>()
                                     join o in db.Set<Order>() on s.OrderId equals o.Id
                                     where later.Contains(s.Id)
                                     select new { s.Id, o.WindowStartMinutes }).ToDictionaryAsync(x => x.Id, x => x.WindowStartMinutes * 60, ct);
                plan.ReportDone(stop, doneMinutes * 60, receivedBy, photo, windows);
                await db.SaveChangesAsync(ct);
                return await DispatchQueries.LoadViewAsync(db, plan, ct);
            }, cancellationToken);
        }
    }
}
