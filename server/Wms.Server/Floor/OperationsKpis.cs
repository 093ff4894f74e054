using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Dispatch;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Picking;
using Wms.Server.Shipping;

namespace Wms.Server.Floor;

/// <summary>
/// The floor's KPIs over a date range (UTC days), per day and in total, all from rows the server keeps anyway:
/// <list type="bullet">
/// <item>order cycle time: from an order's creation to its last pick confirmation, for the orders created in the
/// range that are picked (or packed, shipped); against the seeds' 30-minute target;</item>
/// <item>lines per picker-hour: pick confirmations (ledger rows of reason pick) per hour a picker was picking, an
/// hour counted when the picker confirmed at least one line in that clock hour (there is no shift clock);</item>
/// <item>on-time delivery: stops of committed route plans delivered in the range whose proof of delivery came
/// inside the order's time window.</item>
/// </list>
/// </summary>
public sealed class OperationsKpis(IDbContextFactory<WmsDbContext> contexts)
{
    public const double CycleTargetMinutes = 30;

    private const int MaxDays = 366;

    public sealed record Day(DateOnly Date, int OrdersCompleted, double AverageCycleMinutes, double WithinTarget, int PickLines, int PickerHours, double LinesPerPickerHour, int Deliveries, double OnTime);

    public sealed record Report(DateOnly From, DateOnly To, IReadOnlyList<Day> Days, Day Total);

    public async Task<Report> ComputeAsync(string warehouseCode, string from, string to, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code", Limits.WarehouseCode);
        var first = Require.Date(from, "from");
        var last = Require.Date(to, "to");
        if (last < first)
        {
            throw DomainException.Invalid("to", $"({to}) is before from ({from}).");
        }

        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
        {
            throw DomainException.Invalid("to", $"the range may span at most {MaxDays} days.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, code, cancellationToken);
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        // Pick confirmations from the range's start on: they serve both the picker-hours and the orders' last picks.
        var picks = await db.Set<LedgerEntry>().AsNoTracking()
            .Where(e => e.WarehouseId == warehouseId && e.Reason == LedgerReason.Pick && e.At >= start)
            .Select(e => new { e.Actor, e.At, e.Reference }).ToListAsync(cancellationToken);

        var done = new[] { OrderStatus.Picked, OrderStatus.Packed, OrderStatus.Shipped };
        var orders = await db.Set<Order>().AsNoTracking()
            .Where(o => o.WarehouseId == warehouseId && o.CreatedAt >= start && o.CreatedAt < end && done.Contains(o.Status))
            .Select(o => new { o.Id, o.CreatedAt }).ToListAsync(cancellationToken);
        var orderIds = orders.Select(o => o.Id).ToList();
        var taskOrders = await db.Set<PickTask>().AsNoTracking().Where(t => orderIds.Contains(t.OrderId))
            .Select(t => new { t.Id, t.OrderId }).ToDictionaryAsync(t => "pick-task:" + t.Id.ToString(CultureInfo.InvariantCulture), t => t.OrderId, cancellationToken);
        var lastPick = picks.Where(p => taskOrders.ContainsKey(p.Reference)).GroupBy(p => taskOrders[p.Reference]).ToDictionary(g => g.Key, g => g.Max(p => p.At));
        var cycles = orders.Where(o => lastPick.ContainsKey(o.Id))
            .Select(o => (Date: DateOnly.FromDateTime(o.CreatedAt.UtcDateTime), Minutes: (lastPick[o.Id] - o.CreatedAt).TotalMinutes)).ToList();

        var lines = picks.Where(p => p.At < end).Select(p => (Date: DateOnly.FromDateTime(p.At.UtcDateTime), p.Actor, Hour: p.At.UtcDateTime.Hour)).ToList();

        var stops = await (from stop in db.Set<PlannedStop>()
                           join plan in db.Set<RoutePlan>() on stop.PlanId equals plan.Id
                           where plan.WarehouseId == warehouseId && plan.Status == RoutePlanStatus.Committed
                                 && plan.DeliveryDate >= first && plan.DeliveryDate <= last && stop.DeliveredSecond != null
                           join shipment in db.Set<Shipment>() on stop.ShipmentId equals shipment.Id
                           join order in db.Set<Order>() on shipment.OrderId equals order.Id
                           select new { plan.DeliveryDate, Delivered = stop.DeliveredSecond!.Value, order.WindowStartMinutes, order.WindowEndMinutes })
            .ToListAsync(cancellationToken);
        var deliveries = stops.Select(s => (Date: s.DeliveryDate, OnTime: s.Delivered >= s.WindowStartMinutes * 60 && s.Delivered <= s.WindowEndMinutes * 60)).ToList();

        Day Summarise(DateOnly date, Func<DateOnly, bool> inDay)
        {
            var dayCycles = cycles.Where(c => inDay(c.Date)).ToList();
            var dayLines = lines.Where(l => inDay(l.Date)).ToList();
            var hours = dayLines.Select(l => (l.Date, l.Actor, l.Hour)).Distinct().Count();
            var dayDeliveries = deliveries.Where(d => inDay(d.Date)).ToList();
            return new Day(date, dayCycles.Count,
                dayCycles.Count == 0 ? -1 : dayCycles.Average(c => c.Minutes),
                dayCycles.Count == 0 ? -1 : (double)dayCycles.Count(c => c.Minutes <= CycleTargetMinutes) / dayCycles.Count,
                dayLines.Count, hours, hours == 0 ? -1 : (double)dayLines.Count / hours,
                dayDeliveries.Count, dayDeliveries.Count == 0 ? -1 : (double)dayDeliveries.Count(d => d.OnTime) / dayDeliveries.Count);
        }

        var days = Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(i => first.AddDays(i)).Select(d => Summarise(d, x => x == d)).ToList();
        return new Report(first, last, days, Summarise(first, _ => true));
    }
}
