using System.Globalization;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Replenishment;

/// <summary>
/// Gives a claimed task back to the queue: the operator who holds it (backing out of it on the handheld), or a
/// supervisor for anyone's (a device lost mid-task). Releasing a free task changes nothing.
/// </summary>
public static class ReleaseReplenishment
{
    /// <param name="Supervisor">The caller may release other operators' claims (supervisor or admin), as the transport found it.</param>
    public sealed record Command(string RequestId, string Actor, long TaskId, bool Supervisor);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<ClaimReplenishment.Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            var summary = "release task " + command.TaskId.ToString(CultureInfo.InvariantCulture);
            return writes.ExecuteAsync(new CommandInfo(nameof(ReleaseReplenishment), command.Actor, requestId, summary), async (db, ct) =>
            {
                var task = await ClaimReplenishment.LoadAsync(db, command.TaskId, ct);
                task.Release(command.Actor, command.Supervisor);
                await db.SaveChangesAsync(ct);
                return new ClaimReplenishment.Result(task.Id, task.ClaimedBy, task.ClaimedAt);
            }, cancellationToken);
        }
    }
}
