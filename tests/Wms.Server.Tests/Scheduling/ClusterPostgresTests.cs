using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;

namespace Wms.Server.Tests.Scheduling;

/// <summary>
/// Two servers on one PostgreSQL database. It hung twice in full runs (2026-12-04): the database was dropped when
/// the second server stopped, under the first, and a first server that held the 5-minute scan trigger at that
/// moment never finished stopping (see <see cref="ShutdownTests"/>). The database is now dropped after both have
/// stopped, and a scheduler's stop is bounded either way, so the test runs with the others again.
/// </summary>
public sealed class ClusterPostgresTests
{
    [Fact]
    public async Task TwoServers_OnePostgres_OneScheduleOneRunOneTask()
    {
        var database = TestPostgres.CreateDatabase();
        try
        {
            await TwoServersAsync(database);
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }

    private static async Task TwoServersAsync(string database)
    {
        await using var first = new PostgresServerFactory { ExistingDatabase = database };
        await using var second = new PostgresServerFactory { ExistingDatabase = database };
        // A scan schedule that cannot come due during the test: the one run counted is the run-now.
        first.Settings["Wms:Scheduling:ReplenishmentScanCron"] = second.Settings["Wms:Scheduling:ReplenishmentScanCron"] = "0 0 3 1 1 ?";
        var kit = await ReplenishmentKit.CreateAsync(first);
        var other = ReplenishmentKit.ForExisting(second, kit.Warehouse);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);

        var jobsFirst = (await kit.Outbound.Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = kit.Warehouse })).Jobs;
        var jobsSecond = (await other.Outbound.Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = kit.Warehouse })).Jobs;
        await other.Outbound.Call(WmsMethods.Schedule.RunJobNow, new ChangeJobRequest { RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse, Job = "replenishment-scan" });
        var runs = await ScheduleTests.WaitForRunsAsync(kit, "replenishment-scan", 1);
        await Task.Delay(2000, TestContext.Current.CancellationToken);
        var after = await ScheduleTests.RunsAsync(kit, "replenishment-scan");
        // Both servers at once: the writer of each serialises its own; the partial unique index stops the other.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Attempt(i % 2 == 0 ? kit : other)));

        Assert.Equal(jobsFirst.Select(j => (j.Job, j.Cron, j.NextFireAt)), jobsSecond.Select(j => (j.Job, j.Cron, j.NextFireAt)));
        Assert.Single(runs);
        var run = Assert.Single(after);
        Assert.True(run.Succeeded, run.Result);
        Assert.NotEqual("NON_CLUSTERED", run.Instance);
        Assert.All(attempts, a => Assert.True(a is null or StatusCode.AlreadyExists, a.ToString()));
        var task = Assert.Single(await kit.TasksAsync());
        Assert.Equal(40, task.QuantityRemaining);
    }

    private static async Task<StatusCode?> Attempt(ReplenishmentKit kit)
    {
        try
        {
            await kit.RunAsync();
            return null;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
