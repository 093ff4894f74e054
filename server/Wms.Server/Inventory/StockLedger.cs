using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Inventory;

/// <summary>
/// The one writer of stock changes. Every path that changes on hand — EF Core commands and the prepared-SQL
/// pick alike — calls it, so a balance never changes without its ledger row in the same transaction
/// (invariant 2). The rules of a change stay on <see cref="StockBalance"/>; this decides how the change and
/// its row reach the database. <c>FeatureBorderTests</c> fails when anything else calls those rules or
/// writes ledger rows.
/// </summary>
public static class StockLedger
{
    /// <summary>Units arrive in the balance (receipt, found stock, the target of a move, a count above the book).</summary>
    public static LedgerEntry Add(WmsDbContext db, StockBalance balance, long quantity, LedgerContext context) =>
        Record(db, balance.Add(quantity, context));

    /// <summary>Units nobody reserved leave the balance (the source of a move, an adjustment down, a count below the book).</summary>
    public static LedgerEntry RemoveUnreserved(WmsDbContext db, StockBalance balance, long quantity, LedgerContext context) =>
        Record(db, balance.RemoveUnreserved(quantity, context));

    /// <summary>Reserved units leave the balance: a pick confirmed through EF Core (a short pick's found units).</summary>
    public static LedgerEntry PickReserved(WmsDbContext db, StockBalance balance, long quantity, LedgerContext context) =>
        Record(db, balance.PickReserved(quantity, context));

    private static LedgerEntry Record(WmsDbContext db, LedgerEntry entry)
    {
        // Before the row takes its id (at SaveChanges): ids commit in order across servers, and ledger followers wake
        // when the batch commits. A context outside the writer (the demo seed at start-up) has no batch and no followers yet.
        db.Writer?.AppendTo(DatabaseSignals.Ledger);
        db.Add(entry);
        return entry;
    }

    private static readonly BulkShape Balances = BulkShape.Update("stock_balances", ["id:bigint", "version:bigint"], ["on_hand:bigint", "reserved:bigint", "version:bigint"]);

    private static readonly BulkShape Entries = BulkShape.Insert(
        "ledger", "at:bigint", "warehouse_id:bigint", "bin_id:bigint", "sku_id:bigint", "lot:text", "stock_balance_id:bigint", "quantity:bigint",
        "reason:integer", "reason_code:text", "actor:text", "request_id:text", "reference:text", "note:text");

    /// <summary>
    /// The stock changes of prepared-SQL commands (the hot path), applied by the balance's rules as they come and
    /// written together by <see cref="Save"/>: each changed balance once with its last values, its ledger rows in order.
    /// </summary>
    public sealed class Changes
    {
        private readonly Dictionary<StockBalance, long> _readVersions = new(ReferenceEqualityComparer.Instance);
        private readonly List<LedgerEntry> _entries = [];

        /// <summary>Reserved units leave the balance: a pick confirmed.</summary>
        public LedgerEntry PickReserved(StockBalance balance, long quantity, LedgerContext context)
        {
            var read = balance.Version;
            var entry = balance.PickReserved(quantity, context);
            _readVersions.TryAdd(balance, read);
            _entries.Add(entry);
            return entry;
        }

        /// <summary>
        /// Writes the changed balances and their ledger rows, followed by the caller's own rows (each changing exactly
        /// one row), in one round trip on PostgreSQL. Each balance's version as it was read guards against a write that
        /// bypassed this writer (another server on the same database): then the caller's savepoint undoes everything,
        /// and the command runs again on what is there now.
        /// </summary>
        public void Save(SqlSession sql, params ReadOnlySpan<BulkRows> then)
        {
            var writes = new BulkRows[2 + then.Length];
            // By id: two servers' batches lock the balances they share in the same order, rather than deadlock.
            writes[0] = new BulkRows(Balances, _readVersions.OrderBy(b => b.Key.Id).Select(b => new object?[] { b.Key.Id, b.Value, b.Key.OnHand, b.Key.Reserved, b.Key.Version }).ToList());
            writes[1] = new BulkRows(Entries, _entries.Select(e => new object?[]
            {
                e.At.UtcTicks, e.WarehouseId, e.BinId, e.SkuId, e.Lot, e.StockBalanceId, e.Quantity, (int)e.Reason, e.ReasonCode, e.Actor, e.RequestId, e.Reference, e.Note,
            }).ToList());
            then.CopyTo(writes.AsSpan(2));
            sql.AppendTo(DatabaseSignals.Ledger);
            var expected = 0;
            foreach (var write in writes)
            {
                expected += write.Rows.Count;
            }

            if (sql.ExecuteBulk(writes) != expected)
            {
                throw DomainException.StockChanged();
            }
        }
    }
}
