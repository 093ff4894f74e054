using System.Globalization;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Outbound;
using Wms.Server.Replenishment;

namespace Wms.Server.Picking;

/// <summary>
/// The picker scanned the bin and the item and confirms a quantity. The hot path, so it runs as prepared SQL on the
/// writer's connection, and the confirmations waiting in one batch run together (<see cref="IGroupedCommand{TCommand, TResult}"/>):
/// one query by primary keys loads every task with its trip, bin, SKU, reservation, balance, line and order; each
/// confirmation in turn is checked (wrong scans and over-picks are refused before anything changes) and the rules on
/// the entities decide; then only the changed columns are written, one statement per table.
/// </summary>
public static class ConfirmPick
{
    public sealed record Command(string RequestId, string Actor, long TaskId, string ScannedBinCode, string ScannedSku, string Lot, long Quantity);

    public sealed record Result(long TaskId, long PickedQuantity, long QuantityRemaining, bool TaskDone, bool TripCompleted, string OrderReference, OrderStatus OrderStatus);

    public sealed class Handler(WriteBatcher writes, TimeProvider time, PickFaceWatch faces)
    {
        private readonly Group _group = new(time);

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
            var work = new Work(command with { RequestId = requestId, ScannedBinCode = scannedBin, ScannedSku = scannedSku, Lot = lot });
            var result = await writes.ExecuteGroupedAsync(
                new CommandInfo(nameof(ConfirmPick), command.Actor, requestId, string.Create(CultureInfo.InvariantCulture, $"task {command.TaskId}: {asked}")),
                _group,
                work,
                cancellationToken);
            if (work.Taken is { } taken)
            {
                // After the commit (a replay changes nothing and tells nothing): the face may now be below its min.
                faces.Taken(taken.WarehouseId, taken.BinId, taken.SkuId);
            }

            return result;
        }
    }

    /// <summary>One confirmation on its way through the writer; it notes what it took, for the pick-face watch.</summary>
    private sealed class Work(Command command)
    {
        public Command Command { get; } = command;

        public (long WarehouseId, long BinId, long SkuId)? Taken { get; set; }
    }

    private sealed class Group(TimeProvider time) : IGroupedCommand<Work, Result>
    {
        public IReadOnlyList<Outcome<Result>> Run(SqlSession sql, IReadOnlyList<Work> works)
        {
            var rows = PickTaskRow.PickTaskRows.Load(sql, works.Select(w => w.Command.TaskId).Distinct().ToList(), works.Select(w => w.Command.ScannedSku).Distinct().ToList());
            var outcomes = new Outcome<Result>[works.Count];
            var tripsDone = new List<(int Index, Trip Trip)>();
            for (var i = 0; i < works.Count; i++)
            {
                var command = works[i].Command;
                try
                {
                    var row = rows[command.TaskId];
                    row.EnsureWorkableBy(command.Actor);
                    EnsureScansMatch(rows, row, command);
                    LotHold.EnsureNotHeld(row.HoldReason, row.BinCode, row.Sku.Code, row.Balance.Lot);
                    var quantity = command.Quantity == 0 ? row.Remaining : command.Quantity;
                    if (quantity > row.Remaining)
                    {
                        throw DomainException.Precondition($"over-pick: task {row.Task.Id} has {row.Remaining} left to pick in bin {row.BinCode}, {quantity} confirmed.");
                    }

                    var ledger = new LedgerContext(LedgerReason.Pick, command.Actor, command.RequestId, time.GetUtcNow(), "pick-task:" + row.Task.Id.ToString(CultureInfo.InvariantCulture));
                    if (rows.Take(row, quantity, ledger))
                    {
                        tripsDone.Add((i, row.Trip));
                    }

                    works[i].Taken = (row.Balance.WarehouseId, row.Balance.BinId, row.Sku.Id);
                    outcomes[i] = Outcome<Result>.Done(new Result(row.Task.Id, row.Task.PickedQuantity, row.Remaining, row.Task.Status != PickTaskStatus.Open, false, row.Order.Reference, row.Order.Status));
                }
                catch (DomainException ex)
                {
                    outcomes[i] = Outcome<Result>.Refused(ex);
                }
            }

            rows.Save(sql);
            // Closing a trip reads what was just written: its last task, and its wave's other trips.
            foreach (var (index, trip) in tripsDone)
            {
                outcomes[index] = Outcome<Result>.Done(outcomes[index].Result! with { TripCompleted = TripProgress.CompleteIfDone(sql, trip) });
            }

            return outcomes;
        }

        /// <summary>Specific messages, so the picker hears at once what was wrong (wrong bin: expected A-01-02, scanned A-01-03).</summary>
        private static void EnsureScansMatch(PickTaskRow.PickTaskRows rows, PickTaskRow row, Command command)
        {
            if (!string.Equals(command.ScannedBinCode, row.BinCode, StringComparison.Ordinal))
            {
                throw DomainException.Precondition($"wrong bin: expected {row.BinCode}, scanned {command.ScannedBinCode}");
            }

            if (!string.Equals(command.ScannedSku, row.Sku.Code, StringComparison.Ordinal) && !rows.IsBarcodeOf(command.ScannedSku, row.Sku.Id))
            {
                throw DomainException.Precondition($"wrong item: expected {row.Sku.Code}, scanned {command.ScannedSku}");
            }

            if (row.Sku.LotTracked)
            {
                if (command.Lot.Length == 0)
                {
                    throw DomainException.Invalid("lot", $"is required: SKU {row.Sku.Code} is lot-tracked (expected lot {row.Task.Lot}).");
                }

                if (!string.Equals(command.Lot, row.Task.Lot, StringComparison.Ordinal))
                {
                    throw DomainException.Precondition($"wrong lot: expected {row.Task.Lot}, scanned {command.Lot}");
                }
            }
        }
    }
}
