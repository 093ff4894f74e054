using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Scheduling;

public sealed class ScheduleTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static ChangeJobRequest Change(string warehouse, string job, string cron = "") =>
        new() { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Job = job, Cron = cron };

    [Fact]
    public async Task CreateWarehouse_NewWarehouse_BothJobsWithDefaultCronsMisfirePoliciesAndNextRun()
    {
        var kit = new OutboundKit(factory);
        var code = "W" + OutboundKit.NewId()[..8];
        await kit.Call(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = OutboundKit.NewId(), Warehouse = new Warehouse { Code = code, Name = code, Kind = WarehouseKind.Central, Latitude = 50, Longitude = 8 },
        });

        var jobs = (await kit.Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = code })).Jobs;

        Assert.Equal(
            [("nightly-planning", "0 30 2 * * ?", "fire-once", "Normal"), ("replenishment-scan", "0 0/5 * * * ?", "skip", "Normal")],
            jobs.Select(j => (j.Job, j.Cron, j.MisfirePolicy, j.State)).OrderBy(j => j.Job).ToList());
        var scan = jobs.Single(j => j.Job == "replenishment-scan");
        var next = DateTimeOffset.Parse(scan.NextFireAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Assert.Equal(0, next.Minute % 5);
    }

    [Fact]
    public async Task RunJobNow_ReplenishmentScan_RunsOnceRecordsHistoryAndCreatesTheTask()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        var request = Change(kit.Warehouse, "replenishment-scan");

        await kit.Outbound.Call(WmsMethods.Schedule.RunJobNow, request);
        await kit.Outbound.Call(WmsMethods.Schedule.RunJobNow, request);
        var runs = await WaitForRunsAsync(kit, "replenishment-scan", 1);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        var after = await RunsAsync(kit, "replenishment-scan");
        var job = (await kit.Outbound.Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = kit.Warehouse })).Jobs.Single(j => j.Job == "replenishment-scan");

        var run = Assert.Single(after);
        Assert.Equal(("run-now", true), (run.Trigger, run.Succeeded));
        Assert.StartsWith("1 faces below min, 1 tasks (40 units)", run.Result, StringComparison.Ordinal);
        Assert.Equal(run.Result, job.LastRun.Result);
        Assert.Equal("schedule", (await kit.TasksAsync()).Single().Trigger);
        Assert.Single(runs);
    }

    [Fact]
    public async Task PauseResumeAndSetCron_ChangeTheScheduleAndBadCronIsNamed()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);

        var paused = await kit.Outbound.Call(WmsMethods.Schedule.PauseJob, Change(kit.Warehouse, "replenishment-scan"));
        var recron = await kit.Outbound.Call(WmsMethods.Schedule.SetJobCron, Change(kit.Warehouse, "replenishment-scan", "0 0/15 6-22 * * ?"));
        var resumed = await kit.Outbound.Call(WmsMethods.Schedule.ResumeJob, Change(kit.Warehouse, "replenishment-scan"));
        var bad = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Schedule.SetJobCron, Change(kit.Warehouse, "replenishment-scan", "every five minutes")));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Schedule.PauseJob, Change(kit.Warehouse, "defrost")));
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var denied = await Assert.ThrowsAsync<RpcException>(() => kit.Outbound.Call(WmsMethods.Schedule.PauseJob, Change(kit.Warehouse, "replenishment-scan"), picker));

        Assert.Equal("Paused", paused.State);
        Assert.Equal(("0 0/15 6-22 * * ?", "Paused"), (recron.Cron, recron.State));
        Assert.Equal("Normal", resumed.State);
        var next = DateTimeOffset.Parse(resumed.NextFireAt, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(next.Minute % 15 == 0 && next.Hour is >= 6 and <= 22, resumed.NextFireAt);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.StartsWith("cron:", bad.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("job:", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    internal static async Task<List<JobRun>> RunsAsync(ReplenishmentKit kit, string job) =>
        (await kit.Outbound.Call(WmsMethods.Schedule.ListJobRuns, new ListJobRunsRequest { WarehouseCode = kit.Warehouse, Job = job })).Runs.ToList();

    /// <summary>Jobs fire on the scheduler's threads: poll the run history briefly (seconds, never minutes).</summary>
    internal static async Task<List<JobRun>> WaitForRunsAsync(ReplenishmentKit kit, string job, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var runs = await RunsAsync(kit, job);
            if (runs.Count >= count)
            {
                return runs;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return await RunsAsync(kit, job);
    }
}
