using Wms.Server.Data;

namespace Wms.Server.Dispatch;

/// <summary>
/// What PinStop, UnpinStop and LockRoute share: in one write, load the plan, refuse anything but a draft,
/// apply the edit, mark the plan changed (so a re-plan sees it) only when the edit changed something, and
/// answer with the plan as it now is.
/// </summary>
internal static class DraftPlanEdit
{
    /// <param name="edit">Changes the plan; returns whether it changed anything.</param>
    public static Task<RoutePlanView> RunAsync(WriteBatcher writes, CommandInfo info, long planId, Func<WmsDbContext, RoutePlan, CancellationToken, Task<bool>> edit, CancellationToken cancellationToken) =>
        writes.ExecuteAsync(info, async (db, ct) =>
        {
            var plan = await DispatchQueries.FindPlanAsync(db.Set<RoutePlan>(), planId, ct);
            plan.EnsureDraft();
            if (await edit(db, plan, ct))
            {
                plan.Touch();
                await db.SaveChangesAsync(ct);
            }

            return await DispatchQueries.LoadViewAsync(db, plan, ct);
        }, cancellationToken);
}
