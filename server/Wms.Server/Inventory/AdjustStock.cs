using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

public enum AdjustmentReason
{
    Damaged = 1,
    Found = 2,
    Lost = 3,
    CountVariance = 4,
    Other = 5,
}

/// <summary>
/// A supervisor's correction of one bin, SKU and lot, up or down, with a reason code and a note. It never
/// takes reserved stock: release or reallocate the reservation first.
/// </summary>
public static class AdjustStock
{
    public sealed record Command(
        string RequestId, string Actor, string WarehouseCode, string BinCode, string SkuCode, string? Lot, long Quantity,
        AdjustmentReason Reason, string? Note, string? Expiry);

    public sealed record Result(long OnHand, long Reserved, long LedgerPosition);

    public static string Code(AdjustmentReason reason) => reason switch
    {
        AdjustmentReason.Damaged => "damaged",
        AdjustmentReason.Found => "found",
        AdjustmentReason.Lost => "lost",
        AdjustmentReason.CountVariance => "count_variance",
        _ => "other",
    };

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            var skuCode = Require.NotEmpty(command.SkuCode, "sku_code", Limits.SkuCode);
            if (command.Quantity == 0)
            {
                throw DomainException.Invalid("quantity", "must not be zero: positive adds stock, negative takes it out.");
            }

            if (command.Quantity is > Limits.LineQuantity or < -Limits.LineQuantity)
            {
                throw DomainException.Invalid("quantity", $"must be from -{Limits.LineQuantity} to {Limits.LineQuantity} units, got {command.Quantity}.");
            }

            if (!Enum.IsDefined(command.Reason))
            {
                throw DomainException.Invalid("reason", "must be damaged, found, lost, count_variance or other.");
            }

            var note = Require.Optional(command.Note, "note", Limits.Text);
            Require.Optional(command.Lot, "lot", Limits.Lot);

            if (!string.IsNullOrWhiteSpace(command.Expiry))
            {
                Require.Date(command.Expiry, "expiry");
            }

            return writes.ExecuteAsync(new CommandInfo(nameof(AdjustStock), command.Actor, requestId, $"{command.Quantity:+0;-0} of {skuCode} in {binCode} ({Code(command.Reason)})"), async (db, ct) =>
            {
                var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                var sku = await CatalogLookup.SkuAsync(db, skuCode, ct);
                var lot = StockPlaces.LotFor(sku, command.Lot, "lot");
                var now = time.GetUtcNow();
                var context = new LedgerContext(LedgerReason.Adjustment, command.Actor, requestId, now, "adjustment:" + bin.Code, Code(command.Reason), note);
                StockBalance balance;
                LedgerEntry entry;
                if (command.Quantity > 0)
                {
                    // Found stock is where it was found: no hold, mix or capacity check stands in its way.
                    balance = await StockPlaces.BalanceForAddAsync(db, bin, sku, lot, StockPlaces.ExpiryFor(sku, command.Expiry, "expiry", required: false), now, ct);
                    entry = StockLedger.Add(db, balance, command.Quantity, context);
                }
                else
                {
                    balance = await StockPlaces.BalanceAsync(db, bin.Id, sku.Id, lot, ct)
                        ?? throw DomainException.Precondition($"Bin {bin.Code} holds no SKU {sku.Code}{(lot.Length == 0 ? "" : $" lot '{lot}'")}: nothing to take out.");
                    if (-command.Quantity > balance.Available)
                    {
                        throw DomainException.Precondition(
                            $"Bin {bin.Code} has {balance.Available} of SKU {sku.Code} free ({balance.OnHand} on hand, {balance.Reserved} reserved): cannot take out {-command.Quantity}. Resolve the reservations first.");
                    }

                    entry = StockLedger.RemoveUnreserved(db, balance, -command.Quantity, context);
                }

                await db.SaveChangesAsync(ct);
                return new Result(balance.OnHand, balance.Reserved, entry.Id);
            }, cancellationToken);
        }
    }
}
