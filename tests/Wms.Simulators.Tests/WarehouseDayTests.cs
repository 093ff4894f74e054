using Xunit;
using Wms.Simulator;
using Wms.Simulator.Day;
using Wms.Simulator.Report;

namespace Wms.Simulators.Tests;

/// <summary>
/// Whole simulated days against the real server in-process: the same seed gives the same day (the summary
/// holds only simulated facts), and every day ends with the server's stock invariants intact.
/// </summary>
public sealed class WarehouseDayTests
{
    // A short morning: the night's orders, then one hour of three pickers, waves, replenishment and devices.
    private static readonly SimOptions Short = new()
    {
        Seed = 17, Orders = 50, Pickers = 3, Devices = 3, ShiftStartHour = 7, Hours = 1, CutOffHour = 7.5, WaveMinutes = 10, Quiet = true,
        CancelRate = 0.1, RushRate = 0.1, WrongScanRate = 0.1, ShortPickRate = 0.1,
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
        Assert.Equal(first.Text(), second.Text());
    }

    [Fact]
    public async Task RunAsync_OtherSeed_DifferentDay()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = Short with { Hours = 0.5, Devices = 0 };
        var a = new DaySummary(await new WarehouseDay(options, "a").RunAsync(ct));
        var b = new DaySummary(await new WarehouseDay(options with { Seed = 18 }, "a").RunAsync(ct));

        Assert.True(a.Metrics.IntegrityChecked && b.Metrics.IntegrityChecked, "the stock integrity check did not run");
        Assert.Empty(a.Metrics.IntegrityProblems);
        Assert.Empty(b.Metrics.IntegrityProblems);
        Assert.NotEqual(a.Text().Replace("seed 17", "", StringComparison.Ordinal), b.Text().Replace("seed 18", "", StringComparison.Ordinal));
    }
}
