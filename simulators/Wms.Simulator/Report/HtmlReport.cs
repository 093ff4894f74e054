using System.Globalization;
using System.Text;
using Wms.Simulator.Day;

namespace Wms.Simulator.Report;

/// <summary>
/// The end-of-day report: one self-contained HTML file (inline CSS and SVG, no script, no network) with the
/// KPI table and the charts; with a what-if, the days side by side in every table and chart.
/// </summary>
public static class HtmlReport
{
    public static string Render(IReadOnlyList<DaySummary> days)
    {
        var first = days[0].Metrics;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var hours = Enumerable.Range(0, (int)Math.Ceiling((first.End - first.Start).TotalHours)).ToList();
        var hourLabels = hours.Select(h => TimeZoneInfo.ConvertTime(first.Start + TimeSpan.FromHours(h), zone).ToString("HH", CultureInfo.InvariantCulture)).ToList();
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>WMS simulator report</title><style>")
            .Append("body{font-family:sans-serif;margin:24px;color:#1a202c;background:#fff}h1{font-size:22px}h2{font-size:16px;margin-top:28px}")
            .Append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #cbd5e0;padding:4px 10px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:16px}.charts>div{border:1px solid #e2e8f0;padding:6px}.ok{color:#2f855a}.bad{color:#c53030}pre{background:#f7fafc;padding:8px;white-space:pre-wrap}")
            .Append("</style></head><body>");
        var o = first.Options;
        s.Append(F($"<h1>Warehouse day {o.Date:yyyy-MM-dd}, {Svg.E(o.Warehouse)} — seed {o.Seed}</h1>"));
        s.Append(F($"<p>{o.Orders} orders planned over the day (Zipf SKU skew {o.SkuSkew:0.##}, {o.LinesPerOrder:0.#} lines per order on average), shift from {o.ShiftStartHour:0.##} h for {o.Hours:0.##} h, cut-off {o.CutOffHour:0.##} h; walking {o.WalkSpeed:0.##} m/s, {o.SecondsPerPick:0} s per pick, {o.WrongScanRate:P0} wrong scans, {o.ShortPickRate:P0} short picks, waves every {o.WaveMinutes:0} min. Played against the real server through gRPC (pickers through the handheld app's own code) and MQTT (devices), on simulated time.</p>"));

        s.Append("<h2>Key figures</h2><table><tr><th></th>");
        foreach (var d in days)
        {
            s.Append("<th>").Append(Svg.E(d.Metrics.Label)).Append("</th>");
        }

        s.Append("</tr>");
        Row(s, days, "orders in", d => N(d.Metrics.OrdersCreated));
        Row(s, days, "cancelled", d => N(d.Metrics.OrdersCancelled));
        Row(s, days, "due today / shipped today", d => F($"{d.DueToday} / {d.ShippedToday}"));
        Row(s, days, "on-time shipments (due today, shipped today)", d => d.DueToday == 0 ? "-" : F($"{d.ShippedToday / (double)d.DueToday:P0}"));
        Row(s, days, "cycle time median / p90 (min)", d => F($"{d.Percentile(d.CycleMinutes, 0.5):0.0} / {d.Percentile(d.CycleMinutes, 0.9):0.0}"));
        Row(s, days, "packed within 30 min", d => F($"{d.OnTargetShare:P0}"));
        Row(s, days, "lines picked", d => N(d.Metrics.LinesPicked));
        Row(s, days, "lines per picker-hour", d => F($"{d.LinesPerPickerHour:0.0}"));
        Row(s, days, "picker utilisation", d => F($"{d.Utilisation:P0}"));
        Row(s, days, "walking per line (m)", d => F($"{d.MetresPerLine:0.0}"));
        Row(s, days, "wrong scans / short picks", d => F($"{d.Metrics.WrongScans} / {d.Metrics.ShortPicks}"));
        Row(s, days, "cycle counts posted / recounts asked / refused", d => F($"{d.Metrics.Counts.Posted} / {d.Metrics.Counts.Recounts} / {d.Metrics.Counts.Refused}"));
        Row(s, days, "count adjustments: lines (+ / - units)", d => F($"{d.Metrics.Counts.AdjustedLines} (+{d.Metrics.Counts.UnitsAdded} / -{d.Metrics.Counts.UnitsRemoved})"));
        Row(s, days, "lines short at allocation", d => N(d.Metrics.BackorderedLines));
        Row(s, days, "replenishments raised / done", d => F($"{d.Metrics.ReplenishmentTasksCreated} / {d.Metrics.ReplenishmentsConfirmed}"));
        Row(s, days, "receipts done / units received / put away", d => F($"{d.Metrics.Inbound.ReceiptsDone} of {d.Metrics.Inbound.Receipts} / {d.Metrics.Inbound.UnitsReceived} / {d.Metrics.Inbound.UnitsPutAway}"));
        Row(s, days, "stock turnover in the day / days of cover", d => F($"{d.Turnover:0.000} / {d.DaysOfCover:0.0}"));
        Row(s, days, "routes / km planned", d => F($"{d.Delivery.Routes} / {d.Delivery.PlannedKm:0.0}"));
        Row(s, days, "stops delivered / in their window", d => F($"{d.Delivery.Delivered} / {d.OnTimeDeliveryShare:P0}"));
        Row(s, days, "hand-over after plan, median / p90 (min)", d => F($"{d.Percentile(d.MinutesAgainstPlan, 0.5):0.0} / {d.Percentile(d.MinutesAgainstPlan, 0.9):0.0}"));
        Row(s, days, "device readings / dock scans / alerts", d => F($"{d.Metrics.DeviceReadings} / {d.Metrics.DockScans} / {d.Metrics.Alerts}"));
        Row(s, days, "office call latency p50 / p99 (ms, real)", d => F($"{d.Percentile(d.CallsSorted, 0.5):0.00} / {d.Percentile(d.CallsSorted, 0.99):0.00}"));
        // Slotting's effect: every day's walking after the time the slotting day moved its SKUs, against before it.
        if (days.FirstOrDefault(d => d.Metrics.SlottingAppliedAt is not null)?.Metrics.SlottingAppliedAt is { } slotted)
        {
            var at = TimeZoneInfo.ConvertTime(slotted, zone).ToString("HH:mm", CultureInfo.InvariantCulture);
            Row(s, days, "slotting moves applied / units moved", d => d.Metrics.SlottingAppliedAt is null ? "-" : F($"{d.Metrics.SlottingMoves} / {d.Metrics.SlottingUnitsMoved}"));
            Row(s, days, $"walking per line before / after {at} (m)", d => F($"{d.MetresPerLineSplit(slotted, after: false):0.0} / {d.MetresPerLineSplit(slotted, after: true):0.0}"));
            Row(s, days, $"picked bin's walk from the depot per line, before / after {at} (m)", d => F($"{d.DepotMetresPerLine(slotted, after: false):0.0} / {d.DepotMetresPerLine(slotted, after: true):0.0}"));
        }

        if (days.Any(d => d.Metrics.Options.Concurrent))
        {
            Row(s, days, "load: calls / keys / readings per real second", d => F($"{d.CallsSorted.Count / Math.Max(0.001, d.Metrics.LoopDuration.TotalSeconds):0} / {d.HandheldSorted.Count / Math.Max(0.001, d.Metrics.LoopDuration.TotalSeconds):0} / {d.Metrics.DeviceReadings / Math.Max(0.001, d.Metrics.LoopDuration.TotalSeconds):0}"));
            Row(s, days, "load: handheld key p50 / p95 / p99 (ms, real)", d => F($"{d.Percentile(d.HandheldSorted, 0.5):0.00} / {d.Percentile(d.HandheldSorted, 0.95):0.00} / {d.Percentile(d.HandheldSorted, 0.99):0.00}"));
            Row(s, days, "load: reference GetServerInfo p50 / p99 (ms, same run)", d => F($"{d.Percentile(d.Metrics.ReferenceMilliseconds, 0.5):0.00} / {d.Percentile(d.Metrics.ReferenceMilliseconds, 0.99):0.00}"));
        }
        Row(s, days, "stock integrity", d => !d.Metrics.IntegrityChecked ? "not checked" : d.Metrics.IntegrityProblems.Count == 0 ? "<span class=\"ok\">passed</span>" : F($"<span class=\"bad\">{d.Metrics.IntegrityProblems.Count} problems</span>"), raw: true);
        Row(s, days, "run errors", d => d.Metrics.Errors.Count == 0 ? "<span class=\"ok\">0</span>" : F($"<span class=\"bad\">{d.Metrics.Errors.Count}</span>"), raw: true);
        s.Append("</table>");

        SlottingMoves(s, days);
        LoadByHour(s, days);
        s.Append("<div class=\"charts\">");
        Chart(s, Svg.Bars("Orders per hour (in, per day)", hourLabels,
            days.Select(d => (d.Metrics.Label + " in", (IReadOnlyList<double>)hours.Select(h => (double)d.Metrics.Orders.Values.Count(x => d.Metrics.HourOf(x.Created) == h)).ToList()))
                .Concat(days.Select(d => (d.Metrics.Label + " packed", (IReadOnlyList<double>)hours.Select(h => (double)d.Metrics.Orders.Values.Count(x => x.Packed is { } p && d.Metrics.HourOf(p) == h)).ToList())))
                .ToList(), "orders per local hour", CutOffIndex(first, hours.Count), "cut-off"));

        var buckets = Enumerable.Range(0, 13).ToList();
        Chart(s, Svg.Bars("Order cycle time (to packed)", buckets.Select(b => b == 12 ? "120+" : N(b * 10)).ToList(),
            days.Select(d => (d.Metrics.Label, (IReadOnlyList<double>)buckets.Select(b => (double)d.CycleMinutes.Count(m => Math.Min(12, (int)(m / 10)) == b)).ToList())).ToList(),
            "orders per 10-minute bucket", 3, "30-min target"));

        Chart(s, Svg.Bars("Lines per picker-hour", days[0].Metrics.Pickers.Select(p => p.Name.Replace("picker-", "", StringComparison.Ordinal)).ToList(),
            days.Select(d => (d.Metrics.Label, (IReadOnlyList<double>)d.Metrics.Pickers.Select(p => p.SignedIn.TotalHours == 0 ? 0 : p.Lines / p.SignedIn.TotalHours).ToList())).ToList(), "lines per hour signed in, by picker"));

        Chart(s, Svg.Bars("Walking distance per line", days[0].Metrics.Pickers.Select(p => p.Name.Replace("picker-", "", StringComparison.Ordinal)).ToList(),
            days.Select(d => (d.Metrics.Label, (IReadOnlyList<double>)d.Metrics.Pickers.Select(p => p.Lines == 0 ? 0 : p.WalkedMetres / p.Lines).ToList())).ToList(), "metres per line, by picker"));

        Chart(s, Svg.Bars("Stock-outs and replenishments", hourLabels,
            days.Select(d => (d.Metrics.Label + " stock-outs", (IReadOnlyList<double>)hours.Select(h => (double)d.Metrics.StockOutsByHour.GetValueOrDefault(h)).ToList()))
                .Concat(days.Select(d => (d.Metrics.Label + " replenished", (IReadOnlyList<double>)hours.Select(h => (double)d.Metrics.ReplenishmentsByHour.GetValueOrDefault(h)).ToList())))
                .ToList(), "per local hour (short lines and short picks; replenishments done)"));
        var deliveryHours = Enumerable.Range(0, Math.Max(hours.Count, days.Max(d => d.Delivery.ByHour.Keys.DefaultIfEmpty(0).Max() + 1))).ToList();
        Chart(s, Svg.Bars("Deliveries per hour", deliveryHours.Select(h => TimeZoneInfo.ConvertTime(first.Start + TimeSpan.FromHours(h), zone).ToString("HH", CultureInfo.InvariantCulture)).ToList(),
            days.Select(d => (d.Metrics.Label, (IReadOnlyList<double>)deliveryHours.Select(h => (double)d.Delivery.ByHour.GetValueOrDefault(h)).ToList())).ToList(), "stops handed over per local hour"));

        var top = days[0].TurnoverBySku(12);
        Chart(s, Svg.Bars("Stock turnover, most picked SKUs", top.Select(t => t.Sku).ToList(),
            days.Select(d => (d.Metrics.Label, (IReadOnlyList<double>)top.Select(t => d.TurnoverBySku(int.MaxValue).FirstOrDefault(x => x.Sku == t.Sku).Turnover).ToList())).ToList(),
            "units picked over average units on hand, in the day"));
        s.Append("</div>");

        s.Append("<h2>Summary</h2>");
        foreach (var d in days)
        {
            s.Append("<pre>").Append(Svg.E(d.Text())).Append(Svg.E(d.Timing())).Append("</pre>");
        }

        s.Append("</body></html>");
        return s.ToString();
    }

    /// <summary>The moves each slotting day carried out: SKU, from, to, the walk the advice expects them to save.</summary>
    private static void SlottingMoves(StringBuilder s, IReadOnlyList<DaySummary> days)
    {
        foreach (var d in days.Where(d => d.Metrics.SlottingAppliedAt is not null))
        {
            s.Append("<h2>Slotting moves: ").Append(Svg.E(d.Metrics.Label)).Append("</h2><p>").Append(Svg.E(d.SlottingEffect() ?? "")).Append("</p>");
            if (d.Metrics.SlottingMovesDone.Count == 0)
            {
                s.Append("<p>No move: ").Append(Svg.E(d.Metrics.SlottingAdvice)).Append("</p>");
                continue;
            }

            s.Append("<table><tr><th>SKU</th><th>from</th><th>to</th><th>units</th><th>walk saved per day (m, advised)</th></tr>");
            foreach (var m in d.Metrics.SlottingMovesDone)
            {
                s.Append(F($"<tr><td>{Svg.E(m.Sku)}</td><td>{Svg.E(m.From)}</td><td>{Svg.E(m.To)}</td><td>{m.Units}</td><td>{m.WalkSavedPerDayM:0.0}</td></tr>"));
            }

            s.Append("</table>");
        }
    }

    /// <summary>Load mode: per simulated hour, real time taken, throughput and latency percentiles.</summary>
    private static void LoadByHour(StringBuilder s, IReadOnlyList<DaySummary> days)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        foreach (var d in days.Where(d => d.Metrics.Options.Concurrent))
        {
            s.Append("<h2>Load per simulated hour: ").Append(Svg.E(d.Metrics.Label)).Append("</h2>")
                .Append("<table><tr><th>hour from</th><th>real s</th><th>office calls/s</th><th>call p50 / p99 ms</th><th>handheld keys/s</th><th>key p50 / p95 / p99 ms</th><th>readings/s</th></tr>");
            foreach (var h in d.LoadByHour())
            {
                s.Append(F($"<tr><td>{TimeZoneInfo.ConvertTime(h.From, zone):HH:mm}</td><td>{h.RealSeconds:0}</td><td>{h.CallsPerSecond:0}</td><td>{h.CallP50:0.00} / {h.CallP99:0.00}</td><td>{h.KeysPerSecond:0}</td><td>{h.KeyP50:0.00} / {h.KeyP95:0.00} / {h.KeyP99:0.00}</td><td>{h.ReadingsPerSecond:0}</td></tr>"));
            }

            s.Append("</table>");
        }
    }

    private static double? CutOffIndex(DayMetrics m, int hours)
    {
        var index = m.Options.CutOffHour;
        return index < hours ? index : null;
    }

    private static void Chart(StringBuilder s, string svg) => s.Append("<div>").Append(svg).Append("</div>");

    private static void Row(StringBuilder s, IReadOnlyList<DaySummary> days, string name, Func<DaySummary, string> value, bool raw = false)
    {
        s.Append("<tr><td>").Append(Svg.E(name)).Append("</td>");
        foreach (var d in days)
        {
            s.Append("<td>").Append(raw ? value(d) : Svg.E(value(d))).Append("</td>");
        }

        s.Append("</tr>");
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
