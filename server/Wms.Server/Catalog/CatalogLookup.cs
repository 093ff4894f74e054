using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Catalog;

/// <summary>SKUs by code or barcode, for every feature: one query each, one NOT_FOUND wording.</summary>
public static class CatalogLookup
{
    /// <summary>The SKU, untracked: commands read its rules (lot and expiry tracking, case size), never change it.</summary>
    public static async Task<Sku> SkuAsync(WmsDbContext db, string code, CancellationToken cancellationToken) =>
        await db.Set<Sku>().AsNoTracking().FirstOrDefaultAsync(s => s.Code == code, cancellationToken)
            ?? throw DomainException.NotFound("SKU", code);

    public static async Task<long> SkuIdAsync(WmsDbContext db, string code, CancellationToken cancellationToken) =>
        await db.Set<Sku>().Where(s => s.Code == code).Select(s => (long?)s.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("SKU", code);

    public static async Task<Sku> SkuByBarcodeAsync(WmsDbContext db, string barcode, CancellationToken cancellationToken) =>
        await (from b in db.Set<SkuBarcode>() join s in db.Set<Sku>().AsNoTracking() on b.SkuId equals s.Id where b.Barcode == barcode select s).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Barcode", barcode);
}
