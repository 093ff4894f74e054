using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>A cancelled order's open pick tasks are cancelled; a trip (and wave) left with nothing open completes.</summary>
internal sealed class CancelPickTasks : IOrderCancellation
{
    public async Task CancelledAsync(WmsDbContext db, Order order, CancellationToken cancellationToken)
    {
        var lineIds = order.Lines.Select(l => l.Id).ToList();
        var tasks = await db.Set<PickTask>().Where(t => lineIds.Contains(t.OrderLineId) && t.Status == PickTaskStatus.Open).ToListAsync(cancellationToken);
        foreach (var task in tasks)
        {
            task.Status = PickTaskStatus.Cancelled;
        }

        var tripIds = tasks.Select(t => t.TripId).Distinct().ToList();
        foreach (var trip in await db.Set<Trip>().Where(t => tripIds.Contains(t.Id)).ToListAsync(cancellationToken))
        {
            await TripProgress.CompleteIfDoneAsync(db, trip, cancellationToken);
        }
    }
}
