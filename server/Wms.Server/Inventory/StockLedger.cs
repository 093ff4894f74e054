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

    /// <summary>
    /// The prepared-SQL twin of <see cref="PickReserved(WmsDbContext, StockBalance, long, LedgerContext)"/> for the hot path:
    /// the rule runs on the entity, and the balance and its ledger row are written by <see cref="Save"/>.
    /// </summary>
    public static LedgerEntry PickReserved(StockBalance balance, long quantity, LedgerContext context) =>
        balance.PickReserved(quantity, context);

    private static LedgerEntry Record(WmsDbContext db, LedgerEntry entry)
    {
        // Before the row takes its id (at SaveChanges): ids commit in order across servers, and ledger followers wake
        // when the batch commits. A context outside the writer (the demo seed at start-up) has no batch and no followers yet.
        db.Writer?.AppendTo(DatabaseSignals.Ledger);
        db.Add(entry);
        return entry;
    }

    /// <summary>
    /// Writes a balance changed by a rule above and its ledger row, followed by the caller's own statements in the
    /// same command (one round trip on PostgreSQL). The balance's version guards against a write that bypassed the
    /// single writer (another server on the same database): then nothing is kept and the caller's savepoint undoes the rest.
    /// </summary>
    /// <param name="then">Built once per call site by <see cref="SqlWrite.Then"/>; its statements number their arguments from <see cref="SqlWrite.FirstArgument"/>.</param>
    public static void Save(SqlSession sql, SqlWrite then, StockBalance balance, LedgerEntry entry, params ReadOnlySpan<object?> thenArguments)
    {
        var args = new object?[SqlWrite.FirstArgument + thenArguments.Length];
        args[0] = balance.OnHand;
        args[1] = balance.Reserved;
        args[2] = balance.Version;
        args[3] = balance.Id;
        args[4] = balance.Version - 1;
        args[5] = entry.At.UtcTicks;
        args[6] = entry.WarehouseId;
        args[7] = entry.BinId;
        args[8] = entry.SkuId;
        args[9] = entry.Lot;
        args[10] = entry.Quantity;
        args[11] = (int)entry.Reason;
        args[12] = entry.ReasonCode;
        args[13] = entry.Actor;
        args[14] = entry.RequestId;
        args[15] = entry.Reference;
        args[16] = entry.Note;
        thenArguments.CopyTo(args.AsSpan(SqlWrite.FirstArgument));
        sql.AppendTo(DatabaseSignals.Ledger);
        if (sql.Execute(then.Text, args) != 2 + then.Rows)
        {
            throw DomainException.StockChanged();
        }
    }

    /// <summary>The balance update and ledger insert, then a caller's statements that each change exactly one row.</summary>
    public sealed class SqlWrite
    {
        public const int FirstArgument = 17;

        private const string BalanceAndLedger = """
            UPDATE stock_balances SET on_hand = @p0, reserved = @p1, version = @p2 WHERE id = @p3 AND version = @p4;
            INSERT INTO ledger (at, warehouse_id, bin_id, sku_id, lot, stock_balance_id, quantity, reason, reason_code, actor, request_id, reference, note)
            VALUES (@p5, @p6, @p7, @p8, @p9, @p3, @p10, @p11, @p12, @p13, @p14, @p15, @p16);
            """;

        private SqlWrite(string text, int rows) => (Text, Rows) = (text, rows);

        public string Text { get; }

        public int Rows { get; }

        /// <param name="statements">Statements whose arguments start at @p17, each changing exactly one row.</param>
        /// <param name="rows">How many rows they change together.</param>
        public static SqlWrite Then(string statements, int rows) => new(BalanceAndLedger + "\n" + statements, rows);
    }
}
