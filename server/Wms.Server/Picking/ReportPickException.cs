using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Alerts;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Picking;

public enum PickExceptionKind
{
    Damaged = 1,
    WrongItem = 2,
    BinBlocked = 3,
    Other = 4,
}

/// <summary>
/// A picker at a bin that cannot be picked from as asked (damaged goods, the wrong item in it, blocked) says so
/// from the handheld's exceptions menu. Picking alone cannot put that right, so in one transaction: the short
/// pick as <see cref="ShortPick"/> records it (good units found are picked, the rest reallocated or
/// backordered, a cycle count on the bin), the bin goes on hold as <see cref="PlaceHold"/> holds it (so no
/// allocation sends the next picker there; for damaged goods only the task's SKU and lot in the bin, so its other
/// lots stay pickable; either way open replenishment from or to the held stock is cancelled), and a
/// PICK_EXCEPTION alert tells the supervisors who, where, what and why. A picker may not place holds in general (PlaceHold is for supervisors); this is the one hold a
/// picker causes, and only for an open task of their own trip in progress.
/// </summary>
public static class ReportPickException
{
    public sealed record Command(string RequestId, string Actor, long TaskId, PickExceptionKind Kind, long QuantityFound, string Note);

    /// <param name="HeldSkuCode">Set when only the task's SKU and lot in the bin went on hold (damaged), empty when the bin did.</param>
    public sealed record Result(ShortPick.Result Short, string HeldBinCode, string HoldReason, long AlertId, string HeldSkuCode = "", string HeldLot = "", int TasksCancelled = 0);

    public sealed class Handler(WriteBatcher writes, IEnumerable<IHoldFollowUp> holdFollowUps, TimeProvider time)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            if (!Enum.IsDefined(command.Kind))
            {
                throw DomainException.Invalid("kind", "must be DAMAGED, WRONG_ITEM, BIN_BLOCKED or OTHER.");
            }

            ShortPick.Handler.RequireFound(command.QuantityFound);
            if (command.Kind == PickExceptionKind.BinBlocked && command.QuantityFound > 0)
            {
                throw DomainException.Invalid("quantity_found", "must be 0 for a blocked bin: nothing can be taken from a bin that cannot be reached.");
            }

            var note = command.Kind == PickExceptionKind.Other ? Require.NotEmpty(command.Note, "note", Limits.Reason) : Require.Optional(command.Note, "note", Limits.Reason);
            var reason = Cut(Words(command.Kind, note), Limits.Reason);
            var summary = string.Create(CultureInfo.InvariantCulture, $"task {command.TaskId}: {reason}, found {command.QuantityFound}");
            // Unlike ShortPick, no top-up of the face is asked for: the bin is on hold until a supervisor has looked at it.
            return await writes.ExecuteAsync(new CommandInfo(nameof(ReportPickException), command.Actor, requestId, summary), async (db, sql, ct) =>
            {
                var now = time.GetUtcNow();
                var shortCommand = new ShortPick.Command(requestId, command.Actor, command.TaskId, command.QuantityFound, reason);
                var (shorted, row) = await ShortPick.Handler.ApplyAsync(db, shortCommand, requestId, reason, now, ct);

                var bin = await db.Set<Bin>().FirstAsync(b => b.Id == row.Task.BinId, ct);
                var holdReason = Cut(string.Create(CultureInfo.InvariantCulture, $"pick exception: {reason} ({command.Actor}, pick task {row.Task.Id})"), Limits.Reason);
                // Damaged goods are that lot's problem: the bin's other lots (and SKUs) stay pickable. The other kinds
                // are about the bin itself (what is in it, whether it can be reached).
                var lotOnly = command.Kind == PickExceptionKind.Damaged;
                var cancelled = lotOnly
                    ? await PlaceHold.HoldLotAsync(db, holdFollowUps, bin, row.Sku, row.Balance.Lot, holdReason, command.Actor, now, ct)
                    : await PlaceHold.HoldBinAsync(db, holdFollowUps, bin, holdReason, command.Actor, now, ct);

                // Written after the context's changes, on the same connection and transaction: the alert exists
                // exactly when the short pick and the hold do.
                var warehouseCode = await db.Set<Warehouse>().Where(w => w.Id == row.Trip.WarehouseId).Select(w => w.Code).FirstAsync(ct);
                var lot = row.Task.Lot.Length > 0 ? " lot " + row.Task.Lot : "";
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"{command.Actor} at bin {row.BinCode}, SKU {row.Sku.Code}{lot}, order {row.Order.Reference}: {reason}. {shorted.PickedQuantity} picked, "
                    + $"{shorted.ReallocatedQuantity} from another bin, {shorted.BackorderedQuantity} backordered. "
                    + $"{(lotOnly ? $"SKU {row.Sku.Code}{lot} in {row.BinCode}" : row.BinCode)} is on hold until released.");
                var alert = AlertStore.Raise(sql, row.Trip.WarehouseId, warehouseCode, AlertKind.PickException, Cut($"{row.BinCode}/{row.Sku.Code}", 64), message, now);
                return new Result(shorted, bin.Code, holdReason, alert.Id, lotOnly ? row.Sku.Code : "", lotOnly ? row.Balance.Lot : "", cancelled);
            }, cancellationToken);
        }

        /// <summary>The reason in the floor's words: the kind, with the picker's note after it (the note alone for "other").</summary>
        private static string Words(PickExceptionKind kind, string note)
        {
            var words = kind switch
            {
                PickExceptionKind.Damaged => "damaged",
                PickExceptionKind.WrongItem => "wrong item in bin",
                PickExceptionKind.BinBlocked => "bin blocked",
                _ => "",
            };
            return words.Length == 0 ? note : note.Length == 0 ? words : $"{words}: {note}";
        }

        private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
    }
}
