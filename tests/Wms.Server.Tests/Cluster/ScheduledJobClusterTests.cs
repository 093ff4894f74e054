using System.Globalization;
using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// Three server processes, one clustered Quartz on PostgreSQL: a warehouse's replenishment scan comes due every
/// two seconds and runs once per fire time, on whichever server took the trigger.
/// </summary>
public sealed class ScheduledJobClusterTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReplenishmentScan_DueEveryTwoSecondsOnThreeServers_EachFireTimeRunsOnce()
    {
        await using var cluster = await ServerCluster.StartAsync(3, settings: _ => new Dictionary<string, string>
        {
            ["Wms:Scheduling:ReplenishmentScanCron"] = "0/2 * * * * ?",
        });
        var admin = cluster.Clients[0];
        var (warehouse, _, _) = await ThreeServersTests.SeedAsync(admin, units: 1);
        await admin.AsyncUnaryCall(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = warehouse }, Options);

        var runs = new List<JobRun>();
        for (var i = 0; i < 120 && runs.Count < 6; i++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            runs = (await admin.AsyncUnaryCall(WmsMethods.Schedule.ListJobRuns, new ListJobRunsRequest { WarehouseCode = warehouse, Job = "replenishment-scan" }, Options))
                .Runs.Where(r => r.Trigger == "schedule").ToList();
        }

        Assert.True(runs.Count >= 6, $"{runs.Count} scheduled runs in a minute");
        Assert.Equal(runs.Count, runs.Select(r => r.ScheduledAt).Distinct().Count());
        Assert.All(runs, r => Assert.True(r.Succeeded, r.Result));
        // Fire times two seconds apart: none skipped between the first and the last seen.
        var times = runs.Select(r => DateTimeOffset.Parse(r.ScheduledAt, CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(runs.Count, (int)((times[^1] - times[0]).TotalSeconds / 2) + 1);
        // And in the table itself, every run of every warehouse's scan: no fire time twice.
        Assert.Equal(0L, await cluster.ScalarAsync(
            "SELECT count(*) - count(DISTINCT (warehouse_code, scheduled_at)) FROM job_runs WHERE job = 'replenishment-scan' AND trigger = 'schedule'"));
    }
}
