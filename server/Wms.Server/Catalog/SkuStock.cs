using Wms.Server.Data;

namespace Wms.Server.Catalog;

/// <summary>
/// Which SKUs have stock on hand, answered by Inventory. Catalog is master data that Inventory builds on,
/// so it asks through this seam instead of importing Inventory (no two feature folders import each other).
/// </summary>
public interface ISkuStock
{
    /// <summary>The ids among <paramref name="skuIds"/> with units on hand in any bin, read in the caller's transaction.</summary>
    Task<IReadOnlySet<long>> WithStockOnHandAsync(WmsDbContext db, IReadOnlyCollection<long> skuIds, CancellationToken cancellationToken);
}
