using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Outbound;
using Wms.Server.Replenishment;

namespace Wms.Server.Picking;

/// <summary>
/// Less was in the bin than the task asked for. What was found is picked; the rest of the reservation
/// is released and reallocated from other bins (new tasks at the end of the same trip); what no bin has
/// is backordered; and the bin gets a cycle count, since its book quantity is now in doubt.
/// </summary>
public static class ShortPick
{
    public sealed record Command(string RequestId, string Actor, long TaskId, long QuantityFound, string Reason);

    public sealed record Result(long TaskId, long PickedQuantity, long ReallocatedQuantity, long BackorderedQuantity, bool CycleCountRaised, bool TripCompleted);

    public const string CycleCountReason = "short pick";

    public sealed class Handler(WriteBatcher writes, TimeProvider time, PickFaceWatch faces)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.TaskId, "task_id");
            RequireFound(command.QuantityFound);
            var reason = Require.NotEmpty(command.Reason, "reason", Limits.Reason);

            (long WarehouseId, long BinId, long SkuId) taken = default;
            var result = await writes.ExecuteAsync(
                new CommandInfo(nameof(ShortPick), command.Actor, requestId, string.Create(CultureInfo.InvariantCulture, $"task {command.TaskId}: found {command.QuantityFound} ({reason})")),
                async (db, ct) =>
                {
                    var (answer, row) = await ApplyAsync(db, command, requestId, reason, time.GetUtcNow(), ct);
                    taken = (row.Balance.WarehouseId, row.Balance.BinId, row.Sku.Id);
                    return answer;
                },
                cancellationToken);
            if (taken.BinId != 0)
            {
                // A short pick often means the face is empty: top it up now rather than at the next scan.
                faces.Taken(taken.WarehouseId, taken.BinId, taken.SkuId);
            }

            return result;
        }

        internal static void RequireFound(long quantityFound)
        {
            if (quantityFound is < 0 or > Limits.LineQuantity)
            {
                throw DomainException.Invalid("quantity_found", $"must be from 0 to {Limits.LineQuantity}, got {quantityFound}.");
            }
        }

        /// <summary>The short pick inside a caller's transaction (also <see cref="ReportPickException"/>'s first step); the command is validated.</summary>
        internal static async Task<(Result, PickTaskRow)> ApplyAsync(WmsDbContext db, Command command, string requestId, string reason, DateTimeOffset now, CancellationToken ct)
        {
            var row = PickTaskRow.Load(db, command.TaskId);
            row.EnsureWorkableBy(command.Actor);
            if (command.QuantityFound >= row.Remaining)
            {
                throw DomainException.Precondition($"not short: task {row.Task.Id} has {row.Remaining} left to pick and {command.QuantityFound} were found; confirm the pick instead.");
            }

            if (command.QuantityFound > 0)
            {
                if (await StockPlaces.LotHoldAsync(db, row.Task.BinId, row.Sku.Id, row.Balance.Lot, ct) is { } hold)
                {
                    throw DomainException.Invalid("quantity_found", $"must be 0: {LotHold.Describe(row.BinCode, row.Sku.Code, row.Balance.Lot, hold.Reason)} and none of it may be picked.");
                }

                row.Pick(db, command.QuantityFound, new LedgerContext(LedgerReason.Pick, command.Actor, requestId, now, "pick-task:" + row.Task.Id.ToString(CultureInfo.InvariantCulture)));
            }

            var missing = row.Task.Quantity - row.Task.PickedQuantity;
            row.Balance.ReleaseReservation(missing);
            row.Reservation.Quantity -= missing;
            row.Reservation.Open = row.Reservation.Quantity > 0;
            row.Line.AllocatedQuantity -= missing;
            row.Task.Status = PickTaskStatus.Short;
            row.Task.ShortReason = reason;

            // Not from the bin that just came up short: its book quantity waits for the count.
            var reserved = await Allocator.ReserveAsync(db, row.Trip.WarehouseId, [row.Line], row.Task.BinId, ct);
            await db.SaveChangesAsync(ct);
            var sequence = await db.Set<PickTask>().CountAsync(t => t.TripId == row.Trip.Id, ct);
            foreach (var r in reserved)
            {
                db.Add(new PickTask
                {
                    TripId = row.Trip.Id, Sequence = ++sequence, OrderId = row.Order.Id, OrderLineId = row.Line.Id, ReservationId = r.Reservation.Id,
                    BinId = r.Balance.BinId, SkuId = r.Balance.SkuId, Lot = r.Balance.Lot, Quantity = r.Reservation.Quantity,
                });
            }

            var cycleCountRaised = await RaiseCycleCountAsync(db, row, command.Actor, now, ct);
            await TripProgress.UpdateOrderAsync(db, row.Order, row.Line, ct);
            var tripCompleted = reserved.Count == 0 && await TripProgress.CompleteIfDoneAsync(db, row.Trip, ct);
            await db.SaveChangesAsync(ct);
            return (new Result(row.Task.Id, command.QuantityFound, reserved.Sum(r => r.Reservation.Quantity), row.Line.BackorderedQuantity, cycleCountRaised, tripCompleted), row);
        }

        /// <summary>One open count per bin is enough: a second short pick on it does not raise another.</summary>
        private static async Task<bool> RaiseCycleCountAsync(WmsDbContext db, PickTaskRow row, string actor, DateTimeOffset now, CancellationToken ct)
        {
            var binId = row.Task.BinId;
            if (await db.Set<CycleCount>().AnyAsync(c => c.BinId == binId && (c.Status == CycleCountStatus.Open || c.Status == CycleCountStatus.RecountRequested), ct))
            {
                return false;
            }

            db.Add(new CycleCount { WarehouseId = row.Trip.WarehouseId, BinId = binId, Reason = CycleCountReason, RaisedBy = actor, RaisedAt = now });
            return true;
        }
    }
}
