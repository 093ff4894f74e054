using Wms.Server.Data;

namespace Wms.Server.Inventory;

/// <summary>
/// The velocity (ABC) classes of a warehouse's SKUs, for the features that place stock: putaway sends an A SKU to the
/// bins nearest the dispatch point and a C SKU to the far ones (<see cref="SuggestPutaway"/>), slotting ranks pick faces by
/// class (Slotting). Planning computes the classes nightly and builds on Inventory, so Inventory reads them through this
/// seam instead of importing it. No implementation registered, or no plan yet: every SKU is unclassed.
/// </summary>
public interface IVelocityClasses
{
    /// <summary>Each classed SKU's class ('A', 'B' or 'C'); SKUs without a plan are absent.</summary>
    Task<IReadOnlyDictionary<long, char>> ClassesAsync(WmsDbContext db, long warehouseId, CancellationToken cancellationToken);

    /// <summary>One SKU's class with how many of the warehouse's SKUs are in each class; null when the SKU has none.</summary>
    Task<SkuVelocity?> ClassOfAsync(WmsDbContext db, long warehouseId, long skuId, CancellationToken cancellationToken);
}

/// <summary>A SKU's velocity class, and the warehouse's SKUs per class (the shares of space each class's zone gets).</summary>
public sealed record SkuVelocity(char Class, int ACount, int BCount, int CCount);
