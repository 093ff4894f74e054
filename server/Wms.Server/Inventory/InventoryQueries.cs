using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>Read-only views of stock, receipts and cycle counts, on pooled contexts beside the writer.</summary>
public sealed class InventoryQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public sealed record StockFilter(string WarehouseCode, string? BinCode, string? SkuCode, string? Lot, int PageSize, string? PageToken);

    public sealed record StockLine(long Id, string BinCode, string SkuCode, string Lot, DateOnly? Expiry, long OnHand, long Reserved)
    {
        public long Available => OnHand - Reserved;
    }

    public sealed record ReceiptView(string WarehouseCode, string Reference, ReceiptStatus Status, IReadOnlyList<ReceiptLineView> Lines);

    public sealed record ReceiptLineView(string SkuCode, long ExpectedQuantity, long ReceivedQuantity);

    public sealed record CycleCountView(long Id, string WarehouseCode, string BinCode, CycleCountStatus Status, string Reason, string RaisedBy, DateTimeOffset RaisedAt, int Attempts);

    /// <summary>
    /// One SQL statement: the warehouse, bin and SKU codes are joined in, so a single-bin query walks the
    /// unique (warehouse, code) bin index and then the (bin, SKU, lot) stock index.
    /// </summary>
    public async Task<(List<StockLine> Lines, string NextPageToken)> QueryStockAsync(StockFilter filter, CancellationToken cancellationToken)
    {
        var warehouseCode = Require.NotEmpty(filter.WarehouseCode, "warehouse_code");
        var size = Paging.PageSize(filter.PageSize);
        var after = Paging.AfterId(filter.PageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Codes become ids first (unique-index look-ups that also name what does not exist), so the stock
        // query filters on its own indexes instead of walking every balance in id order.
        var warehouseId = await db.Set<Warehouse>().Where(w => w.Code == warehouseCode).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Warehouse", warehouseCode);
        var stock = db.Set<StockBalance>().AsNoTracking().Where(s => s.Id > after && s.OnHand > 0);
        if (!string.IsNullOrEmpty(filter.BinCode))
        {
            // The bin implies the warehouse: filtering on both would let SQLite pick the wider index.
            var binCode = filter.BinCode;
            var binId = await db.Set<Bin>().Where(b => b.WarehouseId == warehouseId && b.Code == binCode).Select(b => (long?)b.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw DomainException.NotFound("Bin", $"{warehouseCode}/{binCode}");
            stock = stock.Where(s => s.BinId == binId);
        }
        else
        {
            stock = stock.Where(s => s.WarehouseId == warehouseId);
        }

        if (!string.IsNullOrEmpty(filter.SkuCode))
        {
            var skuCode = filter.SkuCode;
            var skuId = await db.Set<Sku>().Where(k => k.Code == skuCode).Select(k => (long?)k.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw DomainException.NotFound("SKU", skuCode);
            stock = stock.Where(s => s.SkuId == skuId);
        }

        if (!string.IsNullOrEmpty(filter.Lot))
        {
            var lot = filter.Lot;
            stock = stock.Where(s => s.Lot == lot);
        }

        var rows = await (from s in stock
                          join b in db.Set<Bin>() on s.BinId equals b.Id
                          join k in db.Set<Sku>() on s.SkuId equals k.Id
                          orderby s.Id
                          select new StockLine(s.Id, b.Code, k.Code, s.Lot, s.Expiry, s.OnHand, s.Reserved))
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        return Paging.Cut(rows, size, r => r.Id);
    }

    public async Task<ReceiptView> GetReceiptAsync(string warehouseCode, string reference, CancellationToken cancellationToken)
    {
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code");
        var receiptReference = Require.NotEmpty(reference, "reference");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var receipt = await (from r in db.Set<Receipt>().AsNoTracking()
                             join w in db.Set<Warehouse>() on r.WarehouseId equals w.Id
                             where w.Code == warehouse && r.Reference == receiptReference
                             select r).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Receipt", $"{warehouse}/{receiptReference}");
        var lines = await (from l in db.Set<ReceiptLine>().AsNoTracking()
                           join k in db.Set<Sku>() on l.SkuId equals k.Id
                           where l.ReceiptId == receipt.Id
                           orderby l.Id
                           select new ReceiptLineView(k.Code, l.ExpectedQuantity, l.ReceivedQuantity)).ToListAsync(cancellationToken);
        return new ReceiptView(warehouse, receipt.Reference, receipt.Status, lines);
    }

    /// <summary>Open counts and counts waiting for a recount; what the counter needs, never the book quantity.</summary>
    public async Task<(List<CycleCountView> Counts, string NextPageToken)> ListOpenCycleCountsAsync(string warehouseCode, int pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code");
        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await db.Set<Warehouse>().Where(w => w.Code == warehouse).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw DomainException.NotFound("Warehouse", warehouse);
        var rows = await (from c in db.Set<CycleCount>().AsNoTracking()
                          join b in db.Set<Bin>() on c.BinId equals b.Id
                          where c.WarehouseId == warehouseId && c.Id > after
                                && (c.Status == CycleCountStatus.Open || c.Status == CycleCountStatus.RecountRequested)
                          orderby c.Id
                          select new CycleCountView(c.Id, warehouse, b.Code, c.Status, c.Reason, c.RaisedBy, c.RaisedAt, c.Attempts))
            .Take(size + 1)
            .ToListAsync(cancellationToken);
        return Paging.Cut(rows, size, c => c.Id);
    }
}
