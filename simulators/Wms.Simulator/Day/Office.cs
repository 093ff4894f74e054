using System.Globalization;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>
/// The shop and the supervisor's desk, through gRPC: orders come in (and some are cancelled), waves are
/// allocated and released every few minutes (rush orders at once, trips grouped by the day's batching),
/// the replenishment scan runs every quarter hour (the replenisher, on a handheld, is told), the packing
/// bench packs what is picked, suppliers' receipts are raised for the receiver, and with the slotting
/// what-if the supervisor applies the slotting advice. The carrier (<see cref="Carrier"/>) takes it from there.
/// </summary>
public sealed class Office(SimOptions options, ServerLink link, Floor floor, EventLoop loop, DayMetrics metrics, TimeZoneInfo zone, SimOperator? receiver, SimOperator? replenisher)
{
    private static readonly TimeSpan PackTime = TimeSpan.FromMinutes(2);

    /// <summary>Every pick face's min and max: topped up from reserve below 15, to 120.</summary>
    private const long FaceMin = 15;
    private const long FaceMax = 120;
    private readonly HashSet<string> _facesWithoutReserve = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nothingToPack = new(StringComparer.Ordinal);
    private readonly HashSet<(string Order, int Line)> _shortLines = [];

    /// <summary>How long the supervisor holds the waves for the slotting moves at most (then the advice leaves the faces still reserved out).</summary>
    private static readonly TimeSpan MaxSlottingHold = TimeSpan.FromMinutes(30);
    /// <summary>
    /// The advice's solver budget: the most the server takes. The solve ends when it proves its optimum (about a
    /// second on a quiet machine); with the default 2 s a loaded machine ended it before it had improved on the
    /// current slots, so the advice said "no move" there and moves elsewhere: the same seed, another day.
    /// </summary>
    private const int SlottingBudgetMs = 30_000;
    private bool _holdingWaves;
    private DateTimeOffset _end;
    private DateTimeOffset _holdSince;

    private string W => options.Warehouse;

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private DateTimeOffset CutOff => Local(options.CutOffHour);

    private DateTimeOffset ShiftStart => Local(options.ShiftStartHour);

    private DateTimeOffset Local(double hour)
    {
        var local = options.Date.ToDateTime(TimeOnly.MinValue).AddHours(hour);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>Pick faces get a min and max so that the replenishment scan has something to act on.</summary>
    public async Task SetUpPickFacesAsync()
    {
        var token = "";
        var faces = new List<StockLine>();
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = W, PageSize = 500, PageToken = token });
            faces.AddRange(page.Lines.Where(l => floor.IsPickFace(l.BinCode)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        foreach (var face in faces.DistinctBy(f => (f.BinCode, f.SkuCode)).OrderBy(f => f.BinCode, StringComparer.Ordinal))
        {
            await SetPickFaceAsync(face.BinCode, face.SkuCode, FaceMin, FaceMax);
        }
    }

    private Task<PickFace> SetPickFaceAsync(string bin, string sku, long min, long max) =>
        link.CallAsync(metrics, WmsMethods.Replenishment.SetPickFace, new SetPickFaceRequest
        {
            RequestId = link.NextRequestId("face"), WarehouseCode = W, BinCode = bin, SkuCode = sku, MinQuantity = min, MaxQuantity = max,
        });

    public void Schedule(IReadOnlyList<PlannedOrder> orders, DateTimeOffset end)
    {
        _end = end;
        foreach (var order in orders)
        {
            loop.At(order.Arrives, () => CreateAsync(order));
        }

        for (var at = ShiftStart; at < end; at += TimeSpan.FromMinutes(options.WaveMinutes))
        {
            loop.At(at, WaveAsync);
        }

        for (var at = ShiftStart; at < end; at += TimeSpan.FromMinutes(15))
        {
            loop.At(at, ReplenishAsync);
        }

        for (var at = ShiftStart; at < end; at += TimeSpan.FromMinutes(2))
        {
            loop.At(at, PackAsync);
        }

        if (options.SlottingHour is { } slotting && Local(slotting) < end)
        {
            loop.At(Local(slotting), SlotAsync);
        }

        for (var k = 0; k < options.Receipts; k++)
        {
            var number = k + 1;
            loop.At(ShiftStart + TimeSpan.FromHours(options.Hours * (k + 0.25) / options.Receipts), () => ReceiptArrivesAsync(number, orders));
        }
    }

    private async Task CreateAsync(PlannedOrder order)
    {
        var afterCutOff = loop.Now > CutOff;
        var shipDate = LocalDate(loop.Now).AddDays(afterCutOff ? 1 : 0);
        await metrics.TryAsync("CreateOrder", () => link.CallAsync(metrics, WmsMethods.Order.CreateOrder, new CreateOrderRequest
        {
            RequestId = link.NextRequestId("order"), WarehouseCode = W, Reference = order.Reference, Priority = order.Rush ? 10 : 0,
            RequestedShipDate = shipDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CustomerName = "Customer " + order.Reference[^5..],
            AddressLine = "Simulated Str. " + order.Reference[^3..], Latitude = order.Place.Latitude, Longitude = order.Place.Longitude,
            WindowStart = order.Window.Start, WindowEnd = order.Window.End,
            Lines = { order.Lines.Select(l => new CreateOrderLine { SkuCode = l.Sku, Quantity = l.Quantity }) },
        }));
        metrics.OrdersCreated++;
        metrics.Orders[order.Reference] = new OrderTimes { Created = loop.Now, Rush = order.Rush, Lines = order.Lines.Count, ShipsToday = !afterCutOff };
        if (afterCutOff)
        {
            metrics.OrdersAfterCutOff++;
        }

        if (order.CancelAfter is { } delay)
        {
            loop.After(delay, () => CancelAsync(order.Reference));
        }

        // A rush that may still ship today goes to the floor at once, as its own wave (with the waves held for
        // slotting, in the wave released after the moves).
        if (order.Rush && !afterCutOff && loop.Now >= ShiftStart)
        {
            metrics.Rushes++;
            if (!_holdingWaves && await AllocateAsync(order.Reference))
            {
                await ReleaseAsync([order.Reference]);
            }
        }
    }

    private async Task CancelAsync(string reference)
    {
        var cancelled = await metrics.TryAsync("CancelOrder", () => link.CallAsync(metrics, WmsMethods.Order.CancelOrder,
            new CancelOrderRequest { RequestId = link.NextRequestId("cancel"), WarehouseCode = W, Reference = reference }));
        if (cancelled is not null && metrics.Orders.TryGetValue(reference, out var times))
        {
            times.Cancelled = loop.Now;
            metrics.OrdersCancelled++;
        }
    }

    /// <summary>Every open order due today is allocated, then all allocated ones are released as one wave.</summary>
    private async Task WaveAsync()
    {
        if (_holdingWaves)
        {
            return; // the slotting moves come first; the held wave is released right after them
        }

        var today = LocalDate(loop.Now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var open = await ListOrdersAsync(OrderStatus.Open);
        var allocated = new List<string>();
        foreach (var order in open.Where(o => string.CompareOrdinal(o.RequestedShipDate, today) <= 0).OrderByDescending(o => o.Priority).ThenBy(o => o.Reference, StringComparer.Ordinal))
        {
            if (await AllocateAsync(order.Reference))
            {
                allocated.Add(order.Reference);
            }
        }

        if (allocated.Count > 0)
        {
            await ReleaseAsync(allocated);
        }
    }

    private async Task<bool> AllocateAsync(string reference)
    {
        var order = await metrics.TryAsync("AllocateOrder", () => link.CallAsync(metrics, WmsMethods.Order.AllocateOrder,
            new AllocateOrderRequest { RequestId = link.NextRequestId("allocate"), WarehouseCode = W, Reference = reference }));
        if (order is null)
        {
            return false;
        }

        // Each order line short of stock counts once, however many waves try it again.
        var newlyShort = order.Lines.Count(l => (l.BackorderedQuantity > 0 || l.AllocatedQuantity < l.Quantity) && _shortLines.Add((reference, l.LineNumber)));
        if (newlyShort > 0)
        {
            metrics.BackorderedLines += newlyShort;
            DayMetrics.Count(metrics.StockOutsByHour, metrics.HourOf(loop.Now), newlyShort);
        }

        return order.Status is OrderStatus.Allocated or OrderStatus.PartiallyAllocated;
    }

    private async Task ReleaseAsync(List<string> references)
    {
        for (var i = 0; i < references.Count; i += 100)
        {
            var wave = await metrics.TryAsync("ReleaseWave", () => link.CallAsync(metrics, WmsMethods.Order.ReleaseWave, new ReleaseWaveRequest
            {
                RequestId = link.NextRequestId("wave"), WarehouseCode = W, OrderReferences = { references.Skip(i).Take(100) }, MaxLinesPerTrip = options.MaxLinesPerTrip,
                TripGrouping = options.Batching,
            }));
            if (wave is not null)
            {
                metrics.Waves++;
            }
        }
    }

    private async Task ReplenishAsync()
    {
        var run = await metrics.TryAsync("RunReplenishment", () => link.CallAsync(metrics, WmsMethods.Replenishment.RunReplenishment,
            new RunReplenishmentRequest { RequestId = link.NextRequestId("replenish"), WarehouseCode = W }));
        if (run is null)
        {
            return;
        }

        foreach (var face in run.FacesWithoutReserve)
        {
            if (_facesWithoutReserve.Add(face))
            {
                metrics.FacesWithoutReserve++;
            }
        }

        // The scan's own tasks and those the server raised after picks (a pick that takes a face below its
        // min tops it up at once), counted once each; the replenisher is told to look at the list again.
        var tasks = await link.CallAsync(metrics, WmsMethods.Replenishment.ListReplenishmentTasks, new ListReplenishmentTasksRequest { WarehouseCode = W, PageSize = 200 });
        metrics.ReplenishmentTaskIds.UnionWith(tasks.Tasks.Select(t => t.TaskId));
        if (tasks.Tasks.Count > 0)
        {
            replenisher?.Wake();
        }
    }

    /// <summary>
    /// The slotting what-if. Stock reserved for released trips cannot move (the advice leaves such faces out, and
    /// the fast movers always have some on a busy floor), so at the slotting hour the supervisor holds the waves
    /// until the released trips are picked and no pick face has stock reserved (checked every 2 minutes, at most
    /// <see cref="MaxSlottingHold"/>), then asks for the advice from the day's picks so far (the ledger), has each
    /// move carried out (<c>ApplySlottingMove</c>), and releases the held wave at once.
    /// </summary>
    private async Task SlotAsync()
    {
        if (!_holdingWaves)
        {
            _holdingWaves = true;
            _holdSince = loop.Now;
        }

        if (loop.Now - _holdSince < MaxSlottingHold && loop.Now + TimeSpan.FromMinutes(2) < _end && await ReservedOnFacesAsync() > 0)
        {
            loop.After(TimeSpan.FromMinutes(2), SlotAsync);
            return;
        }

        metrics.SlottingHold = loop.Now - _holdSince;
        var advice = await metrics.TryAsync("SuggestSlotting", () => link.CallAsync(metrics, WmsMethods.Layout.SuggestSlotting,
            new SuggestSlottingRequest { WarehouseCode = W, MaxMoves = 20, HistoryDays = 1, TimeBudgetMs = SlottingBudgetMs }));
        if (advice is not null)
        {
            // Not proven optimal: the budget ran out first, and what the advice says then depends on the machine's load.
            metrics.SlottingAdvice = F($"{advice.Moves.Count} moves advised{(advice.Optimal ? "" : " (not proven optimal within the budget)")} over {advice.SkusConsidered} SKUs in {advice.BinsConsidered} faces, {advice.LeftOut.Count} faces left out")
                + (advice.LeftOut.Count == 0 ? "" : " (e.g. " + advice.LeftOut[0] + ")");
            metrics.SlottingWalkPerDay = (advice.CurrentWalkPerDayM, advice.AdvisedWalkPerDayM);
        }

        foreach (var move in advice?.Moves ?? [])
        {
            var moved = await metrics.TryAsync("ApplySlottingMove", () => link.CallAsync(metrics, WmsMethods.Layout.ApplySlottingMove, new ApplySlottingMoveRequest
            {
                RequestId = link.NextRequestId("slot"), WarehouseCode = W, SkuCode = move.SkuCode, FromBinCode = move.FromBinCode, ToBinCode = move.ToBinCode,
            }));
            if (moved is not null)
            {
                metrics.SlottingMoves++;
                metrics.SlottingUnitsMoved += (int)moved.QuantityMoved;
                metrics.SlottingMovesDone.Add(new SlottingMoveDone(move.SkuCode, move.FromBinCode, move.ToBinCode, move.WalkSavedPerDayM, moved.QuantityMoved));
                // The face's min and max go with the SKU: the new face is topped up, the old one no more (min 0).
                await SetPickFaceAsync(move.ToBinCode, move.SkuCode, FaceMin, FaceMax);
                await SetPickFaceAsync(move.FromBinCode, move.SkuCode, 0, 1);
            }
        }

        metrics.SlottingAppliedAt = loop.Now;
        _holdingWaves = false;
        await WaveAsync();
    }

    /// <summary>Units reserved for picking on pick faces: what keeps a face out of the slotting advice.</summary>
    private async Task<long> ReservedOnFacesAsync()
    {
        var token = "";
        long reserved = 0;
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = W, PageSize = 500, PageToken = token });
            reserved += page.Lines.Where(l => l.Reserved > 0 && floor.IsPickFace(l.BinCode)).Sum(l => l.Reserved);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return reserved;
    }

    /// <summary>
    /// A supplier's truck: a receipt for the SKUs with the least stock against the day's demand (the buyer's
    /// order), unloaded at the first dock and handed to the receiver.
    /// </summary>
    private async Task ReceiptArrivesAsync(int number, IReadOnlyList<PlannedOrder> orders)
    {
        if (receiver is null)
        {
            return;
        }

        var demand = orders.SelectMany(o => o.Lines).GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
        var onHand = await OnHandAsync();
        var lines = demand.Select(d => (Sku: d.Key, Demand: d.Value, Cover: onHand.GetValueOrDefault(d.Key) - d.Value))
            .OrderBy(d => d.Cover).ThenBy(d => d.Sku, StringComparer.Ordinal).Take(8)
            .Select(d => (d.Sku, Quantity: Math.Max(24, (d.Demand + 11) / 12 * 12))).ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var reference = F($"PO-{options.Date:yyMMdd}-{number:D2}");
        var receipt = await metrics.TryAsync("CreateReceipt", () => link.CallAsync(metrics, WmsMethods.Inventory.CreateReceipt, new CreateReceiptRequest
        {
            RequestId = link.NextRequestId("receipt"), WarehouseCode = W, Reference = reference,
            Lines = { lines.Select(l => new ReceiptLine { SkuCode = l.Sku, ExpectedQuantity = l.Quantity }) },
        }));
        if (receipt is null)
        {
            return;
        }

        metrics.Inbound.Receipts++;
        metrics.Inbound.UnitsExpected += lines.Sum(l => l.Quantity);
        var dock = floor.Bins.Where(b => b.Kind == BinKind.Dock).Select(b => b.Code).Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
        // Every line carries a lot and a best-before on its label; the handheld asks for them only where the SKU tracks them.
        var lot = F($"L{options.Date:yyMMdd}{number:D2}");
        var expiry = options.Date.AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        receiver.Deliver(new IncomingReceipt(reference, dock, lines.Select(l => new IncomingLine(l.Sku, l.Quantity, lot, expiry)).ToList()));
    }

    /// <summary>Units on hand in the warehouse by SKU (every bin, every lot).</summary>
    public async Task<Dictionary<string, long>> OnHandAsync()
    {
        var token = "";
        var onHand = new Dictionary<string, long>(StringComparer.Ordinal);
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = W, PageSize = 500, PageToken = token });
            foreach (var line in page.Lines)
            {
                onHand[line.SkuCode] = onHand.GetValueOrDefault(line.SkuCode) + line.OnHand;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return onHand;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The packing bench: each picked order in one carton of what was picked, then its shipment.</summary>
    private async Task PackAsync()
    {
        foreach (var order in (await ListOrdersAsync(OrderStatus.Picked)).Where(o => !_nothingToPack.Contains(o.Reference)).OrderBy(o => o.Reference, StringComparer.Ordinal))
        {
            var lines = order.Lines.Where(l => l.PickedQuantity > 0).Select(l => new CartonLine { LineNumber = l.LineNumber, SkuCode = l.SkuCode, Quantity = l.PickedQuantity }).ToList();
            if (lines.Count == 0)
            {
                // Every line was short: nothing to pack. The supervisor cancels it (the customer is told),
                // or it would come back to the bench every two minutes.
                metrics.Refused("PackCarton: nothing picked");
                _nothingToPack.Add(order.Reference);
                await CancelAsync(order.Reference);
                continue;
            }

            var weight = lines.Sum(l => l.Quantity * (floor.Skus.TryGetValue(l.SkuCode, out var sku) ? sku.UnitWeightKg : 0.5)) + 0.3;
            var carton = await metrics.TryAsync("PackCarton", () => link.CallAsync(metrics, WmsMethods.Shipping.PackCarton, new PackCartonRequest
            {
                RequestId = link.NextRequestId("pack"), WarehouseCode = W, OrderReference = order.Reference, CartonLabel = "CTN-" + order.Reference,
                WeightKg = Math.Round(weight, 3), Lines = { lines },
            }));
            if (carton is null)
            {
                continue;
            }

            var shipment = await metrics.TryAsync("CreateShipment", () => link.CallAsync(metrics, WmsMethods.Shipping.CreateShipment,
                new CreateShipmentRequest { RequestId = link.NextRequestId("shipment"), WarehouseCode = W, OrderReference = order.Reference }));
            if (shipment is not null && metrics.Orders.TryGetValue(order.Reference, out var times))
            {
                times.Packed = loop.Now + PackTime;
                metrics.OrdersPacked++;
            }
        }
    }

    private async Task<List<Order>> ListOrdersAsync(OrderStatus status)
    {
        var token = "";
        var orders = new List<Order>();
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Order.ListOrders, new ListOrdersRequest { WarehouseCode = W, Status = status, PageSize = 500, PageToken = token });
            orders.AddRange(page.Orders);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return orders;
    }
}
