using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Replenishment;

public enum FaceCondition
{
    Ok = 0,

    /// <summary>On hand below min.</summary>
    Low = 1,

    /// <summary>Nothing on hand.</summary>
    StockOut = 2,
}

/// <summary>Reads for the handheld's replenishment queue and for supervisors: open tasks, faces and their condition.</summary>
public sealed class ReplenishmentQueries(IDbContextFactory<WmsDbContext> contexts, TimeProvider time, IOptions<ReplenishmentOptions> options)
{
    public sealed record TaskView(
        long TaskId, string FromBinCode, string ToBinCode, string SkuCode, string SkuDescription, string UnitOfMeasure, string Lot,
        long Quantity, long Remaining, int Priority, ReplenishmentTrigger Trigger, double DistanceM, DateTimeOffset CreatedAt,
        string ClaimedBy, DateTimeOffset? ClaimedAt);

    public sealed record FaceView(
        string BinCode, string SkuCode, long MinQuantity, long MaxQuantity, PickFaceLevels Levels, long OnHand, long Inbound, long ReserveAvailable, FaceCondition Condition);

    /// <summary>
    /// Open tasks, the queue order the handheld works in: urgent first (an empty face, or orders waiting on
    /// backorder for the SKU), then oldest, then the shorter walk. An operator sees the free tasks and their own
    /// (a claim that lapsed counts as free); <paramref name="includeClaimed"/> adds the ones other operators hold.
    /// </summary>
    public async Task<(List<TaskView> Tasks, string NextPageToken)> ListOpenTasksAsync(
        string warehouseCode, string actor, bool includeClaimed, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        var size = Paging.PageSize(pageSize);
        var skip = (int)Paging.AfterId(pageToken);
        var lapsed = time.GetUtcNow() - options.Value.ClaimTimeout;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        var open = db.Set<ReplenishmentTask>().AsNoTracking().Where(t => t.WarehouseId == warehouseId && t.Status == ReplenishmentTaskStatus.Open);
        if (!includeClaimed)
        {
            open = open.Where(t => t.ClaimedBy == "" || t.ClaimedBy == actor || t.ClaimedAt == null || t.ClaimedAt <= lapsed);
        }

        var rows = await Views(db, open).Skip(skip).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? Paging.Token(skip + size) : "";
        return (rows.Take(size).ToList(), next);
    }

    /// <summary>One task as the queue shows it, whatever its state (the answer to a claim or a release).</summary>
    public async Task<TaskView> TaskAsync(long taskId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Views(db, db.Set<ReplenishmentTask>().AsNoTracking().Where(t => t.Id == taskId)).FirstAsync(cancellationToken);
    }

    private static IQueryable<TaskView> Views(WmsDbContext db, IQueryable<ReplenishmentTask> tasks) =>
        from t in tasks
        join f in db.Set<Bin>() on t.FromBinId equals f.Id
        join b in db.Set<Bin>() on t.ToBinId equals b.Id
        join s in db.Set<Sku>() on t.SkuId equals s.Id
        orderby t.Priority, t.Id
        select new TaskView(t.Id, f.Code, b.Code, s.Code, s.Description, s.UnitOfMeasure, t.Lot, t.Quantity, t.Quantity - t.MovedQuantity, t.Priority, t.Trigger,
            t.DistanceM, t.CreatedAt, t.ClaimedBy, t.ClaimedAt);

    /// <summary>
    /// Every pick face of the warehouse with its levels, on hand, what open tasks bring and what reserve bins
    /// hold, and its condition. <paramref name="onlyBelowMin"/> gives the low-stock and stock-out list that
    /// alerts are raised from.
    /// </summary>
    public async Task<List<FaceView>> ListFacesAsync(string warehouseCode, bool onlyBelowMin, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        var faces = await (from f in db.Set<PickFace>().AsNoTracking()
                           join b in db.Set<Bin>() on f.BinId equals b.Id
                           join s in db.Set<Sku>() on f.SkuId equals s.Id
                           where f.WarehouseId == warehouseId
                           orderby b.Code, s.Code
                           select new
                           {
                               f.BinId, f.SkuId, BinCode = b.Code, SkuCode = s.Code, f.MinQuantity, f.MaxQuantity, f.Levels,
                               OnHand = db.Set<StockBalance>().Where(x => x.BinId == f.BinId && x.SkuId == f.SkuId).Sum(x => x.OnHand),
                               Inbound = db.Set<ReplenishmentTask>().Where(t => t.ToBinId == f.BinId && t.SkuId == f.SkuId && t.Status == ReplenishmentTaskStatus.Open)
                                   .Sum(t => t.Quantity - t.MovedQuantity),
                               Reserve = (from x in db.Set<StockBalance>()
                                          join r in db.Set<Bin>() on x.BinId equals r.Id
                                          where r.WarehouseId == warehouseId && r.Kind == BinKind.Reserve && !r.OnHold && x.SkuId == f.SkuId
                                                && !db.Set<LotHold>().Any(h => h.BinId == x.BinId && h.SkuId == x.SkuId && h.Lot == x.Lot)
                                          select x.OnHand - x.Reserved).Sum(),
                           }).ToListAsync(cancellationToken);
        return faces
            .Select(f => new FaceView(f.BinCode, f.SkuCode, f.MinQuantity, f.MaxQuantity, f.Levels, f.OnHand, f.Inbound, f.Reserve, Condition(f.OnHand, f.MinQuantity)))
            .Where(f => !onlyBelowMin || f.Condition != FaceCondition.Ok)
            .ToList();
    }

    public static FaceCondition Condition(long onHand, long min) => onHand <= 0 ? FaceCondition.StockOut : onHand < min ? FaceCondition.Low : FaceCondition.Ok;
}
