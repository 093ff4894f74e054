using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Replenishment;

/// <summary>
/// A hold stops the replenishment that touches the held stock, in the hold's transaction: open tasks from or to a
/// held bin, or from or to a held lot (the same SKU and lot), are cancelled with the hold as their reason, which the
/// handheld shows the operator who had taken one. Their planned units are free again; once the hold is released the
/// next top-up plans from the stock as it is then.
/// </summary>
internal sealed class CancelTasksAtHold(TimeProvider time) : IHoldFollowUp
{
    public async Task<int> HeldAsync(WmsDbContext db, HoldPlaced hold, CancellationToken cancellationToken)
    {
        var touching = db.Set<ReplenishmentTask>()
            .Where(t => t.Status == ReplenishmentTaskStatus.Open && (t.FromBinId == hold.BinId || t.ToBinId == hold.BinId));
        if (hold.SkuId is { } skuId)
        {
            touching = touching.Where(t => t.SkuId == skuId && t.Lot == hold.Lot);
        }

        var tasks = await touching.ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var task in tasks)
        {
            task.Cancel(hold.Words, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return tasks.Count;
    }
}
