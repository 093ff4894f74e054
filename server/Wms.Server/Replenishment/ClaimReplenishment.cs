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
            var actor = command.Actor;
            return writes.ExecuteAsync(new CommandInfo(nameof(ClaimReplenishment), actor, requestId, summary), async (db, ct) =>
            {
                var now = time.GetUtcNow();
                var lapsed = now - options.Value.ClaimTimeout;
                // One conditional UPDATE (the entity's Claim rule as SQL) rather than read-then-save: two servers
                // racing for the task meet at its row lock, and the loser's UPDATE, re-checked against the winner's
                // committed row, changes nothing, so below it hears who won instead of a version conflict.
                var taken = await db.Set<ReplenishmentTask>()
                    .Where(t => t.Id == command.TaskId && t.Status == ReplenishmentTaskStatus.Open
                        && (t.ClaimedBy == "" || t.ClaimedBy == actor || t.ClaimedAt == null || t.ClaimedAt <= lapsed))
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.ClaimedBy, actor).SetProperty(t => t.ClaimedAt, now).SetProperty(t => t.Version, t => t.Version + 1), ct);
                var task = await db.Set<ReplenishmentTask>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == command.TaskId, ct)
                    ?? throw DomainException.NotFound("Replenishment task", command.TaskId.ToString(CultureInfo.InvariantCulture));
                if (taken == 0)
                {
                    // Throws the reason: cancelled (and why), done, or whose it is.
                    task.Claim(actor, now, options.Value.ClaimTimeout);
                    throw DomainException.Precondition($"Replenishment task {task.Id} could not be taken; look again.");
                }

                return new Result(task.Id, task.ClaimedBy, task.ClaimedAt);
            }, cancellationToken);
        }
    }

    internal static async Task<ReplenishmentTask> LoadAsync(WmsDbContext db, long taskId, CancellationToken ct) =>
        await db.Set<ReplenishmentTask>().FirstOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw DomainException.NotFound("Replenishment task", taskId.ToString(CultureInfo.InvariantCulture));
}
