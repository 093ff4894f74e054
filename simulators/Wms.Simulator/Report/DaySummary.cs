using System.Globalization;
using System.Text;
using Wms.Simulator.Day;

namespace Wms.Simulator.Report;

/// <summary>One simulated hour of a load run: real seconds it took, what was served per real second, latencies (real ms).</summary>
public sealed record HourLoad(DateTimeOffset From, TimeSpan Simulated, double RealSeconds, double CallsPerSecond, double KeysPerSecond, double ReadingsPerSecond,
    double CallP50, double CallP99, double KeyP50, double KeyP95, double KeyP99);

/// <summary>The day's KPIs, computed once from the metrics, for the console summary and the HTML report alike.</summary>
public sealed record DaySummary(DayMetrics Metrics)
{
    public static readonly TimeSpan CycleTarget = TimeSpan.FromMinutes(30);

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>
    /// Order cycle time: from when the order could be worked (its arrival, or the shift start for the night's
    /// backlog) until it was packed and ready to ship. Orders that came after the cut-off ship tomorrow and
    /// are not counted.
    /// </summary>
    public IReadOnlyList<double> CycleMinutes { get; } = Metrics.Orders.Values
        .Where(o => o.Packed is not null && o.ShipsToday)
        .Select(o => (o.Packed!.Value - Max(o.Created, ShiftStart(Metrics))).TotalMinutes)
        .Order().ToList();

    public double OnTargetShare => CycleMinutes.Count == 0 ? 0 : CycleMinutes.Count(m => m <= CycleTarget.TotalMinutes) / (double)CycleMinutes.Count;

    public double Percentile(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1 < 0 ? 0 : (int)Math.Ceiling(p * sorted.Count) - 1)];

    public double PickerHours => Metrics.Pickers.Sum(p => p.SignedIn.TotalHours);

    public double LinesPerPickerHour => PickerHours == 0 ? 0 : Metrics.LinesPicked / PickerHours;

    public double WalkedMetres => Metrics.Pickers.Sum(p => p.WalkedMetres);

    public double MetresPerLine => Metrics.LinesPicked == 0 ? 0 : WalkedMetres / Metrics.LinesPicked;

    public double Utilisation => PickerHours == 0 ? 0 : Metrics.Pickers.Sum(p => p.Busy.TotalHours) / PickerHours;

    public int DueToday => Metrics.Orders.Values.Count(o => o.ShipsToday && o.Cancelled is null);

    public int ShippedToday => Metrics.Orders.Values.Count(o => o.ShipsToday && o.Cancelled is null && o.Shipped is not null);

    public IReadOnlyList<double> CallsSorted { get; } = Metrics.CallMilliseconds.Order().ToList();

    public IReadOnlyList<double> HandheldSorted { get; } = Metrics.HandheldMilliseconds.Order().ToList();

    public DeliveryStats Delivery => Metrics.Delivery;

    public double OnTimeDeliveryShare => Delivery.Delivered == 0 ? 0 : Delivery.OnTime / (double)Delivery.Delivered;

    public IReadOnlyList<double> MinutesAgainstPlan { get; } = Metrics.Delivery.MinutesAgainstPlan.Order().ToList();

    public long OnHandStart => Metrics.OnHandStart.Values.Sum();

    public long OnHandEnd => Metrics.OnHandEnd.Values.Sum();

    /// <summary>Stock turnover of the day: units picked over the average units on hand (start and end of the shift).</summary>
    public double Turnover => Turn(Metrics.UnitsPicked, OnHandStart, OnHandEnd);

    /// <summary>Days the average stock lasts at the day's rate of picking.</summary>
    public double DaysOfCover => Metrics.UnitsPicked == 0 ? 0 : (OnHandStart + OnHandEnd) / 2.0 / Metrics.UnitsPicked;

    /// <summary>Turnover per SKU, the most picked first.</summary>
    public IReadOnlyList<(string Sku, long Picked, double Turnover)> TurnoverBySku(int top) => Metrics.UnitsPickedBySku
        .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(top)
        .Select(p => (p.Key, p.Value, Turn(p.Value, Metrics.OnHandStart.GetValueOrDefault(p.Key), Metrics.OnHandEnd.GetValueOrDefault(p.Key)))).ToList();

    private static double Turn(long picked, long start, long end) => start + end == 0 ? 0 : picked / ((start + end) / 2.0);

    private static DateTimeOffset ShiftStart(DayMetrics m) => m.Start + TimeSpan.FromHours(m.Options.ShiftStartHour);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The plain-text summary (also what the determinism test compares: simulated facts only, no real times).</summary>
    public string Text()
    {
        var m = Metrics;
        var o = m.Options;
        var s = new StringBuilder();
        void Line(string text) => s.Append(text).Append('\n');
        Line(F($"{m.Label}: seed {o.Seed}, {o.Date:yyyy-MM-dd} {o.Warehouse}, {o.Pickers} pickers, {o.Hours:0.##} h from {o.ShiftStartHour:0.##} h, cut-off {o.CutOffHour:0.##} h"));
        Line(F($"  settings  batching {o.Batching}, slotting {(o.SlottingHour is { } h ? F($"at {h:0.##} h") : "off")}, engine {o.Engine}, {o.Vans} vans every {o.TourHours:0.##} h, {o.Receipts} receipts") + (o.Concurrent ? ", concurrent (load mode)" : ""));
        Line(F($"  orders    {m.OrdersCreated} in ({m.OrdersAfterCutOff} after the cut-off, {m.Rushes} rushes), {m.OrdersCancelled} cancelled, {m.OrdersPacked} packed, {m.OrdersShipped} shipped"));
        Line(F($"  due today {DueToday}, shipped today {ShippedToday} ({Share(ShippedToday, DueToday)})"));
        Line(F($"  cycle     {CycleMinutes.Count} orders: median {Percentile(CycleMinutes, 0.5):0.0} min, p90 {Percentile(CycleMinutes, 0.9):0.0} min, {OnTargetShare:P0} within {CycleTarget.TotalMinutes:0} min"));
        Line(F($"  picking   {m.LinesPicked} lines, {m.UnitsPicked} units, {m.TripsStarted} trips, {LinesPerPickerHour:0.0} lines per picker-hour, utilisation {Utilisation:P0}"));
        Line(F($"  walking   {WalkedMetres / 1000:0.00} km, {MetresPerLine:0.0} m per line"));
        Line(F($"  errors    {m.WrongScans} wrong scans, {m.ShortPicks} short picks"));
        Line(F($"  stock     {m.BackorderedLines} lines short at allocation, {m.FacesWithoutReserve} faces without reserve, {m.ReplenishmentTasksCreated} replenishments raised, {m.ReplenishmentsConfirmed} done"));
        Line(F($"  inbound   {m.Inbound.Receipts} receipts, {m.Inbound.ReceiptsDone} done, {m.Inbound.UnitsReceived} of {m.Inbound.UnitsExpected} units received, {m.Inbound.UnitsPutAway} put away, {m.Inbound.ItemsLeftInDock} left in the dock"));
        Line(F($"  turnover  {Turnover:0.000} of the stock picked in the day (on hand {OnHandStart} at the start, {OnHandEnd} at the end), {DaysOfCover:0.0} days of cover"));
        if (o.SlottingHour is not null)
        {
            Line(F($"  slotting  {m.SlottingAdvice}; {m.SlottingMoves} moves applied, {m.SlottingUnitsMoved} units moved") + (SlottingEffect() is { } effect ? "; " + effect : ""));
        }

        var c = m.Counts;
        Line(F($"  counts    {c.Submitted} submitted, {c.Posted} posted, {c.Recounts} recounts asked, {c.Refused} refused; {c.AdjustedLines} lines adjusted (+{c.UnitsAdded} / -{c.UnitsRemoved} units), {c.UnitsFoundMissing} units found missing after short picks, {c.Miscounted} lines miscounted"));

        Line(F($"  delivery  {Delivery.Routes} routes, {Delivery.PlannedKm:0.0} km planned, {Delivery.LoadedByScanner} loaded by the dock scanner; {Delivery.Delivered} delivered, {OnTimeDeliveryShare:P0} in their window, {Percentile(MinutesAgainstPlan, 0.5):0.0} / {Percentile(MinutesAgainstPlan, 0.9):0.0} min after plan (median / p90), {Delivery.LeftOut} left out at a departure"));
        Line(F($"  devices   {m.DeviceReadings} readings, {m.DockScans} dock scans, {m.DeviceReconnects} reconnects; alerts {m.Alerts}") + (m.AlertsByKind.Count == 0 ? "" : " (" + string.Join(", ", m.AlertsByKind.Select(k => F($"{k.Key} {k.Value}"))) + ")"));
        Line("  refusals  " + (m.Refusals.Count == 0 ? "none" : string.Join(", ", m.Refusals.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => F($"{r.Key} {r.Value}")))));
        if (m.CutShortAt is { } cut)
        {
            Line(F($"  CUT SHORT at {TimeZoneInfo.ConvertTime(cut, Zone):HH:mm} by --max-real-minutes {o.MaxRealMinutes:0.#}: the figures are those of the day until then"));
        }

        Line(F($"  run errors {m.Errors.Count}") + (m.Errors.Count == 0 ? "" : ": " + string.Join("; ", m.Errors.Take(5))));
        Line(m.IntegrityChecked ? (m.IntegrityProblems.Count == 0 ? "  stock integrity: passed" : F($"  stock integrity: FAILED, {m.IntegrityProblems.Count} problems: {string.Join("; ", m.IntegrityProblems.Take(3))}")) : "  stock integrity: not checked (external server without --database)");
        return s.ToString();
    }

    /// <summary>Real-time figures (they differ run to run, so they stay out of <see cref="Text"/>).</summary>
    public string Timing() =>
        F($"  real time {Metrics.RealDuration.TotalSeconds:0.0} s (set-up {Metrics.SetUpDuration.TotalSeconds:0.0} s, day {Metrics.LoopDuration.TotalSeconds:0.0} s) for {(Metrics.End - Metrics.Start).TotalHours:0.#} simulated hours, {Metrics.Events} events; {CallsSorted.Count} office calls ({CallsSorted.Sum() / 1000:0.0} s), p50 {Percentile(CallsSorted, 0.5):0.00} ms, p99 {Percentile(CallsSorted, 0.99):0.00} ms; ")
            + F($"{HandheldSorted.Count} handheld keys, p50 {Percentile(HandheldSorted, 0.5):0.00} ms, p99 {Percentile(HandheldSorted, 0.99):0.00} ms, sum {HandheldSorted.Sum() / 1000:0.0} s")
            + (Metrics.Options.Concurrent ? "\n  " + Throughput() : "");

    /// <summary>Load mode: what the server took per real second during the day, with the same-run reference call.</summary>
    public string Throughput()
    {
        var seconds = Math.Max(0.001, Metrics.LoopDuration.TotalSeconds);
        var reference = Metrics.ReferenceMilliseconds;
        return F($"throughput {CallsSorted.Count / seconds:0} office calls/s, {HandheldSorted.Count / seconds:0} handheld keys/s, {Metrics.DeviceReadings / seconds:0} device readings/s; ")
            + F($"office p50 / p95 / p99 {Percentile(CallsSorted, 0.5):0.00} / {Percentile(CallsSorted, 0.95):0.00} / {Percentile(CallsSorted, 0.99):0.00} ms, handheld key p50 / p95 / p99 {Percentile(HandheldSorted, 0.5):0.00} / {Percentile(HandheldSorted, 0.95):0.00} / {Percentile(HandheldSorted, 0.99):0.00} ms; ")
            + F($"reference GetServerInfo alone before the day p50 {Percentile(reference, 0.5):0.00} ms, p99 {Percentile(reference, 0.99):0.00} ms")
            + string.Concat(LoadByHour().Select(h => "\n    " + HourText(h)));
    }

    /// <summary>Walking per line picked from a time on (or before it): walks and lines in that part of the day.</summary>
    public double MetresPerLineSplit(DateTimeOffset split, bool after)
    {
        var lines = Metrics.LinesPickedAt.Count(l => l.At >= split == after);
        return lines == 0 ? 0 : Metrics.Walks.Where(w => w.At >= split == after).Sum(w => w.Metres) / lines;
    }

    /// <summary>Mean walk from the depot to the bin of each line picked, from a time on (or before it): what slotting shortens, however the trips are built.</summary>
    public double DepotMetresPerLine(DateTimeOffset split, bool after) =>
        Metrics.LinesPickedAt.Where(l => l.At >= split == after).Select(l => l.DepotMetres).DefaultIfEmpty(0).Average();

    /// <summary>The slotting moves and their effect on walking, in words (null when slotting was not applied).</summary>
    public string? SlottingEffect()
    {
        if (Metrics.SlottingAppliedAt is not { } at)
        {
            return null;
        }

        var local = TimeZoneInfo.ConvertTime(at, Zone);
        var (current, advised) = Metrics.SlottingWalkPerDay;
        return F($"applied at {local:HH:mm} (waves held {Metrics.SlottingHold.TotalMinutes:0} min for the faces to clear), the advice's walk per day {current:0} -> {advised:0} m; ")
            + F($"walking per line {MetresPerLineSplit(at, after: false):0.0} m before, {MetresPerLineSplit(at, after: true):0.0} m after; the picked bin's walk from the depot {DepotMetresPerLine(at, after: false):0.0} m before, {DepotMetresPerLine(at, after: true):0.0} m after");
    }

    /// <summary>Load mode: per simulated hour, what the server took per real second and the latency percentiles of that hour's calls and keys.</summary>
    public IReadOnlyList<HourLoad> LoadByHour() => Enumerable.Range(0, Math.Max(0, Metrics.HourMarks.Count - 1)).Select(Hour).ToList();

    /// <summary>The hour from mark <paramref name="i"/> to the next.</summary>
    private HourLoad Hour(int i)
    {
        var (a, b) = (Metrics.HourMarks[i], Metrics.HourMarks[i + 1]);
        var seconds = Math.Max(0.001, b.RealSeconds - a.RealSeconds);
        var calls = Metrics.CallMilliseconds.Skip(a.Calls).Take(b.Calls - a.Calls).Order().ToList();
        var keys = Metrics.HandheldMilliseconds.Skip(a.Keys).Take(b.Keys - a.Keys).Order().ToList();
        return new HourLoad(a.At, b.At - a.At, b.RealSeconds - a.RealSeconds, calls.Count / seconds, keys.Count / seconds, (b.Readings - a.Readings) / seconds,
            Percentile(calls, 0.5), Percentile(calls, 0.99), Percentile(keys, 0.5), Percentile(keys, 0.95), Percentile(keys, 0.99));
    }

    /// <summary>One hour of a load run in words (the quiet log prints it as the hour ends).</summary>
    public string HourLine(int i) => HourText(Hour(i));

    private static string HourText(HourLoad h) =>
        F($"hour from {TimeZoneInfo.ConvertTime(h.From, Zone):HH:mm} ({h.Simulated.TotalMinutes:0} min): {h.RealSeconds:0} s real, {h.CallsPerSecond:0} calls/s (p50 {h.CallP50:0.00} ms, p99 {h.CallP99:0.00} ms), {h.KeysPerSecond:0} keys/s (p50 {h.KeyP50:0.00} / p95 {h.KeyP95:0.00} / p99 {h.KeyP99:0.00} ms), {h.ReadingsPerSecond:0} readings/s");

    private static string Share(int part, int whole) => whole == 0 ? "-" : (part / (double)whole).ToString("P0", CultureInfo.InvariantCulture);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
