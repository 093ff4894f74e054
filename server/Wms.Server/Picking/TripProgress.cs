using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// Closes a trip when its last task is done, and its wave when its last trip is: written once, in SQL, for the
/// prepared-SQL pick and the EF commands (short pick, cancellation, GetNextPickTask) alike.
/// </summary>
internal static class TripProgress
{
    private const string CompleteTrip =
        "UPDATE trips SET status = @p0 WHERE id = @p1 AND status <> @p0 AND NOT EXISTS (SELECT 1 FROM pick_tasks WHERE trip_id = @p1 AND status = @p2)";

    private const string CompleteWave =
        "UPDATE waves SET status = @p0 WHERE id = @p1 AND status <> @p0 AND NOT EXISTS (SELECT 1 FROM trips WHERE wave_id = @p1 AND status <> @p2)";

    /// <summary>Whether the trip is complete (now or before); its wave completes with its last trip.</summary>
    public static bool CompleteIfDone(SqlSession sql, Trip trip)
    {
        if (trip.Status == TripStatus.Completed)
        {
            return true;
        }

        if (sql.Execute(CompleteTrip, (int)TripStatus.Completed, trip.Id, (int)PickTaskStatus.Open) == 0)
        {
            return false;
        }

        trip.Status = TripStatus.Completed;
        // The trips' own Completed (3), not the wave's (2): compared with the wave's, no wave ever completed.
        sql.Execute(CompleteWave, (int)WaveStatus.Completed, trip.WaveId, (int)TripStatus.Completed);
        return true;
    }

    /// <summary>
    /// The EF commands' way in: their pending changes (tasks just closed) are saved first so the rule sees them;
    /// the tracked trip then takes its new status without EF writing it again.
    /// </summary>
    public static async Task<bool> CompleteIfDoneAsync(WmsDbContext db, Trip trip, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        var done = CompleteIfDone(db.WriterSession, trip);
        if (db.Entry(trip).State != EntityState.Detached)
        {
            db.Entry(trip).State = EntityState.Unchanged;
        }

        return done;
    }

    public static async Task UpdateOrderAsync(WmsDbContext db, Order order, OrderLine changed, CancellationToken cancellationToken) =>
        order.PickRecorded(changed.AllocatedQuantity > 0
            || await db.Set<OrderLine>().AnyAsync(l => l.OrderId == order.Id && l.Id != changed.Id && l.AllocatedQuantity > 0, cancellationToken));
}
