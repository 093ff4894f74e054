using System.Globalization;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Outbound;
using Wms.Server.Replenishment;

namespace Wms.Server.Picking;

/// <summary>
/// The picker scanned the bin and the item and confirms a quantity. The hot path, so it runs as prepared
/// SQL on the writer's connection: one query by primary keys loads the task with its trip, bin, SKU,
/// reservation, balance, line and order; wrong scans and over-picks are refused before anything changes;
/// the rules on the entities decide, and only the changed columns are written.
/// </summary>
public static class ConfirmPick
{
    public sealed record Command(string RequestId, string Actor, long TaskId, string ScannedBinCode, string ScannedSku, string Lot, long Quantity);

    public sealed record Result(long TaskId, long PickedQuantity, long QuantityRemaining, bool TaskDone, bool TripCompleted, string OrderReference, OrderStatus OrderStatus);

    public sealed class Handler(WriteBatcher writes, TimeProvider time, PickFaceWatch faces)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            var scannedBin = Require.NotEmpty(command.ScannedBinCode, "scanned_bin_code", Limits.BinCode);
            var scannedSku = Require.NotEmpty(command.ScannedSku, "scanned_sku", Limits.Barcode);
            var lot = Require.Optional(command.Lot, "lot", Limits.Lot);
            // Zero (the field left out) confirms what remains on the task, as Enter does on the handheld.
            if (command.Quantity != 0)
            {
                Require.Quantity(command.Quantity, "quantity");
            }

            var asked = command.Quantity == 0 ? "the rest" : command.Quantity.ToString(CultureInfo.InvariantCulture);
            (long WarehouseId, long BinId, long SkuId) taken = default;
            var result = await writes.ExecuteSqlAsync(
                new CommandInfo(nameof(ConfirmPick), command.Actor, requestId, string.Create(CultureInfo.InvariantCulture, $"task {command.TaskId}: {asked}")),
                sql =>
                {
                    var row = PickTaskRow.Load(sql, command.TaskId);
                    row.EnsureWorkableBy(command.Actor);
                    EnsureScansMatch(sql, row, scannedBin, scannedSku, lot);
                    LotHold.EnsureNotHeld(row.HoldReason, row.BinCode, row.Sku.Code, row.Balance.Lot);
                    var quantity = command.Quantity == 0 ? row.Remaining : command.Quantity;
                    if (quantity > row.Remaining)
                    {
                        throw DomainException.Precondition($"over-pick: task {row.Task.Id} has {row.Remaining} left to pick in bin {row.BinCode}, {quantity} confirmed.");
                    }

                    var ledger = new LedgerContext(LedgerReason.Pick, command.Actor, requestId, time.GetUtcNow(), "pick-task:" + row.Task.Id.ToString(CultureInfo.InvariantCulture));
                    var orderStatusBefore = row.Order.Status;
                    var entry = row.TakeReserved(quantity, ledger);
                    var tripCompleted = row.SavePick(sql, entry, orderStatusBefore);
                    taken = (row.Balance.WarehouseId, row.Balance.BinId, row.Sku.Id);
                    return new Result(row.Task.Id, row.Task.PickedQuantity, row.Remaining, row.Task.Status != PickTaskStatus.Open, tripCompleted, row.Order.Reference, row.Order.Status);
                },
                cancellationToken);
            if (taken.BinId != 0)
            {
                // After the commit (a replay changes nothing and tells nothing): the face may now be below its min.
                faces.Taken(taken.WarehouseId, taken.BinId, taken.SkuId);
            }

            return result;
        }

        /// <summary>Specific messages, so the picker hears at once what was wrong (wrong bin: expected A-01-02, scanned A-01-03).</summary>
        private static void EnsureScansMatch(SqlSession sql, PickTaskRow row, string scannedBin, string scannedSku, string lot)
        {
            if (!string.Equals(scannedBin, row.BinCode, StringComparison.Ordinal))
            {
                throw DomainException.Precondition($"wrong bin: expected {row.BinCode}, scanned {scannedBin}");
            }

            if (!string.Equals(scannedSku, row.Sku.Code, StringComparison.Ordinal) && !row.IsBarcodeOfSku(sql, scannedSku))
            {
                throw DomainException.Precondition($"wrong item: expected {row.Sku.Code}, scanned {scannedSku}");
            }

            if (row.Sku.LotTracked)
            {
                if (lot.Length == 0)
                {
                    throw DomainException.Invalid("lot", $"is required: SKU {row.Sku.Code} is lot-tracked (expected lot {row.Task.Lot}).");
                }

                if (!string.Equals(lot, row.Task.Lot, StringComparison.Ordinal))
                {
                    throw DomainException.Precondition($"wrong lot: expected {row.Task.Lot}, scanned {lot}");
                }
            }
        }
    }
}
