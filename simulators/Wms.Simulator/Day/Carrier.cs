using System.Globalization;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>
/// Dispatch and the vans, through gRPC: at each departure the dispatcher plans routes for what is packed
/// (<c>PlanRoutes</c> with the day's engine), commits the plan, the dock scanner scans each shipment onto its
/// van (MQTT <c>scan</c> event <c>load</c>; gRPC <c>MarkLoaded</c> when there is no scanner), the vans leave
/// (<c>MarkShipped</c>) and are "driven": each leg takes the planned travel time times a traffic factor of
/// the route (seeded), the driver waits for a window that has not opened, and reports each stop done
/// (<c>ReportStopDone</c>) at the simulated time of the hand-over. A van drives one route a day, so every
/// departure has vans of its own (<c>D1-VAN-1</c>, ...), whose shift starts at the departure.
/// </summary>
public sealed class Carrier(SimOptions options, ServerLink link, EventLoop loop, DayMetrics metrics, DateTimeOffset midnight, Devices? devices, Random random)
{
    /// <summary>Vans are back by then; windows of the demo end at 21:00.</summary>
    private const string ShiftEnd = "22:00";

    private readonly List<DateTimeOffset> _departures = [];

    /// <summary>The last hand-over planned: the day runs until then.</summary>
    public DateTimeOffset LastDelivery { get; private set; }

    private string W => options.Warehouse;

    /// <summary>Every <see cref="SimOptions.TourHours"/> from the shift start, and one at the end of the shift.</summary>
    public static IReadOnlyList<DateTimeOffset> Departures(SimOptions options, DateTimeOffset shiftStart, DateTimeOffset end)
    {
        var times = new List<DateTimeOffset>();
        for (var at = shiftStart + TimeSpan.FromHours(options.TourHours); at < end; at += TimeSpan.FromHours(options.TourHours))
        {
            times.Add(at);
        }

        times.Add(end);
        return times;
    }

    private static string VanCode(int departure, int van) => $"D{departure + 1}-VAN-{van + 1}";

    /// <summary>The vans of every departure (800 kg, 6 m³, the demo's cost), their shift starting at the departure.</summary>
    public async Task SetUpAsync(DateTimeOffset shiftStart, DateTimeOffset end)
    {
        _departures.AddRange(Departures(options, shiftStart, end));
        var vans = new UpsertVehiclesRequest { RequestId = link.NextRequestId("vans"), WarehouseCode = W };
        for (var d = 0; d < _departures.Count; d++)
        {
            for (var v = 0; v < options.Vans; v++)
            {
                vans.Vehicles.Add(new Vehicle
                {
                    Code = VanCode(d, v), Name = $"Van {v + 1} of departure {d + 1}", WeightCapacityKg = 800, VolumeCapacityM3 = 6,
                    ShiftStart = Clock(_departures[d]), ShiftEnd = ShiftEnd, CostPerKm = 0.45, FixedCost = 60,
                });
            }
        }

        await link.CallAsync(metrics, WmsMethods.Dispatch.UpsertVehicles, vans);
        for (var d = 0; d < _departures.Count; d++)
        {
            var departure = d;
            loop.At(_departures[d], () => DepartAsync(departure));
        }
    }

    private string Clock(DateTimeOffset at) => (at - midnight).ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private async Task DepartAsync(int departure)
    {
        var date = options.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var plan = await metrics.TryAsync("PlanRoutes", () => link.CallAsync(metrics, WmsMethods.Dispatch.PlanRoutes, new PlanRoutesRequest
        {
            RequestId = link.NextRequestId("plan"), WarehouseCode = W, DeliveryDate = date, Seed = Math.Max(1, options.Seed), Engine = options.Engine,
            VehicleCodes = { Enumerable.Range(0, options.Vans).Select(v => VanCode(departure, v)) },
            // In-process the server caps the solver's iterations (deterministic plans); the budget only bounds a slow machine.
            TimeBudgetMs = link.InProcess ? 30_000 : 2_000,
        }));
        if (plan is null || plan.Totals.StopsRouted == 0)
        {
            return;
        }

        metrics.Delivery.LeftOut += plan.Totals.StopsUnserved;
        var committed = await metrics.TryAsync("CommitRoutePlan", () => link.CallAsync(metrics, WmsMethods.Dispatch.CommitRoutePlan,
            new CommitRoutePlanRequest { RequestId = link.NextRequestId("commit"), PlanId = plan.PlanId, ExpectedVersion = plan.Version }));
        if (committed is null)
        {
            return;
        }

        foreach (var route in committed.Routes.Where(r => r.Stops.Count > 0).OrderBy(r => r.VehicleCode, StringComparer.Ordinal))
        {
            metrics.Delivery.Routes++;
            metrics.Delivery.PlannedKm += route.DistanceKm;
            foreach (var stop in route.Stops.OrderBy(s => s.StopNumber))
            {
                await LoadAndShipAsync(stop);
            }

            Drive(committed.PlanId, route);
        }
    }

    /// <summary>Scanned onto the van at the dock, then the van leaves with it.</summary>
    private async Task LoadAndShipAsync(PlannedStop stop)
    {
        var loaded = false;
        if (devices is not null && await devices.ScanLoadAsync(stop.ShipmentId))
        {
            var shipment = await link.CallAsync(metrics, WmsMethods.Shipping.GetShipment, new GetShipmentRequest { ShipmentId = stop.ShipmentId });
            loaded = shipment.Status == ShipmentStatus.Loaded;
            if (loaded)
            {
                metrics.Delivery.LoadedByScanner++;
            }
            else
            {
                metrics.Refused("dock scan load: not loaded");
            }
        }

        if (!loaded && await metrics.TryAsync("MarkLoaded", () => link.CallAsync(metrics, WmsMethods.Shipping.MarkLoaded,
                new ShipmentTransitionRequest { RequestId = link.NextRequestId("loaded"), ShipmentId = stop.ShipmentId })) is null)
        {
            return;
        }

        var shipped = await metrics.TryAsync("MarkShipped", () => link.CallAsync(metrics, WmsMethods.Shipping.MarkShipped,
            new ShipmentTransitionRequest { RequestId = link.NextRequestId("shipped"), ShipmentId = stop.ShipmentId }));
        if (shipped is not null && metrics.Orders.TryGetValue(stop.OrderReference, out var times))
        {
            times.Shipped = loop.Now;
            metrics.OrdersShipped++;
        }
    }

    /// <summary>
    /// The van drives its route: legs take the planned time times the route's traffic factor (0.9-1.35), an early
    /// van waits for the window, the hand-over takes the planned service time. Each stop is reported done then.
    /// </summary>
    private void Drive(long planId, PlannedRoute route)
    {
        var traffic = 0.9 + (random.NextDouble() * 0.45);
        var at = Max(midnight + TimeSpan.FromSeconds(route.StartSecond), loop.Now);
        var plannedFrom = route.StartSecond;
        foreach (var stop in route.Stops.OrderBy(s => s.StopNumber))
        {
            var arrive = at + TimeSpan.FromSeconds((stop.ArrivalSecond - plannedFrom) * traffic);
            var opens = midnight + TimeSpan.FromMinutes(Minutes(stop.WindowStart, 0));
            var closes = midnight + TimeSpan.FromMinutes(Minutes(stop.WindowEnd, 24 * 60));
            var handOver = Max(arrive, opens);
            var planned = midnight + TimeSpan.FromSeconds(stop.ServiceStartSecond);
            var shipment = stop.ShipmentId;
            var onTime = handOver <= closes;
            loop.At(handOver, () => DeliveredAsync(planId, shipment, handOver, onTime, handOver - planned));
            at = handOver + TimeSpan.FromSeconds(stop.DepartureSecond - stop.ServiceStartSecond);
            plannedFrom = stop.DepartureSecond;
            LastDelivery = Max(LastDelivery, handOver);
        }
    }

    private async Task DeliveredAsync(long planId, long shipmentId, DateTimeOffset at, bool onTime, TimeSpan lateAgainstPlan)
    {
        var done = await metrics.TryAsync("ReportStopDone", () => link.CallAsync(metrics, WmsMethods.Dispatch.ReportStopDone, new ReportStopDoneRequest
        {
            RequestId = link.NextRequestId("delivered"), PlanId = planId, ShipmentId = shipmentId, DoneTime = Clock(at), ReceivedBy = "Customer",
        }));
        if (done is null)
        {
            return;
        }

        metrics.Delivery.Delivered++;
        metrics.Delivery.OnTime += onTime ? 1 : 0;
        metrics.Delivery.MinutesAgainstPlan.Add(lateAgainstPlan.TotalMinutes);
        DayMetrics.Count(metrics.Delivery.ByHour, metrics.HourOf(at));
    }

    private static int Minutes(string clock, int fallback) =>
        clock.Length == 5 && int.TryParse(clock[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && int.TryParse(clock[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            ? (h * 60) + m : fallback;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
