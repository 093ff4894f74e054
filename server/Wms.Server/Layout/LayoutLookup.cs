using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Layout;

/// <summary>
/// Warehouses and bins by code, for every feature: one query each, and one NOT_FOUND wording
/// ("Warehouse 'X' not found", "Bin 'W/B' not found") wherever a code is wrong.
/// </summary>
public static class LayoutLookup
{
    public static async Task<long> WarehouseIdAsync(WmsDbContext db, string code, CancellationToken cancellationToken) =>
        await db.Set<Warehouse>().Where(w => w.Code == code).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Warehouse", code);

    /// <summary>The whole warehouse, untracked (views, time zone, coordinates).</summary>
    public static async Task<Warehouse> WarehouseAsync(WmsDbContext db, string code, CancellationToken cancellationToken) =>
        await db.Set<Warehouse>().AsNoTracking().FirstOrDefaultAsync(w => w.Code == code, cancellationToken)
            ?? throw DomainException.NotFound("Warehouse", code);

    /// <summary>The bin, tracked: commands change holds and counts on it.</summary>
    public static async Task<Bin> BinAsync(WmsDbContext db, long warehouseId, string warehouseCode, string code, CancellationToken cancellationToken) =>
        await db.Set<Bin>().FirstOrDefaultAsync(b => b.WarehouseId == warehouseId && b.Code == code, cancellationToken)
            ?? throw DomainException.NotFound("Bin", $"{warehouseCode}/{code}");

    public static async Task<long> BinIdAsync(WmsDbContext db, long warehouseId, string warehouseCode, string code, CancellationToken cancellationToken) =>
        await db.Set<Bin>().Where(b => b.WarehouseId == warehouseId && b.Code == code).Select(b => (long?)b.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Bin", $"{warehouseCode}/{code}");
}
