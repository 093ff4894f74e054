using System.Globalization;
using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>
/// The shop and the supervisor's desk, through gRPC: orders come in (and some are cancelled), waves are
/// allocated and released every few minutes (rush orders at once), the replenishment scan runs every
/// quarter hour and a replenisher works its tasks, the packing bench packs what is picked, and the
/// carrier leaves on the hour with what is packed.
/// </summary>
public sealed class Office(SimOptions options, ServerLink link, Floor floor, EventLoop loop, DayMetrics metrics, TimeZoneInfo zone)
{
    private static readonly TimeSpan PackTime = TimeSpan.FromMinutes(2);
    private readonly HashSet<string> _facesWithoutReserve = new(StringComparer.Ordinal);
    private readonly Queue<ReplenishmentTask> _replenishmentQueue = new();
    private readonly HashSet<long> _replenishmentTaken = [];
    private readonly HashSet<string> _nothingToPack = new(StringComparer.Ordinal);
    private readonly HashSet<(string Order, int Line)> _shortLines = [];
    private bool _replenisherBusy;
    private (double X, double Y) _replenisherAt = floor.Depot;

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
            faces.AddRange(page.Lines.Where(l => floor.Bins.Any(b => b.Code == l.BinCode && b.Kind == BinKind.PickFace)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        foreach (var face in faces.DistinctBy(f => (f.BinCode, f.SkuCode)).OrderBy(f => f.BinCode, StringComparer.Ordinal))
        {
            await link.CallAsync(metrics, WmsMethods.Replenishment.SetPickFace, new SetPickFaceRequest
            {
                RequestId = link.NextRequestId("face"), WarehouseCode = W, BinCode = face.BinCode, SkuCode = face.SkuCode, MinQuantity = 15, MaxQuantity = 120,
            });
        }
    }

    public void Schedule(IReadOnlyList<PlannedOrder> orders, DateTimeOffset end)
    {
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

        for (var at = ShiftStart + TimeSpan.FromHours(1); at <= end; at += TimeSpan.FromHours(1))
        {
            loop.At(at, DepartAsync);
        }
    }

    private async Task CreateAsync(PlannedOrder order)
    {
        var afterCutOff = loop.Now > CutOff;
        var shipDate = LocalDate(loop.Now).AddDays(afterCutOff ? 1 : 0);
        await Try("CreateOrder", () => link.CallAsync(metrics, WmsMethods.Order.CreateOrder, new CreateOrderRequest
        {
            RequestId = link.NextRequestId("order"), WarehouseCode = W, Reference = order.Reference, Priority = order.Rush ? 10 : 0,
            RequestedShipDate = shipDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CustomerName = "Customer " + order.Reference[^5..],
            AddressLine = "Simulated Str. " + order.Reference[^3..], Latitude = 50.11, Longitude = 8.68,
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

        // A rush that may still ship today goes to the floor at once, as its own wave.
        if (order.Rush && !afterCutOff && loop.Now >= ShiftStart)
        {
            metrics.Rushes++;
            if (await AllocateAsync(order.Reference))
            {
                await ReleaseAsync([order.Reference]);
            }
        }
    }

    private async Task CancelAsync(string reference)
    {
        var cancelled = await Try("CancelOrder", () => link.CallAsync(metrics, WmsMethods.Order.CancelOrder,
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
        var order = await Try("AllocateOrder", () => link.CallAsync(metrics, WmsMethods.Order.AllocateOrder,
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
            var wave = await Try("ReleaseWave", () => link.CallAsync(metrics, WmsMethods.Order.ReleaseWave, new ReleaseWaveRequest
            {
                RequestId = link.NextRequestId("wave"), WarehouseCode = W, OrderReferences = { references.Skip(i).Take(100) }, MaxLinesPerTrip = options.MaxLinesPerTrip,
            }));
            if (wave is not null)
            {
                metrics.Waves++;
            }
        }
    }

    private async Task ReplenishAsync()
    {
        var run = await Try("RunReplenishment", () => link.CallAsync(metrics, WmsMethods.Replenishment.RunReplenishment,
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
        // min tops it up at once): the replenisher takes every open task it has not taken yet.
        var tasks = await link.CallAsync(metrics, WmsMethods.Replenishment.ListReplenishmentTasks, new ListReplenishmentTasksRequest { WarehouseCode = W, PageSize = 200 });
        foreach (var task in tasks.Tasks.Where(t => _replenishmentTaken.Add(t.TaskId)).OrderBy(t => t.TaskId))
        {
            metrics.ReplenishmentTasksCreated++;
            _replenishmentQueue.Enqueue(task);
        }

        if (_replenishmentQueue.Count > 0 && !_replenisherBusy)
        {
            _replenisherBusy = true;
            loop.After(TimeSpan.Zero, ReplenishNextAsync);
        }
    }

    /// <summary>The replenisher walks reserve → face for each task and confirms it there (both bins and the item scanned).</summary>
    private async Task ReplenishNextAsync()
    {
        if (!_replenishmentQueue.TryDequeue(out var task))
        {
            _replenisherBusy = false;
            return;
        }

        var from = floor.PositionOf(task.FromBinCode);
        var to = floor.PositionOf(task.ToBinCode);
        var walk = floor.Distance(_replenisherAt, from) + floor.Distance(from, to);
        _replenisherAt = to;
        var confirmed = await Try("ConfirmReplenishment", () => link.CallAsync(metrics, WmsMethods.Replenishment.ConfirmReplenishment, new ConfirmReplenishmentRequest
        {
            RequestId = link.NextRequestId("replenished"), TaskId = task.TaskId, ScannedFromBinCode = task.FromBinCode, ScannedSku = task.SkuCode,
            Lot = task.Lot, Quantity = task.QuantityRemaining, ScannedToBinCode = task.ToBinCode,
        }));
        if (confirmed is not null)
        {
            metrics.ReplenishmentsConfirmed++;
            DayMetrics.Count(metrics.ReplenishmentsByHour, metrics.HourOf(loop.Now));
        }

        loop.After(TimeSpan.FromSeconds(walk / options.WalkSpeed + 60), ReplenishNextAsync);
    }

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
            var carton = await Try("PackCarton", () => link.CallAsync(metrics, WmsMethods.Shipping.PackCarton, new PackCartonRequest
            {
                RequestId = link.NextRequestId("pack"), WarehouseCode = W, OrderReference = order.Reference, CartonLabel = "CTN-" + order.Reference,
                WeightKg = Math.Round(weight, 3), Lines = { lines },
            }));
            if (carton is null)
            {
                continue;
            }

            var shipment = await Try("CreateShipment", () => link.CallAsync(metrics, WmsMethods.Shipping.CreateShipment,
                new CreateShipmentRequest { RequestId = link.NextRequestId("shipment"), WarehouseCode = W, OrderReference = order.Reference }));
            if (shipment is not null && metrics.Orders.TryGetValue(order.Reference, out var times))
            {
                times.Packed = loop.Now + PackTime;
                metrics.OrdersPacked++;
            }
        }
    }

    /// <summary>The carrier's truck, on the hour: everything packed is loaded and leaves.</summary>
    private async Task DepartAsync()
    {
        var token = "";
        var open = new List<Shipment>();
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Shipping.ListShipments, new ListShipmentsRequest { WarehouseCode = W, Status = ShipmentStatus.Open, PageSize = 500, PageToken = token });
            open.AddRange(page.Shipments);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        foreach (var shipment in open.OrderBy(s => s.ShipmentId))
        {
            var request = new ShipmentTransitionRequest { RequestId = link.NextRequestId("loaded"), ShipmentId = shipment.ShipmentId };
            if (await Try("MarkLoaded", () => link.CallAsync(metrics, WmsMethods.Shipping.MarkLoaded, request)) is null)
            {
                continue;
            }

            var shipped = await Try("MarkShipped", () => link.CallAsync(metrics, WmsMethods.Shipping.MarkShipped,
                new ShipmentTransitionRequest { RequestId = link.NextRequestId("shipped"), ShipmentId = shipment.ShipmentId }));
            if (shipped is not null && metrics.Orders.TryGetValue(shipment.OrderReference, out var times))
            {
                times.Shipped = loop.Now;
                metrics.OrdersShipped++;
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

    /// <summary>A call whose business refusal is counted and answered as null; any other failure is an error of the run.</summary>
    private async Task<T?> Try<T>(string what, Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (RpcException error) when (ServerLink.IsRefusal(error))
        {
            metrics.Refused($"{what}: {error.StatusCode}");
            return null;
        }
        catch (RpcException error)
        {
            metrics.Errors.Add($"{what}: {error.StatusCode} {error.Status.Detail}");
            return null;
        }
    }
}
