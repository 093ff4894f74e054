using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// Moves unreserved stock from one bin to another: two ledger rows (out of the source, into the
/// destination) in one transaction. ConfirmPutaway is the same move with ledger reason Putaway.
/// </summary>
public static class MoveStock
{
    public sealed record Command(
        string RequestId, string Actor, string WarehouseCode, string FromBinCode, string ToBinCode, string SkuCode, string? Lot, long Quantity,
        LedgerReason Reason = LedgerReason.Move);

    public sealed record Result(long FromBinOnHand, long ToBinOnHand, long LedgerPosition);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var fromCode = Require.NotEmpty(command.FromBinCode, "from_bin_code", Limits.BinCode);
            var toCode = Require.NotEmpty(command.ToBinCode, "to_bin_code", Limits.BinCode);
            var skuCode = Require.NotEmpty(command.SkuCode, "sku_code", Limits.SkuCode);
            Require.Quantity(command.Quantity, "quantity");
            Require.Optional(command.Lot, "lot", Limits.Lot);
            if (fromCode == toCode)
            {
                throw DomainException.Invalid("to_bin_code", $"is the same bin as from_bin_code ({fromCode}).");
            }

            if (command.Reason is not (LedgerReason.Move or LedgerReason.Putaway or LedgerReason.Replenishment))
            {
                throw new ArgumentException("A move is a move, a putaway or a replenishment.", nameof(command));
            }

            var name = command.Reason == LedgerReason.Putaway ? "ConfirmPutaway" : nameof(MoveStock);
            return writes.ExecuteAsync(new CommandInfo(name, command.Actor, requestId, $"{command.Quantity} of {skuCode} {fromCode} -> {toCode}"), (db, ct) =>
            {
                var reference = $"{(command.Reason == LedgerReason.Putaway ? "putaway" : "move")}:{fromCode}>{toCode}";
                var context = new LedgerContext(command.Reason, command.Actor, requestId, time.GetUtcNow(), reference[..Math.Min(reference.Length, 100)]);
                return ApplyAsync(db, warehouseCode, fromCode, toCode, skuCode, command.Lot, command.Quantity, context, ct);
            }, cancellationToken);
        }

        /// <summary>
        /// The move itself, inside the caller's writer transaction: free stock out of the source, into the
        /// destination if it takes it (hold, mix policy, capacity), one ledger row each. Replenishment tasks move
        /// stock through here too.
        /// </summary>
        internal static async Task<Result> ApplyAsync(
            WmsDbContext db, string warehouseCode, string fromCode, string toCode, string skuCode, string? lotGiven, long quantity, LedgerContext context, CancellationToken ct)
        {
            var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
            var sku = await CatalogLookup.SkuAsync(db, skuCode, ct);
            var lot = StockPlaces.LotFor(sku, lotGiven, "lot");
            var from = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, fromCode, ct);
            var to = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, toCode, ct);
            var source = await StockPlaces.BalanceAsync(db, from.Id, sku.Id, lot, ct);
            if (source is null || source.Available < quantity)
            {
                throw DomainException.Precondition(
                    $"Bin {from.Code} has {source?.Available ?? 0} of SKU {sku.Code}{(lot.Length == 0 ? "" : $" lot '{lot}'")} free to move ({source?.OnHand ?? 0} on hand, {source?.Reserved ?? 0} reserved); {quantity} asked.");
            }

            // Held stock may leave its bin only for quarantine (where it stays out of allocation by the bin's kind).
            if (to.Kind != BinKind.Quarantine && await StockPlaces.LotHoldAsync(db, from.Id, sku.Id, lot, ct) is { } hold)
            {
                throw DomainException.Precondition($"{LotHold.Describe(from.Code, sku.Code, lot, hold.Reason)}: it moves only into a quarantine bin until the hold is released.");
            }

            await StockPlaces.EnsureBinTakesAsync(db, to, sku, lot, quantity, ct);
            StockLedger.RemoveUnreserved(db, source, quantity, context);
            var target = await StockPlaces.BalanceForAddAsync(db, to, sku, lot, source.Expiry, source.ReceivedAt, ct);
            var entry = StockLedger.Add(db, target, quantity, context);
            await db.SaveChangesAsync(ct);
            return new Result(source.OnHand, target.OnHand, entry.Id);
        }
    }
}
