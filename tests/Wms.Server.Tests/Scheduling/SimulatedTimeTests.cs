using System.Threading.Channels;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Wms.Server.Scheduling;
using Wms.Server.Tests.Replenishment;
using Xunit;

namespace Wms.Server.Tests.Scheduling;

/// <summary>
/// Quartz 4.7.3 takes the container's <see cref="TimeProvider"/> for its scheduler thread, triggers and job store, and
/// the server registers its own before Quartz's fallback; so a server on a <see cref="FakeTimeProvider"/> fires its
/// jobs when the fake clock says so, and never otherwise. This is the seam issue 17's simulators drive a day with.
/// </summary>
public sealed class SimulatedTimeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 0, 0, 30, TimeSpan.Zero);

    private sealed class FakeClockFactory(FakeTimeProvider clock) : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        }
    }

    [Fact]
    public async Task SimulatedDay_SteppedToEachDueTime_EveryTriggerFiresExactlyOnceAtItsSimulatedTime()
    {
        var clock = new FakeTimeProvider(Start);
        await using var factory = new FakeClockFactory(clock);
        factory.Settings["Wms:Scheduling:ReplenishmentScanCron"] = "0 0 * * * ?";
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        var runs = Channel.CreateUnbounded<JobRun>();
        factory.Services.GetRequiredService<JobRunRecorder>().Recorded += run =>
        {
            if (run.WarehouseCode == kit.Warehouse)
            {
                runs.Writer.TryWrite(run);
            }
        };
        var schedules = factory.Services.GetRequiredService<Schedules>();
        await schedules.EnsureJobsAsync(kit.Warehouse, TestContext.Current.CancellationToken);

        // A second short of the first scan, real time passes: nothing runs.
        clock.SetUtcNow(Start.AddSeconds(29).AddMinutes(59));
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var early = runs.Reader.TryRead(out var tooEarly) ? tooEarly : null;

        var seen = new List<JobRun>();
        var end = Start.AddDays(1);
        while (await schedules.NextDueAsync(TestContext.Current.CancellationToken) is { } due && due <= end)
        {
            clock.SetUtcNow(due);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            var run = await runs.Reader.ReadAsync(wait.Token);
            seen.Add(run);
            Assert.Equal(due, run.ScheduledAt);
        }

        await Task.Delay(1000, TestContext.Current.CancellationToken);
        Assert.Null(early);
        Assert.False(runs.Reader.TryRead(out var extra), $"an extra run: {extra?.Job} at {extra?.ScheduledAt}");
        var scans = seen.Where(r => r.Job == "replenishment-scan").ToList();
        Assert.Equal(Enumerable.Range(1, 24).Select(h => Start.AddSeconds(-30).AddHours(h)), scans.Select(r => r.ScheduledAt));
        Assert.All(seen, r => Assert.True(r.Succeeded && r.StartedAt == r.ScheduledAt && r.Trigger == "schedule", $"{r.Job} {r.ScheduledAt}: {r.Result}"));
        var nightly = Assert.Single(seen, r => r.Job == "nightly-planning");
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 2, 30, 0, TimeSpan.Zero), nightly.ScheduledAt);
        Assert.StartsWith("1 faces below min, 1 tasks (40 units)", scans[0].Result, StringComparison.Ordinal);
        Assert.Single(await kit.TasksAsync());
    }
}
