using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Planning;

/// <summary>The ABC class of each SKU's newest plan in the warehouse (<see cref="SkuPlan.AbcClass"/>), for putaway and slotting.</summary>
internal sealed class VelocityClasses : IVelocityClasses
{
    public async Task<IReadOnlyDictionary<long, char>> ClassesAsync(WmsDbContext db, long warehouseId, CancellationToken cancellationToken)
    {
        var rows = await db.Set<SkuPlan>().AsNoTracking().Where(p => p.WarehouseId == warehouseId)
            .Select(p => new { p.SkuId, p.AbcClass }).ToListAsync(cancellationToken);
        return rows.Where(r => r.AbcClass is "A" or "B" or "C").ToDictionary(r => r.SkuId, r => r.AbcClass[0]);
    }

    public async Task<SkuVelocity?> ClassOfAsync(WmsDbContext db, long warehouseId, long skuId, CancellationToken cancellationToken)
    {
        var own = await db.Set<SkuPlan>().AsNoTracking().Where(p => p.WarehouseId == warehouseId && p.SkuId == skuId).Select(p => p.AbcClass).FirstOrDefaultAsync(cancellationToken);
        if (own is not ("A" or "B" or "C"))
        {
            return null;
        }

        var counts = await db.Set<SkuPlan>().AsNoTracking().Where(p => p.WarehouseId == warehouseId)
            .GroupBy(p => p.AbcClass).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return new SkuVelocity(own[0], counts.GetValueOrDefault("A"), counts.GetValueOrDefault("B"), counts.GetValueOrDefault("C"));
    }
}
