using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Reads the ledger in position order. Positions are the ledger's ids: the single writer commits them
/// in increasing order, so "everything after position p" never skips a row committed later.
/// </summary>
public sealed class LedgerQueries(IDbContextFactory<WmsDbContext> contexts, DatabaseSignals signals, TimeProvider time)
{
    private long _followReads;
    public sealed record LedgerFilter(string WarehouseCode, string? BinCode, string? SkuCode, long AfterPosition, int PageSize, string? PageToken);

    public sealed record LedgerRow(
        long Position, DateTimeOffset At, string BinCode, string SkuCode, string Lot, long Quantity, LedgerReason Reason,
        string ReasonCode, string Actor, string RequestId, string Reference, string Note);

    /// <summary>Reads of the ledger made by followers so far (an idle server makes none but its catch-up reads).</summary>
    public long FollowReads => Interlocked.Read(ref _followReads);

    public async Task<(List<LedgerRow> Rows, string NextPageToken)> ListAsync(LedgerFilter filter, CancellationToken cancellationToken)
    {
        var warehouseCode = Require.NotEmpty(filter.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
        Require.Optional(filter.BinCode, "bin_code", Limits.BinCode);
        Require.Optional(filter.SkuCode, "sku_code", Limits.SkuCode);
        if (filter.AfterPosition < 0)
        {
            throw DomainException.Invalid("after_position", $"must not be negative, got {filter.AfterPosition}.");
        }

        var size = Paging.PageSize(filter.PageSize);
        var after = Math.Max(filter.AfterPosition, Paging.AfterId(filter.PageToken));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, cancellationToken);
        var entries = db.Set<LedgerEntry>().AsNoTracking().Where(e => e.WarehouseId == warehouseId && e.Id > after);
        if (!string.IsNullOrEmpty(filter.BinCode))
        {
            var binCode = filter.BinCode;
            var binId = await LayoutLookup.BinIdAsync(db, warehouseId, warehouseCode, binCode, cancellationToken);
            entries = entries.Where(e => e.BinId == binId);
        }

        if (!string.IsNullOrEmpty(filter.SkuCode))
        {
            var skuCode = filter.SkuCode;
            var skuId = await CatalogLookup.SkuIdAsync(db, skuCode, cancellationToken);
            entries = entries.Where(e => e.SkuId == skuId);
        }

        var rows = await Project(db, entries, size + 1).ToListAsync(cancellationToken);
        return Paging.Cut(rows, size, r => r.Position);
    }

    /// <summary>
    /// Every row after <paramref name="afterPosition"/>, then each new one as it is committed, until
    /// cancelled. When it has read everything it waits for a commit on <see cref="DatabaseSignals.Ledger"/> (here or,
    /// on PostgreSQL, on another server) or for the catch-up interval, then reads "id &gt; last seen" again: the
    /// writer's commits are ordered, so that misses nothing and a signal lost or doubled costs a read, not a row.
    /// </summary>
    public async IAsyncEnumerable<LedgerRow> FollowAsync(string warehouseCode, long afterPosition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        if (afterPosition < 0)
        {
            throw DomainException.Invalid("after_position", $"must not be negative, got {afterPosition}.");
        }

        long warehouseId;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        }

        var last = afterPosition;
        const int batch = 500;
        while (true)
        {
            // Taken before the read: a commit while reading wakes the wait below at once.
            var version = signals.Version(DatabaseSignals.Ledger);
            Interlocked.Increment(ref _followReads);
            List<LedgerRow> rows;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                var after = last;
                rows = await Project(db, db.Set<LedgerEntry>().AsNoTracking().Where(e => e.WarehouseId == warehouseId && e.Id > after), batch).ToListAsync(cancellationToken);
            }

            foreach (var row in rows)
            {
                yield return row;
                last = row.Position;
            }

            if (rows.Count < batch)
            {
                await signals.WaitAsync(DatabaseSignals.Ledger, version, time, cancellationToken);
            }
        }
    }

    private static IQueryable<LedgerRow> Project(WmsDbContext db, IQueryable<LedgerEntry> entries, int take) =>
        from e in entries.OrderBy(e => e.Id).Take(take)
        join b in db.Set<Bin>() on e.BinId equals b.Id
        join k in db.Set<Sku>() on e.SkuId equals k.Id
        orderby e.Id
        select new LedgerRow(e.Id, e.At, b.Code, k.Code, e.Lot, e.Quantity, e.Reason, e.ReasonCode, e.Actor, e.RequestId, e.Reference, e.Note);
}
