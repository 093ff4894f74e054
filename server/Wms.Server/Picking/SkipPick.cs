using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>The picker cannot do this task now (blocked aisle, busy bin): it goes to the end of the trip.</summary>
public static class SkipPick
{
    public sealed record Command(string RequestId, string Actor, long TaskId);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<GetNextPickTask.Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            return writes.ExecuteAsync(
                new CommandInfo(nameof(SkipPick), command.Actor, requestId, string.Create(CultureInfo.InvariantCulture, $"task {command.TaskId}")),
                async (db, ct) =>
                {
                    var row = PickTaskRow.Load(db, command.TaskId);
                    row.EnsureWorkableBy(command.Actor);
                    var tasks = await db.Set<PickTask>().Where(t => t.TripId == row.Trip.Id && t.Sequence > row.Task.Sequence).ToListAsync(ct);
                    foreach (var later in tasks)
                    {
                        later.Sequence--;
                    }

                    // Sequences stay 1..count, so "line 3 of 12" still reads right after a skip.
                    row.Task.Sequence += tasks.Count;
                    row.Task.Skips++;
                    await db.SaveChangesAsync(ct);
                    return new GetNextPickTask.Result(await PickTaskViews.NextAsync(db, row.Trip.Id, ct));
                },
                cancellationToken);
        }
    }
}
