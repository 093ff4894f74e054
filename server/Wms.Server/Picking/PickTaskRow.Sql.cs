using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// The pick confirmation's row in plain SQL: the entities are filled with the columns a confirmation
/// reads and writes (no more), so the rules on them run unchanged, and <see cref="SavePick"/> writes back
/// exactly what <see cref="TakeReserved"/> changed.
/// </summary>
internal sealed partial record PickTaskRow
{
    private const string SelectRow = """
        SELECT t.trip_id, t.status, t.quantity, t.picked_quantity, t.lot, t.order_id, t.order_line_id, t.reservation_id,
               tr.status, tr.assigned_to, tr.wave_id,
               b.code,
               s.id, s.code, s.lot_tracked,
               r.quantity, r.stock_balance_id,
               sb.warehouse_id, sb.bin_id, sb.lot, sb.on_hand, sb.reserved, sb.version,
               l.allocated_quantity, l.picked_quantity,
               o.status, o.reference
        FROM pick_tasks t
        JOIN trips tr ON tr.id = t.trip_id
        JOIN bins b ON b.id = t.bin_id
        JOIN skus s ON s.id = t.sku_id
        JOIN reservations r ON r.id = t.reservation_id
        JOIN stock_balances sb ON sb.id = r.stock_balance_id
        JOIN order_lines l ON l.id = t.order_line_id
        JOIN orders o ON o.id = t.order_id
        WHERE t.id = @p0
        """;

    public static PickTaskRow Load(SqlSession sql, long taskId)
    {
        using var r = sql.Query(SelectRow, taskId);
        if (!r.Read())
        {
            throw DomainException.NotFound("Pick task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var task = new PickTask
        {
            Id = taskId, TripId = r.GetInt64(0), Status = (PickTaskStatus)r.GetInt32(1), Quantity = r.GetInt64(2), PickedQuantity = r.GetInt64(3),
            Lot = r.GetString(4), OrderId = r.GetInt64(5), OrderLineId = r.GetInt64(6), ReservationId = r.GetInt64(7),
        };
        var trip = new Trip { Id = task.TripId, Status = (TripStatus)r.GetInt32(8), AssignedTo = r.GetString(9), WaveId = r.GetInt64(10) };
        var binCode = r.GetString(11);
        var sku = new Sku { Id = r.GetInt64(12), Code = r.GetString(13), LotTracked = r.GetBoolean(14) };
        var reservation = new Reservation { Id = task.ReservationId, Quantity = r.GetInt64(15), StockBalanceId = r.GetInt64(16), OrderLineId = task.OrderLineId };
        var balance = new StockBalance
        {
            Id = reservation.StockBalanceId, WarehouseId = r.GetInt64(17), BinId = r.GetInt64(18), SkuId = sku.Id, Lot = r.GetString(19),
            OnHand = r.GetInt64(20), Reserved = r.GetInt64(21), Version = r.GetInt64(22),
        };
        var line = new OrderLine { Id = task.OrderLineId, OrderId = task.OrderId, AllocatedQuantity = r.GetInt64(23), PickedQuantity = r.GetInt64(24) };
        var order = new Order { Id = task.OrderId, Status = (OrderStatus)r.GetInt32(25), Reference = r.GetString(26) };
        return new PickTaskRow(task, trip, binCode, sku, reservation, balance, line, order);
    }

    /// <summary>Whether the scanned code is one of this row's SKU's barcodes.</summary>
    public bool IsBarcodeOfSku(SqlSession sql, string scanned) =>
        sql.Scalar<long?>("SELECT sku_id FROM sku_barcodes WHERE barcode = @p0", scanned) == Sku.Id;

    /// <summary>
    /// Writes what <see cref="TakeReserved"/> changed, with the order's and the trip's progress; returns
    /// whether the trip is now complete. The balance's version guards against a write that bypassed the
    /// single writer (another server on the same PostgreSQL).
    /// </summary>
    public bool SavePick(SqlSession sql, LedgerEntry entry, OrderStatus orderStatusBefore)
    {
        // One command, one round trip on PostgreSQL: each statement changes exactly one row, so fewer than
        // five means the balance's version moved (the savepoint then undoes the rest).
        var changed = sql.Execute(
            """
            UPDATE stock_balances SET on_hand = @p0, reserved = @p1, version = @p2 WHERE id = @p3 AND version = @p4;
            INSERT INTO ledger (at, warehouse_id, bin_id, sku_id, lot, stock_balance_id, quantity, reason, reason_code, actor, request_id, reference, note)
            VALUES (@p5, @p6, @p7, @p8, @p9, @p3, @p10, @p11, @p12, @p13, @p14, @p15, @p16);
            UPDATE reservations SET quantity = @p17, open = @p18 WHERE id = @p19;
            UPDATE order_lines SET allocated_quantity = @p20, picked_quantity = @p21 WHERE id = @p22;
            UPDATE pick_tasks SET picked_quantity = @p23, status = @p24 WHERE id = @p25
            """,
            Balance.OnHand, Balance.Reserved, Balance.Version, Balance.Id, Balance.Version - 1,
            entry.At.UtcTicks, entry.WarehouseId, entry.BinId, entry.SkuId, entry.Lot, entry.Quantity, (int)entry.Reason, entry.ReasonCode, entry.Actor, entry.RequestId, entry.Reference, entry.Note,
            Reservation.Quantity, Reservation.Open, Reservation.Id,
            Line.AllocatedQuantity, Line.PickedQuantity, Line.Id,
            Task.PickedQuantity, (int)Task.Status, Task.Id);
        if (changed != 5)
        {
            throw DomainException.Precondition("The stock changed while this was being applied; try again.");
        }

        // A partial pick (the task stays open, its line keeps reserved units) can finish neither the order
        // nor the trip, so it reads nothing more; otherwise one statement reads what progress depends on.
        var (otherLinesAllocated, openTasksInTrip) = Task.Status == PickTaskStatus.Open && Line.AllocatedQuantity > 0
            ? (0L, 1L)
            : ReadProgress(sql);

        Order.PickRecorded(Line.AllocatedQuantity > 0 || otherLinesAllocated > 0);
        if (Order.Status != orderStatusBefore)
        {
            sql.Execute("UPDATE orders SET status = @p0 WHERE id = @p1", (int)Order.Status, Order.Id);
        }

        if (openTasksInTrip > 0)
        {
            return false;
        }

        // The same rule as TripProgress.CompleteIfDoneAsync (the EF path of short picks and skips), in SQL.
        sql.Execute("UPDATE trips SET status = @p0 WHERE id = @p1", (int)TripStatus.Completed, Trip.Id);
        if (sql.Scalar<long>("SELECT COUNT(*) FROM trips WHERE wave_id = @p0 AND status <> @p1", Trip.WaveId, (int)TripStatus.Completed) == 0)
        {
            sql.Execute("UPDATE waves SET status = @p0 WHERE id = @p1", (int)WaveStatus.Completed, Trip.WaveId);
        }

        return true;
    }

    private (long OtherLinesAllocated, long OpenTasksInTrip) ReadProgress(SqlSession sql)
    {
        using var r = sql.Query(
            """
            SELECT (SELECT COUNT(*) FROM order_lines WHERE order_id = @p0 AND id <> @p1 AND allocated_quantity > 0),
                   (SELECT COUNT(*) FROM pick_tasks WHERE trip_id = @p2 AND status = @p3)
            """,
            Order.Id, Line.Id, Trip.Id, (int)PickTaskStatus.Open);
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
