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
    // Whole rows of what the EF commands track (task, trip, reservation, balance, line), so a tracked entity never
    // holds a default where the database has a value; of the order only what picking reads and writes.
    private const string SelectRow = """
        SELECT t.trip_id, t.status, t.quantity, t.picked_quantity, t.lot, t.order_id, t.order_line_id, t.reservation_id,
               tr.status, tr.assigned_to, tr.wave_id,
               b.code,
               s.id, s.code, s.lot_tracked,
               r.quantity, r.stock_balance_id,
               sb.warehouse_id, sb.bin_id, sb.lot, sb.on_hand, sb.reserved, sb.version,
               l.allocated_quantity, l.picked_quantity,
               o.status, o.reference,
               t.sequence, t.bin_id, t.skips, t.short_reason,
               tr.warehouse_id, tr.planned_distance_m,
               r.open,
               sb.expiry, sb.received_at,
               l.line_number, l.sku_id, l.quantity, l.backordered_quantity,
               o.warehouse_id,
               (SELECT h.reason FROM lot_holds h WHERE h.bin_id = sb.bin_id AND h.sku_id = sb.sku_id AND h.lot = sb.lot)
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

    /// <summary>After the balance and its ledger row (<see cref="StockLedger.Save"/>), in the same command.</summary>
    private static readonly StockLedger.SqlWrite SavePickSql = StockLedger.SqlWrite.Then(
        """
        UPDATE reservations SET quantity = @p17, open = @p18 WHERE id = @p19;
        UPDATE order_lines SET allocated_quantity = @p20, picked_quantity = @p21 WHERE id = @p22;
        UPDATE pick_tasks SET picked_quantity = @p23, status = @p24 WHERE id = @p25
        """,
        rows: 3);

    /// <summary>Why the task's stock is on hold (a lot hold), or null: read with the row, so the check costs no round trip.</summary>
    public string? HoldReason { get; private init; }

    /// <summary>The one load of a pick task with everything a confirmation touches: one query by primary keys.</summary>
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
            Sequence = r.GetInt32(27), BinId = r.GetInt64(28), Skips = r.GetInt32(29), ShortReason = r.GetString(30),
        };
        var trip = new Trip
        {
            Id = task.TripId, Status = (TripStatus)r.GetInt32(8), AssignedTo = r.GetString(9), WaveId = r.GetInt64(10),
            WarehouseId = r.GetInt64(31), PlannedDistanceM = r.GetDouble(32),
        };
        var binCode = r.GetString(11);
        var sku = new Sku { Id = r.GetInt64(12), Code = r.GetString(13), LotTracked = r.GetBoolean(14) };
        task.SkuId = sku.Id;
        var reservation = new Reservation { Id = task.ReservationId, Quantity = r.GetInt64(15), StockBalanceId = r.GetInt64(16), OrderLineId = task.OrderLineId, Open = r.GetBoolean(33) };
        var balance = new StockBalance
        {
            Id = reservation.StockBalanceId, WarehouseId = r.GetInt64(17), BinId = r.GetInt64(18), SkuId = sku.Id, Lot = r.GetString(19),
            OnHand = r.GetInt64(20), Reserved = r.GetInt64(21), Version = r.GetInt64(22),
            Expiry = r.IsDBNull(34) ? null : DateOnly.FromDayNumber(r.GetInt32(34)), ReceivedAt = new DateTimeOffset(r.GetInt64(35), TimeSpan.Zero),
        };
        var line = new OrderLine
        {
            Id = task.OrderLineId, OrderId = task.OrderId, AllocatedQuantity = r.GetInt64(23), PickedQuantity = r.GetInt64(24),
            LineNumber = r.GetInt32(36), SkuId = r.GetInt64(37), Quantity = r.GetInt64(38), BackorderedQuantity = r.GetInt64(39),
        };
        var order = new Order { Id = task.OrderId, Status = (OrderStatus)r.GetInt32(25), Reference = r.GetString(26), WarehouseId = r.GetInt64(40) };
        return new PickTaskRow(task, trip, binCode, sku, reservation, balance, line, order) { HoldReason = r.IsDBNull(41) ? null : r.GetString(41) };
    }

    /// <summary>
    /// The same load for the EF commands (short pick, skip), on the writer's connection in the command's transaction:
    /// the entities are attached, so EF writes only what their rules change. The order is partial (id, status,
    /// reference, warehouse): only its status may change.
    /// </summary>
    public static PickTaskRow Load(WmsDbContext db, long taskId)
    {
        var row = Load(db.WriterSession, taskId);
        db.AttachRange(row.Task, row.Trip, row.Reservation, row.Balance, row.Line, row.Order);
        return row;
    }

    /// <summary>Whether the scanned code is one of this row's SKU's barcodes.</summary>
    public bool IsBarcodeOfSku(SqlSession sql, string scanned) =>
        sql.Scalar<long?>("SELECT sku_id FROM sku_barcodes WHERE barcode = @p0", scanned) == Sku.Id;

    /// <summary>
    /// Writes what <see cref="TakeReserved"/> changed through the ledger writer, with the order's and the
    /// trip's progress; returns whether the trip is now complete.
    /// </summary>
    public bool SavePick(SqlSession sql, LedgerEntry entry, OrderStatus orderStatusBefore)
    {
        StockLedger.Save(
            sql, SavePickSql, Balance, entry,
            Reservation.Quantity, Reservation.Open, Reservation.Id,
            Line.AllocatedQuantity, Line.PickedQuantity, Line.Id,
            Task.PickedQuantity, (int)Task.Status, Task.Id);

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

        return openTasksInTrip == 0 && TripProgress.CompleteIfDone(sql, Trip);
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
