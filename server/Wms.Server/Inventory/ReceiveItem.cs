using Microsoft.EntityFrameworkCore;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// One scan at the dock: the goods go into a dock or staging bin against their receipt line, as a ledger
/// row (reason Receipt, reference "receipt:&lt;ref&gt;") and a balance change in the same transaction.
/// </summary>
public static class ReceiveItem
{
    public sealed record Command(
        string RequestId, string Actor, string WarehouseCode, string ReceiptReference, string? SkuCode, string? Barcode,
        string? Lot, string? Expiry, long Quantity, string BinCode);

    public sealed record Result(
        string SkuCode, string Lot, string BinCode, long BinOnHand, long LineExpectedQuantity, long LineReceivedQuantity,
        ReceiptStatus ReceiptStatus, long LedgerPosition);

    public sealed class Handler(WriteBatcher writes, TimeProvider time)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code", Limits.WarehouseCode);
            var reference = Require.NotEmpty(command.ReceiptReference, "receipt_reference", Limits.Reference);
            var binCode = Require.NotEmpty(command.BinCode, "bin_code", Limits.BinCode);
            Require.Quantity(command.Quantity, "quantity");
            var skuCode = Require.Optional(command.SkuCode, "sku_code", Limits.SkuCode);
            var barcode = Require.Optional(command.Barcode, "barcode", Limits.Barcode);
            Require.Optional(command.Lot, "lot", Limits.Lot);
            if (skuCode.Length == 0 && barcode.Length == 0)
            {
                throw DomainException.Invalid("sku_code", "is required (or a barcode of the SKU).");
            }

            if (!string.IsNullOrWhiteSpace(command.Expiry))
            {
                Require.Date(command.Expiry, "expiry");
            }

            return writes.ExecuteAsync(
                new CommandInfo(nameof(ReceiveItem), command.Actor, requestId, $"{command.Quantity} of {(skuCode.Length > 0 ? skuCode : barcode)} into {binCode} for {reference}"),
                async (db, ct) =>
                {
                    var warehouseId = await LayoutLookup.WarehouseIdAsync(db, warehouseCode, ct);
                    var receipt = await db.Set<Receipt>().Include(r => r.Lines).FirstOrDefaultAsync(r => r.WarehouseId == warehouseId && r.Reference == reference, ct)
                        ?? throw DomainException.NotFound("Receipt", $"{warehouseCode}/{reference}");
                    var sku = skuCode.Length == 0
                        ? await CatalogLookup.SkuByBarcodeAsync(db, barcode, ct)
                        : await CatalogLookup.SkuAsync(db, skuCode, ct);
                    var lot = StockPlaces.LotFor(sku, command.Lot, "lot");
                    var expiry = StockPlaces.ExpiryFor(sku, command.Expiry, "expiry", required: true);
                    var line = receipt.Lines.FirstOrDefault(l => l.SkuId == sku.Id)
                        ?? throw DomainException.Precondition($"SKU {sku.Code} is not on receipt {reference}: receive it against a receipt that expects it.");
                    if (receipt.Status == ReceiptStatus.Closed)
                    {
                        throw DomainException.Precondition($"Receipt {reference} is closed: everything expected has been received.");
                    }

                    if (line.ReceivedQuantity + command.Quantity > line.ExpectedQuantity)
                    {
                        throw DomainException.Precondition(
                            $"Receipt {reference} expects {line.ExpectedQuantity} of SKU {sku.Code} and {line.ReceivedQuantity} are received: {command.Quantity} more would be over the receipt.");
                    }

                    var bin = await LayoutLookup.BinAsync(db, warehouseId, warehouseCode, binCode, ct);
                    if (bin.Kind is not (BinKind.Dock or BinKind.Staging))
                    {
                        throw DomainException.Precondition($"Bin {bin.Code} is a {bin.Kind} bin: receive into a dock or staging bin, then put away.");
                    }

                    await StockPlaces.EnsureBinTakesAsync(db, bin, sku, lot, command.Quantity, ct);
                    var now = time.GetUtcNow();
                    var balance = await StockPlaces.BalanceForAddAsync(db, bin, sku, lot, expiry, now, ct);
                    var entry = StockLedger.Add(db, balance, command.Quantity, new LedgerContext(LedgerReason.Receipt, command.Actor, requestId, now, "receipt:" + reference));
                    line.ReceivedQuantity += command.Quantity;
                    receipt.Status = receipt.Lines.All(l => l.ReceivedQuantity >= l.ExpectedQuantity) ? ReceiptStatus.Closed : ReceiptStatus.Receiving;
                    await db.SaveChangesAsync(ct);
                    return new Result(sku.Code, lot, bin.Code, balance.OnHand, line.ExpectedQuantity, line.ReceivedQuantity, receipt.Status, entry.Id);
                },
                cancellationToken);
        }
    }
}
