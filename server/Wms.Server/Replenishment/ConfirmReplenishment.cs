using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Replenishment;

/// <summary>
/// The handheld's replenishment flow: scan the reserve bin, the item, the quantity and the pick face. The stock
/// moves through the same path as MoveStock (two ledger rows, reason Replenishment, capacity and mix checks on
/// the face) in the same transaction as the task's progress. Less than asked leaves the rest open, unless the
/// operator closes the task (the reserve bin had less than the book said).
/// </summary>
public static class ConfirmReplenishment
{
    public sealed record Command(string RequestId, string Actor, long TaskId, string ScannedFromBin, string ScannedSku, string Lot, long Quantity, string ScannedToBin, bool Close = false);

    public sealed record Result(long TaskId, long MovedQuantity, long Remaining, bool Done, long FaceOnHand, long LedgerPosition);

    public sealed class Handler(WriteBatcher writes, TimeProvider time, IOptions<ReplenishmentOptions> options)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            var fromScan = Require.NotEmpty(command.ScannedFromBin, "scanned_from_bin_code");
            var skuScan = Require.NotEmpty(command.ScannedSku, "scanned_sku");
            var toScan = Require.NotEmpty(command.ScannedToBin, "scanned_to_bin_code");
            Require.Positive(command.Quantity, "quantity");
            var summary = string.Create(CultureInfo.InvariantCulture, $"task {command.TaskId}: {command.Quantity}");
            return writes.ExecuteAsync(new CommandInfo(nameof(ConfirmReplenishment), command.Actor, requestId, summary), async (db, ct) =>
            {
                var task = await ClaimReplenishment.LoadAsync(db, command.TaskId, ct);
                var now = time.GetUtcNow();
                // First: a task cancelled by a hold, or another operator's, is refused for that reason whatever was scanned.
                task.Claim(command.Actor, now, options.Value.ClaimTimeout);
                var from = await db.Set<Bin>().AsNoTracking().FirstAsync(b => b.Id == task.FromBinId, ct);
                var to = await db.Set<Bin>().AsNoTracking().FirstAsync(b => b.Id == task.ToBinId, ct);
                var sku = await db.Set<Sku>().AsNoTracking().FirstAsync(s => s.Id == task.SkuId, ct);
                var warehouseCode = await db.Set<Warehouse>().Where(w => w.Id == task.WarehouseId).Select(w => w.Code).FirstAsync(ct);
                if (fromScan != from.Code)
                {
                    throw DomainException.Precondition($"wrong bin: expected {from.Code}, scanned {fromScan}");
                }

                if (skuScan != sku.Code && !await db.Set<SkuBarcode>().AnyAsync(b => b.Barcode == skuScan && b.SkuId == sku.Id, ct))
                {
                    throw DomainException.Precondition($"wrong item: expected {sku.Code}, scanned {skuScan}");
                }

                var lot = (command.Lot ?? "").Trim();
                if (sku.LotTracked && lot != task.Lot)
                {
                    throw lot.Length == 0
                        ? DomainException.Invalid("lot", $"is required: SKU {sku.Code} is lot-tracked (expected lot {task.Lot}).")
                        : DomainException.Precondition($"wrong lot: expected {task.Lot}, scanned {lot}");
                }

                if (toScan != to.Code)
                {
                    throw DomainException.Precondition($"wrong pick face: expected {to.Code}, scanned {toScan}");
                }

                task.Record(command.Quantity, command.Close, command.Actor, now, options.Value.ClaimTimeout);
                await EnsureWithinMaxAsync(db, task, to, sku, command.Quantity, ct);
                var context = new LedgerContext(LedgerReason.Replenishment, command.Actor, requestId, now, "replenishment-task:" + task.Id.ToString(CultureInfo.InvariantCulture));
                var moved = await MoveStock.Handler.ApplyAsync(db, warehouseCode, from.Code, to.Code, sku.Code, task.Lot, command.Quantity, context, ct);
                return new Result(task.Id, task.MovedQuantity, task.Remaining, task.Status == ReplenishmentTaskStatus.Done, moved.ToBinOnHand, moved.LedgerPosition);
            }, cancellationToken);
        }

        /// <summary>A face never receives more than its max, even when stock reached it another way since the task was planned.</summary>
        private static async Task EnsureWithinMaxAsync(WmsDbContext db, ReplenishmentTask task, Bin face, Sku sku, long quantity, CancellationToken ct)
        {
            var max = await db.Set<PickFace>().Where(f => f.BinId == task.ToBinId && f.SkuId == task.SkuId).Select(f => (long?)f.MaxQuantity).FirstOrDefaultAsync(ct);
            var onHand = await db.Set<StockBalance>().Where(s => s.BinId == task.ToBinId && s.SkuId == task.SkuId).SumAsync(s => s.OnHand, ct);
            if (max is { } limit && onHand + quantity > limit)
            {
                throw DomainException.Precondition($"Pick face {face.Code} holds {onHand} of SKU {sku.Code} with a max of {limit}: {quantity} more would exceed it; move {Math.Max(0, limit - onHand)} or close the task.");
            }
        }
    }
}
