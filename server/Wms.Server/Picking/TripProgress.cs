using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>Closes a trip when its last task is done, and its wave when its last trip is.</summary>
internal static class TripProgress
{
    /// <param name="closingTaskIds">Tasks this command closed but has not saved yet.</param>
    public static async Task<bool> CompleteIfDoneAsync(WmsDbContext db, Trip trip, IReadOnlyCollection<long> closingTaskIds, CancellationToken cancellationToken)
    {
        if (trip.Status == TripStatus.Completed)
        {
            return true;
        }

        if (await db.Set<PickTask>().AnyAsync(t => t.TripId == trip.Id && t.Status == PickTaskStatus.Open && !closingTaskIds.Contains(t.Id), cancellationToken))
        {
            return false;
        }

        trip.Status = TripStatus.Completed;
        if (!await db.Set<Trip>().AnyAsync(t => t.WaveId == trip.WaveId && t.Id != trip.Id && t.Status != TripStatus.Completed, cancellationToken))
        {
            var wave = await db.Set<Wave>().FindAsync([trip.WaveId], cancellationToken);
            wave!.Status = WaveStatus.Completed;
        }

        return true;
    }

    public static async Task UpdateOrderAsync(WmsDbContext db, Order order, OrderLine changed, CancellationToken cancellationToken) =>
        order.PickRecorded(changed.AllocatedQuantity > 0
            || await db.Set<OrderLine>().AnyAsync(l => l.OrderId == order.Id && l.Id != changed.Id && l.AllocatedQuantity > 0, cancellationToken));
}
