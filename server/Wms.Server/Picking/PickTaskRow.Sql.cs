using System.Data.Common;
using System.Text.Json;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

/// <summary>
/// The pick confirmation's rows in plain SQL: the entities are filled with the columns a confirmation reads and
/// writes (no more), so the rules on them run unchanged, and <see cref="PickTaskRows.Save"/> writes back exactly
/// what <see cref="TakeReserved"/> changed.
/// </summary>
internal sealed partial record PickTaskRow
{
    // Whole rows of what the EF commands track (task, trip, reservation, balance, line), so a tracked entity never
    // holds a default where the database has a value; of the order only what picking reads and writes.
    private const string SelectRows = """
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
               (SELECT h.reason FROM lot_holds h WHERE h.bin_id = sb.bin_id AND h.sku_id = sb.sku_id AND h.lot = sb.lot),
               t.id
        FROM pick_tasks t
        JOIN trips tr ON tr.id = t.trip_id
        JOIN bins b ON b.id = t.bin_id
        JOIN skus s ON s.id = t.sku_id
        JOIN reservations r ON r.id = t.reservation_id
        JOIN stock_balances sb ON sb.id = r.stock_balance_id
        JOIN order_lines l ON l.id = t.order_line_id
        JOIN orders o ON o.id = t.order_id
        """;

    /// <summary>Why the task's stock is on hold (a lot hold), or null: read with the row, so the check costs no round trip.</summary>
    public string? HoldReason { get; private init; }

    /// <summary>
    /// The load of one pick task for the EF commands (short pick, skip), on the writer's connection in the command's
    /// transaction: the entities are attached, so EF writes only what their rules change. The order is partial (id,
    /// status, reference, warehouse): only its status may change.
    /// </summary>
    public static PickTaskRow Load(WmsDbContext db, long taskId)
    {
        using var r = db.WriterSession.Query(SelectRows + " WHERE t.id = @p0", taskId);
        var row = r.Read() ? Read(r, new Shared()) : throw NotFound(taskId);
        db.AttachRange(row.Task, row.Trip, row.Reservation, row.Balance, row.Line, row.Order);
        return row;
    }

    private static DomainException NotFound(long taskId) =>
        DomainException.NotFound("Pick task", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// One row; the entities two tasks share (a balance, an order, a trip...) are one object, so what one
    /// confirmation changes, the next one sees.
    /// </summary>
    private static PickTaskRow Read(DbDataReader r, Shared shared)
    {
        var taskId = r.GetInt64(42);
        var task = new PickTask
        {
            Id = taskId, TripId = r.GetInt64(0), Status = (PickTaskStatus)r.GetInt32(1), Quantity = r.GetInt64(2), PickedQuantity = r.GetInt64(3),
            Lot = r.GetString(4), OrderId = r.GetInt64(5), OrderLineId = r.GetInt64(6), ReservationId = r.GetInt64(7),
            Sequence = r.GetInt32(27), BinId = r.GetInt64(28), Skips = r.GetInt32(29), ShortReason = r.GetString(30),
        };
        var trip = shared.Trips.TryGetValue(task.TripId, out var t) ? t : shared.Trips[task.TripId] = new Trip
        {
            Id = task.TripId, Status = (TripStatus)r.GetInt32(8), AssignedTo = r.GetString(9), WaveId = r.GetInt64(10),
            WarehouseId = r.GetInt64(31), PlannedDistanceM = r.GetDouble(32),
        };
        var binCode = r.GetString(11);
        var sku = new Sku { Id = r.GetInt64(12), Code = r.GetString(13), LotTracked = r.GetBoolean(14) };
        task.SkuId = sku.Id;
        var reservation = new Reservation { Id = task.ReservationId, Quantity = r.GetInt64(15), StockBalanceId = r.GetInt64(16), OrderLineId = task.OrderLineId, Open = r.GetBoolean(33) };
        var balance = shared.Balances.TryGetValue(reservation.StockBalanceId, out var b) ? b : shared.Balances[reservation.StockBalanceId] = new StockBalance
        {
            Id = reservation.StockBalanceId, WarehouseId = r.GetInt64(17), BinId = r.GetInt64(18), SkuId = sku.Id, Lot = r.GetString(19),
            OnHand = r.GetInt64(20), Reserved = r.GetInt64(21), Version = r.GetInt64(22),
            Expiry = r.IsDBNull(34) ? null : DateOnly.FromDayNumber(r.GetInt32(34)), ReceivedAt = new DateTimeOffset(r.GetInt64(35), TimeSpan.Zero),
        };
        var line = shared.Lines.TryGetValue(task.OrderLineId, out var l) ? l : shared.Lines[task.OrderLineId] = new OrderLine
        {
            Id = task.OrderLineId, OrderId = task.OrderId, AllocatedQuantity = r.GetInt64(23), PickedQuantity = r.GetInt64(24),
            LineNumber = r.GetInt32(36), SkuId = r.GetInt64(37), Quantity = r.GetInt64(38), BackorderedQuantity = r.GetInt64(39),
        };
        var order = shared.Orders.TryGetValue(task.OrderId, out var o) ? o : shared.Orders[task.OrderId] = new Order
        {
            Id = task.OrderId, Status = (OrderStatus)r.GetInt32(25), Reference = r.GetString(26), WarehouseId = r.GetInt64(40),
        };
        return new PickTaskRow(task, trip, binCode, sku, reservation, balance, line, order) { HoldReason = r.IsDBNull(41) ? null : r.GetString(41) };
    }

    /// <summary>The entities several rows can share, by id.</summary>
    private sealed class Shared
    {
        public Dictionary<long, Trip> Trips { get; } = [];

        public Dictionary<long, StockBalance> Balances { get; } = [];

        public Dictionary<long, OrderLine> Lines { get; } = [];

        public Dictionary<long, Order> Orders { get; } = [];
    }

    /// <summary>
    /// The pick tasks of the confirmations in one batch, loaded together (one round trip: the rows, the barcodes
    /// scanned, what the orders' and trips' progress depends on), changed in memory by the confirmations in turn, and
    /// written together.
    /// </summary>
    internal sealed class PickTaskRows
    {
        private static readonly BulkShape Reservations = BulkShape.Update("reservations", ["id:bigint"], ["quantity:bigint", "open:boolean"]);
        private static readonly BulkShape Lines = BulkShape.Update("order_lines", ["id:bigint"], ["allocated_quantity:bigint", "picked_quantity:bigint"]);
        private static readonly BulkShape Tasks = BulkShape.Update("pick_tasks", ["id:bigint"], ["picked_quantity:bigint", "status:integer"]);
        private static readonly BulkShape Orders = BulkShape.Update("orders", ["id:bigint"], ["status:integer"]);

        private readonly Dictionary<long, PickTaskRow> _rows = [];
        private readonly Dictionary<string, long> _barcodes = new(StringComparer.Ordinal);
        private readonly Dictionary<long, long> _allocatedLines = [];
        private readonly Dictionary<long, long> _openTasks = [];
        private readonly Dictionary<long, OrderStatus> _loadedStatuses = [];
        private readonly StockLedger.Changes _stock = new();
        private readonly HashSet<PickTaskRow> _changed = new(ReferenceEqualityComparer.Instance);

        private PickTaskRows()
        {
        }

        public static PickTaskRows Load(SqlSession sql, IReadOnlyCollection<long> taskIds, IReadOnlyCollection<string> scans)
        {
            // PostgreSQL takes the lists as arrays; SQLite as JSON arrays it reads with json_each.
            var postgres = sql.Provider == DatabaseProvider.Postgres;
            var ids = postgres ? "= ANY(@p0)" : "IN (SELECT value FROM json_each(@p0))";
            var codes = postgres ? "= ANY(@p2)" : "IN (SELECT value FROM json_each(@p2))";
            var rows = new PickTaskRows();
            using var r = sql.Query(
                $"""
                {SelectRows} WHERE t.id {ids};
                SELECT order_id, COUNT(*) FROM order_lines WHERE order_id IN (SELECT order_id FROM pick_tasks WHERE id {ids}) AND allocated_quantity > 0 GROUP BY order_id;
                SELECT trip_id, COUNT(*) FROM pick_tasks WHERE trip_id IN (SELECT trip_id FROM pick_tasks WHERE id {ids}) AND status = @p1 GROUP BY trip_id;
                SELECT barcode, sku_id FROM sku_barcodes WHERE barcode {codes}
                """,
                postgres ? taskIds.ToArray() : JsonSerializer.Serialize(taskIds),
                (int)PickTaskStatus.Open,
                postgres ? scans.ToArray() : JsonSerializer.Serialize(scans));
            var shared = new Shared();
            while (r.Read())
            {
                var row = Read(r, shared);
                rows._rows[row.Task.Id] = row;
                rows._loadedStatuses[row.Order.Id] = row.Order.Status;
            }

            r.NextResult();
            while (r.Read())
            {
                rows._allocatedLines[r.GetInt64(0)] = r.GetInt64(1);
            }

            r.NextResult();
            while (r.Read())
            {
                rows._openTasks[r.GetInt64(0)] = r.GetInt64(1);
            }

            r.NextResult();
            while (r.Read())
            {
                rows._barcodes[r.GetString(0)] = r.GetInt64(1);
            }

            return rows;
        }

        public PickTaskRow this[long taskId] => _rows.TryGetValue(taskId, out var row) ? row : throw NotFound(taskId);

        /// <summary>Whether the scanned code is one of the SKU's barcodes.</summary>
        public bool IsBarcodeOf(string scanned, long skuId) => _barcodes.TryGetValue(scanned, out var id) && id == skuId;

        /// <summary>
        /// The reserved units leave the bin (<see cref="TakeReserved"/>), and the order moves on with its lines;
        /// returns whether the trip has no open task left.
        /// </summary>
        public bool Take(PickTaskRow row, long quantity, LedgerContext ledger)
        {
            var lineWasAllocated = row.Line.AllocatedQuantity > 0;
            row.TakeReserved(_stock, quantity, ledger);
            _changed.Add(row);
            if (lineWasAllocated && row.Line.AllocatedQuantity == 0)
            {
                _allocatedLines[row.Order.Id] = _allocatedLines.GetValueOrDefault(row.Order.Id) - 1;
            }

            row.Order.PickRecorded(_allocatedLines.GetValueOrDefault(row.Order.Id) > 0);
            if (row.Task.Status != PickTaskStatus.Open)
            {
                _openTasks[row.Trip.Id] = _openTasks.GetValueOrDefault(row.Trip.Id) - 1;
            }

            return _openTasks.GetValueOrDefault(row.Trip.Id) == 0;
        }

        /// <summary>
        /// Writes what the confirmations changed, each entity once with its last values: the balances and their ledger
        /// rows through the ledger writer, with the reservations, lines, tasks and orders in the same round trip.
        /// </summary>
        public void Save(SqlSession sql)
        {
            if (_changed.Count == 0)
            {
                return;
            }

            _stock.Save(
                sql,
                new BulkRows(Reservations, _changed.Select(c => c.Reservation).Distinct().Select(x => new object?[] { x.Id, x.Quantity, x.Open }).ToList()),
                new BulkRows(Lines, _changed.Select(c => c.Line).Distinct().Select(x => new object?[] { x.Id, x.AllocatedQuantity, x.PickedQuantity }).ToList()),
                new BulkRows(Tasks, _changed.Select(c => c.Task).Distinct().Select(x => new object?[] { x.Id, x.PickedQuantity, (int)x.Status }).ToList()),
                new BulkRows(Orders, _changed.Select(c => c.Order).Distinct().Where(x => x.Status != _loadedStatuses[x.Id]).Select(x => new object?[] { x.Id, (int)x.Status }).ToList()));
        }
    }
}
