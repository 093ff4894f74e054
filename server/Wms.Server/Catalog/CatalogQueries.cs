using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Catalog;

/// <summary>Read-only lookups of SKUs and barcodes, on pooled contexts beside the writer.</summary>
public sealed class CatalogQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public async Task<SkuView> GetSkuAsync(string code, CancellationToken cancellationToken)
    {
        var key = Require.NotEmpty(code, "code", Limits.SkuCode);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sku = await CatalogLookup.SkuAsync(db, key, cancellationToken);
        return await ViewAsync(db, sku, cancellationToken);
    }

    public async Task<SkuView> LookupBarcodeAsync(string barcode, CancellationToken cancellationToken)
    {
        var key = Require.NotEmpty(barcode, "barcode", Limits.Barcode);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sku = await CatalogLookup.SkuByBarcodeAsync(db, key, cancellationToken);
        return await ViewAsync(db, sku, cancellationToken);
    }

    public async Task<(List<SkuView> Skus, string NextPageToken)> ListSkusAsync(string? codePrefix, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skus = db.Set<Sku>().AsNoTracking().Where(s => s.Id > after);
        if (!string.IsNullOrEmpty(codePrefix))
        {
            // A range on the unique code index instead of LIKE, which SQLite will not index here.
            var prefix = codePrefix;
            var upper = prefix + "\uffff";
            skus = skus.Where(s => string.Compare(s.Code, prefix) >= 0 && string.Compare(s.Code, upper) < 0);
        }

        var rows = await skus.OrderBy(s => s.Id).Take(size + 1).ToListAsync(cancellationToken);
        var (page, next) = Paging.Cut(rows, size, s => s.Id);
        var ids = page.Select(s => s.Id).ToList();
        var barcodes = (await db.Set<SkuBarcode>().AsNoTracking().Where(b => ids.Contains(b.SkuId)).ToListAsync(cancellationToken))
            .ToLookup(b => b.SkuId, b => b.Barcode);
        return (page.Select(s => SkuView.From(s, barcodes[s.Id])).ToList(), next);
    }

    private static async Task<SkuView> ViewAsync(WmsDbContext db, Sku sku, CancellationToken cancellationToken)
    {
        var barcodes = await db.Set<SkuBarcode>().AsNoTracking().Where(b => b.SkuId == sku.Id).Select(b => b.Barcode).ToListAsync(cancellationToken);
        return SkuView.From(sku, barcodes);
    }
}
