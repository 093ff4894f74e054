using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Data;

namespace Wms.Server.Inventory;

/// <summary>Answers Catalog's question (may a SKU's lot or expiry tracking change?) from the balances.</summary>
internal sealed class SkuStock : ISkuStock
{
    public async Task<IReadOnlySet<long>> WithStockOnHandAsync(WmsDbContext db, IReadOnlyCollection<long> skuIds, CancellationToken cancellationToken) =>
        (await db.Set<StockBalance>().Where(s => skuIds.Contains(s.SkuId) && s.OnHand > 0).Select(s => s.SkuId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
}
