using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>Read-only views of stock, receipts and cycle counts, beside the writer.</summary>
public sealed class InventoryQueries(IDbContextFactory<WmsDbContext> contexts, SqlReaders readers, CodeIds ids)
{
    public sealed record StockFilter(string WarehouseCode, string? BinCode, string? SkuCode, string? Lot, int PageSize, string? PageToken);

    /// <param name="HoldReason">The lot's hold in the bin, else the bin's; empty when the stock is not held.</param>
    public sealed record StockLine(long Id, string BinCode, string SkuCode, string Lot, DateOnly? Expiry, long OnHand, long Reserved, string HoldReason = "")
    {
        public long Available => OnHand - Reserved;
    }

    public sealed record ReceiptView(string WarehouseCode, string Reference, ReceiptStatus Status, IReadOnlyList<ReceiptLineView> Lines);

    public sealed record ReceiptLineView(string SkuCode, long ExpectedQuantity, long ReceivedQuantity);

    public sealed record CycleCountView(long Id, string WarehouseCode, string BinCode, CycleCountStatus Status, string Reason, string RaisedBy, DateTimeOffset RaisedAt, int Attempts);

    /// <summary>
    /// Thousands of calls a second, so prepared SQL on a rented session: codes become ids first
    /// (remembered, see <see cref="CodeIds"/>; a code that does not exist is named in the error), then the
    /// stock query filters on its own indexes (bin, or warehouse and SKU) instead of walking every balance
    /// in id order.
    /// </summary>
    public async Task<(List<StockLine> Lines, string NextPageToken)> QueryStockAsync(StockFilter filter, CancellationToken cancellationToken)
    {
        var warehouseCode = Require.NotEmpty(filter.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
        var binCode = Require.Optional(filter.BinCode, "bin_code", Limits.BinCode);
        var skuCode = Require.Optional(filter.SkuCode, "sku_code", Limits.SkuCode);
        var lot = Require.Optional(filter.Lot, "lot", Limits.Lot);
        var size = Paging.PageSize(filter.PageSize);
        var after = Paging.AfterId(filter.PageToken);
        var rows = await readers.ReadAsync(async (sql, ct) =>
        {
            // Codes come from memory once seen (CodeIds): only a first sight of one waits on a statement of its own.
            var warehouseId = ids.WarehouseId(sql, warehouseCode)
                ?? throw DomainException.NotFound("Warehouse", warehouseCode);

            // The bin implies the warehouse: filtering on both would let SQLite pick the wider index.
            var query = new StringBuilder(StockSelect);
            var args = new List<object?> { after };
            if (binCode.Length > 0)
            {
                var binId = ids.BinId(sql, warehouseId, binCode)
                    ?? throw DomainException.NotFound("Bin", $"{warehouseCode}/{binCode}");
                Filter(query, args, "s.bin_id", binId);
            }
            else
            {
                Filter(query, args, "s.warehouse_id", warehouseId);
            }

            if (skuCode.Length > 0)
            {
                var skuId = ids.SkuId(sql, skuCode)
                    ?? throw DomainException.NotFound("SKU", skuCode);
                Filter(query, args, "s.sku_id", skuId);
            }

            if (lot.Length > 0)
            {
                Filter(query, args, "s.lot", lot);
            }

            ct.ThrowIfCancellationRequested();
            query.Append(CultureInfo.InvariantCulture, $" ORDER BY s.id LIMIT @p{args.Count}");
            args.Add(size + 1);
            var lines = new List<StockLine>();
            await using var r = await sql.QueryAsync(query.ToString(), args.ToArray(), ct);
            while (await r.ReadAsync(ct))
            {
                lines.Add(new StockLine(
                    r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
                    r.IsDBNull(4) ? null : DateOnly.FromDayNumber(r.GetInt32(4)), r.GetInt64(5), r.GetInt64(6), r.IsDBNull(7) ? "" : r.GetString(7)));
            }

            return lines;
        }, cancellationToken);
        return Paging.Cut(rows, size, r => r.Id);
    }

    private const string StockSelect = """
        SELECT s.id, b.code, k.code, s.lot, s.expiry, s.on_hand, s.reserved, COALESCE(h.reason, CASE WHEN b.on_hold THEN b.hold_reason END)
        FROM stock_balances s JOIN bins b ON b.id = s.bin_id JOIN skus k ON k.id = s.sku_id
        LEFT JOIN lot_holds h ON h.bin_id = s.bin_id AND h.sku_id = s.sku_id AND h.lot = s.lot
        WHERE s.id > @p0 AND s.on_hand > 0
        """;

    private static void Filter(StringBuilder query, List<object?> args, string column, object value)
    {
        query.Append(CultureInfo.InvariantCulture, $" AND {column} = @p{args.Count}");
        args.Add(value);
    }

    public async Task<ReceiptView> GetReceiptAsync(string warehouseCode, string reference, CancellationToken cancellationToken)
    {
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        var receiptReference = Require.NotEmpty(reference, "reference", Limits.Reference);
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
        var warehouse = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        var size = Paging.PageSize(pageSize);
        var after = Paging.AfterId(pageToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouse, cancellationToken);
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
