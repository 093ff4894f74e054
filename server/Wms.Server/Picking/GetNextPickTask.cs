using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// The picker's next task: on their trip in progress, or on the oldest trip waiting, which becomes
/// theirs. Assignment runs in the WriteBatcher, one command at a time, so two pickers never get the same trip.
/// </summary>
public static class GetNextPickTask
{
    public sealed record Command(string RequestId, string Actor, string WarehouseCode);

    public sealed record Result(PickTaskView? Task);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            return writes.ExecuteAsync(
                new CommandInfo(nameof(GetNextPickTask), command.Actor, requestId, "next task in " + warehouseCode),
                async (db, ct) =>
                {
                    var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                    while (true)
                    {
                        var trip = await db.Set<Trip>()
                            .Where(t => t.WarehouseId == warehouseId && t.Status == TripStatus.InProgress && t.AssignedTo == command.Actor)
                            .OrderBy(t => t.Id).FirstOrDefaultAsync(ct);
                        if (trip is null)
                        {
                            trip = await db.Set<Trip>().Where(t => t.WarehouseId == warehouseId && t.Status == TripStatus.Ready).OrderBy(t => t.Id).FirstOrDefaultAsync(ct);
                            if (trip is null)
                            {
                                return new Result(null);
                            }

                            trip.Status = TripStatus.InProgress;
                            trip.AssignedTo = command.Actor;
                        }

                        var next = await PickTaskViews.NextAsync(db, trip.Id, ct);
                        if (next is not null)
                        {
                            await db.SaveChangesAsync(ct);
                            return new Result(next);
                        }

                        // A trip whose tasks were all cancelled or done: close it and look again.
                        await TripProgress.CompleteIfDoneAsync(db, trip, ct);
                        await db.SaveChangesAsync(ct);
                    }
                },
                cancellationToken);
        }
    }
}
