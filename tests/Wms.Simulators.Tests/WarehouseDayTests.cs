using Xunit;
using Wms.Simulator;
using Wms.Simulator.Day;
using Wms.Simulator.Report;

namespace Wms.Simulators.Tests;

/// <summary>
/// Whole simulated days against the real server in-process: the same seed gives the same day (the summary
/// holds only simulated facts: routes and deliveries included, the server's solver being capped by
/// iterations), every part of the day happened (picks, a receipt received and put away on the handheld,
/// routes planned, loaded by the dock scanner over MQTT and driven, stops reported delivered), and every day
/// ends with the server's stock invariants intact, what-if switches included.
/// </summary>
public sealed class WarehouseDayTests
{
    // A short morning: the night's orders, then one hour of three pickers, waves, replenishment and devices.
    private static readonly SimOptions Short = new()
    {
        Seed = 17, Orders = 50, Pickers = 3, Devices = 3, ShiftStartHour = 7, Hours = 1, CutOffHour = 7.5, WaveMinutes = 10, Quiet = true,
        CancelRate = 0.1, RushRate = 0.1, WrongScanRate = 0.1, ShortPickRate = 0.1, CountErrorRate = 0.3,
    };

    [Fact]
    public async Task RunAsync_SameSeedTwice_IdenticalSummaryAndIntegrityPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = new DaySummary(await new WarehouseDay(Short, "a").RunAsync(ct));
        var second = new DaySummary(await new WarehouseDay(Short, "a").RunAsync(ct));

        Assert.Empty(first.Metrics.Errors);
        Assert.True(first.Metrics.IntegrityChecked);
        Assert.Empty(first.Metrics.IntegrityProblems);
        Assert.Empty(second.Metrics.IntegrityProblems);
        Assert.True(first.Metrics.LinesPicked > 0, "the pickers picked nothing:\n" + first.Text());
        Assert.True(first.Metrics.OrdersShipped > 0, "nothing shipped:\n" + first.Text());
        Assert.True(first.Metrics.Inbound.ReceiptsDone > 0 && first.Metrics.Inbound.UnitsPutAway > 0, "no receipt received and put away:\n" + first.Text());
        Assert.True(first.Metrics.Delivery.Routes > 0 && first.Metrics.Delivery.Delivered > 0, "no route driven:\n" + first.Text());
        Assert.True(first.Metrics.Delivery.LoadedByScanner > 0, "the dock scanner loaded nothing:\n" + first.Text());
        Assert.True(first.Turnover > 0, "no stock turnover:\n" + first.Text());
        // The counter worked the counts the short picks raised: posted, the units the pickers did not find written off.
        var counts = first.Metrics.Counts;
        Assert.True(counts.Posted > 0 && counts.UnitsFoundMissing > 0 && counts.UnitsRemoved > 0, "no count posted with the missing units:\n" + first.Text());
        Assert.Equal(first.Text(), second.Text());
    }

    [Fact]
    public async Task RunAsync_OtherSeedWithWhatIfSwitches_DifferentDayIntegrityPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Short with { Hours = 0.5, Devices = 0, Receipts = 1 };
        // The switches the what-if offers: trips batched for the shortest walk, slotting applied during the
        // shift, OR-Tools as the route engine.
        var switched = (options with { Seed = 18 }).With("batching=shortest-walk;slotting=7.25;engine=ortools");
        var a = new DaySummary(await new WarehouseDay(options, "a").RunAsync(ct));
        var b = new DaySummary(await new WarehouseDay(switched, "a").RunAsync(ct));

        Assert.True(a.Metrics.IntegrityChecked && b.Metrics.IntegrityChecked, "the stock integrity check did not run");
        Assert.Empty(a.Metrics.IntegrityProblems);
        Assert.Empty(b.Metrics.IntegrityProblems);
        Assert.Empty(b.Metrics.Errors);
        Assert.Contains("batching shortest-walk, slotting at 7.25 h, engine ortools", b.Text(), StringComparison.Ordinal);
        Assert.True(b.Metrics.Delivery.Delivered > 0, "the OR-Tools routes were not driven:\n" + b.Text());
        Assert.NotEqual(a.Text().Replace("seed 17", "", StringComparison.Ordinal), b.Text().Replace("seed 18", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SlottingDuringShift_MovesSkusAndReportShowsMovesAndWalking()
    {
        var ct = TestContext.Current.CancellationToken;
        // An hour of shift, slotting at 7:20: the waves are held until the faces are clear, the moves made, the
        // held wave released, and the last 30-40 minutes picked from the new faces.
        var options = Short with { Devices = 0, Receipts = 0, CutOffHour = 8, SlottingAtHour = 7.33, ShortPickRate = 0 };
        var day = new DaySummary(await new WarehouseDay(options, "slotting").RunAsync(ct));

        var m = day.Metrics;
        Assert.Empty(m.Errors);
        Assert.Empty(m.IntegrityProblems);
        Assert.True(m.SlottingMoves > 0, "slotting made no move:\n" + day.Text());
        Assert.Equal(m.SlottingMoves, m.SlottingMovesDone.Count);
        Assert.NotNull(m.SlottingAppliedAt);
        Assert.True(m.LinesPickedAt.Any(l => l.At > m.SlottingAppliedAt), "nothing was picked after the moves:\n" + day.Text());
        Assert.Contains(FormattableString.Invariant($"{m.SlottingMoves} moves applied"), day.Text(), StringComparison.Ordinal);
        Assert.Contains("walking per line", day.SlottingEffect(), StringComparison.Ordinal);

        var html = HtmlReport.Render([day]);
        var move = m.SlottingMovesDone[0];
        Assert.Contains("Slotting moves: slotting", html, StringComparison.Ordinal);
        Assert.Contains($"<td>{move.Sku}</td><td>{move.From}</td><td>{move.To}</td>", html, StringComparison.Ordinal);
        Assert.Contains("walking per line before / after", html, StringComparison.Ordinal);
    }
}
