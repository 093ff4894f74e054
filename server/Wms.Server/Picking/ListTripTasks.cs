using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// Every open task of the caller's trip in progress, in sequence. A handheld keeps them so that a picker who
/// walks out of Wi-Fi range can go on picking; it never assigns a trip (GetNextPickTask does).
/// </summary>
public static class ListTripTasks
{
    public sealed record Query(string Actor, string WarehouseCode);

    public sealed class Handler(IDbContextFactory<WmsDbContext> contexts)
    {
        public async Task<IReadOnlyList<PickTaskView>> HandleAsync(Query query, CancellationToken cancellationToken)
        {
            var warehouseCode = Require.NotEmpty(query.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, cancellationToken);
            var trip = await db.Set<Trip>().AsNoTracking()
                .Where(t => t.WarehouseId == warehouseId && t.Status == TripStatus.InProgress && t.AssignedTo == query.Actor)
                .OrderBy(t => t.Id).FirstOrDefaultAsync(cancellationToken);
            if (trip is null)
            {
                return [];
            }

            var count = await db.Set<PickTask>().CountAsync(t => t.TripId == trip.Id, cancellationToken);
            var rows = await (from t in db.Set<PickTask>().AsNoTracking()
                              where t.TripId == trip.Id && t.Status == PickTaskStatus.Open
                              orderby t.Sequence
                              join b in db.Set<Bin>() on t.BinId equals b.Id
                              join s in db.Set<Sku>() on t.SkuId equals s.Id
                              join o in db.Set<Order>() on t.OrderId equals o.Id
                              select new { t, BinCode = b.Code, SkuCode = s.Code, s.Description, s.UnitOfMeasure, o.Reference }).ToListAsync(cancellationToken);
            return rows.Select(r => new PickTaskView(
                r.t.Id, trip.Id, r.BinCode, r.SkuCode, r.Description, r.UnitOfMeasure, r.t.Lot, r.t.Quantity - r.t.PickedQuantity,
                r.t.Sequence, count, r.Reference, trip.PlannedDistanceM)).ToList();
        }
    }
}
