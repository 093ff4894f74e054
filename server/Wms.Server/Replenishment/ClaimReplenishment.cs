using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Replenishment;

/// <summary>
/// An operator takes a replenishment task on the handheld: from then on it is theirs (the queue shows it to nobody
/// else, and nobody else can take or confirm it) until they finish it, give it back, a supervisor releases it or
/// the claim lapses (<see cref="ReplenishmentOptions.ClaimMinutes"/> without progress). Claims run in the writer,
/// so two operators racing for one task are serialised: the first wins, the second hears who holds it; between
/// servers the task's Version token refuses the stale write.
/// </summary>
public static class ClaimReplenishment
{
    public sealed record Command(string RequestId, string Actor, long TaskId);

    public sealed record Result(long TaskId, string ClaimedBy, DateTimeOffset? ClaimedAt);

    public sealed class Handler(WriteBatcher writes, TimeProvider time, IOptions<ReplenishmentOptions> options)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            var summary = "claim task " + command.TaskId.ToString(CultureInfo.InvariantCulture);
            return writes.ExecuteAsync(new CommandInfo(nameof(ClaimReplenishment), command.Actor, requestId, summary), async (db, ct) =>
            {
                var task = await LoadAsync(db, command.TaskId, ct);
                task.Claim(command.Actor, time.GetUtcNow(), options.Value.ClaimTimeout);
                await db.SaveChangesAsync(ct);
                return new Result(task.Id, task.ClaimedBy, task.ClaimedAt);
            }, cancellationToken);
        }
    }

    internal static async Task<ReplenishmentTask> LoadAsync(WmsDbContext db, long taskId, CancellationToken ct) =>
        await db.Set<ReplenishmentTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw DomainException.NotFound("Replenishment task", taskId.ToString(CultureInfo.InvariantCulture));
}
