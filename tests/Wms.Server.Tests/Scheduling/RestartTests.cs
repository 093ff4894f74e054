using Microsoft.Data.Sqlite;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;

namespace Wms.Server.Tests.Scheduling;

/// <summary>
/// The schedule lives in the database: a server that stops and starts again keeps it, and runs missed while it
/// was down follow the misfire policy: the nightly job fires once (not once per missed night), the periodic
/// scan skips what it missed.
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Restart_AfterThreeMissedNights_NightlyRunsOnceScanSkipsAndChangesAreKept()
    {
        var path = Path.Combine(Path.GetTempPath(), "wms-restart-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            string warehouse;
            await using (var first = new SameDatabaseFactory(path))
            {
                var kit = await ReplenishmentKit.CreateAsync(first);
                warehouse = kit.Warehouse;
                // A scan cron that cannot come due during the test, so any scan run would be a caught-up misfire.
                await kit.Outbound.Call(WmsMethods.Schedule.SetJobCron, new ChangeJobRequest
                {
                    RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Job = "replenishment-scan", Cron = "0 0 3 1 1 ?",
                });
            }

            // Down for three days: both triggers were due long ago (Quartz keeps fire times as UTC ticks).
            SqliteConnection.ClearAllPools();
            await using (var connection = new SqliteConnection("Data Source=" + path))
            {
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE qrtz_triggers SET next_fire_time = $t WHERE trigger_group = $w";
                command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.AddDays(-3).UtcTicks);
                command.Parameters.AddWithValue("$w", warehouse);
                Assert.Equal(2, await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            }

            await using (var second = new SameDatabaseFactory(path))
            {
                second.KeepDatabase = true;
                var kit = ReplenishmentKit.ForExisting(second, warehouse);
                _ = second.Server;
                var nightly = await ScheduleTests.WaitForRunsAsync(kit, "nightly-planning", 1);
                await Task.Delay(1500, TestContext.Current.CancellationToken);
                var nightlyAfter = await ScheduleTests.RunsAsync(kit, "nightly-planning");
                var scans = await ScheduleTests.RunsAsync(kit, "replenishment-scan");
                var jobs = (await kit.Outbound.Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = warehouse })).Jobs;

                Assert.Single(nightly);
                Assert.Single(nightlyAfter);
                Assert.True(nightlyAfter[0].Succeeded, nightlyAfter[0].Result);
                Assert.Empty(scans);
                var scan = jobs.Single(j => j.Job == "replenishment-scan");
                Assert.Equal("0 0 3 1 1 ?", scan.Cron);
                Assert.All(jobs, j => Assert.True(DateTimeOffset.Parse(j.NextFireAt, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow, j.Job));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    /// <summary>
    /// Listing jobs writes nothing: a warehouse put into the database behind the server's back (not through CreateWarehouse)
    /// shows its jobs as state None and gets no trigger from being listed; the next start gives it its jobs.
    /// </summary>
    [Fact]
    public async Task ListJobs_WarehouseAddedBehindTheServer_ReadAddsNothingAndTheNextStartAddsTheJobs()
    {
        var path = Path.Combine(Path.GetTempPath(), "wms-restart-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            string warehouse;
            await using (var first = new SameDatabaseFactory(path))
            {
                warehouse = await new OutboundKit(first).WarehouseAsync(new BinSpec("F-01", Wms.Server.Layout.BinKind.PickFace, 1, 1));
                var listed = (await new OutboundKit(first).Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = warehouse })).Jobs;
                var listedAgain = (await new OutboundKit(first).Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = warehouse })).Jobs;

                Assert.Equal([("nightly-planning", "None", ""), ("replenishment-scan", "None", "")], listed.Select(j => (j.Job, j.State, j.NextFireAt)).OrderBy(j => j.Item1).ToList());
                Assert.All(listedAgain, j => Assert.Equal("None", j.State));
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal(0, await TriggersAsync(path, warehouse));

            await using (var second = new SameDatabaseFactory(path))
            {
                second.KeepDatabase = true;
                var jobs = (await new OutboundKit(second).Call(WmsMethods.Schedule.ListJobs, new ListJobsRequest { WarehouseCode = warehouse })).Jobs;

                Assert.Equal([("nightly-planning", "Normal"), ("replenishment-scan", "Normal")], jobs.Select(j => (j.Job, j.State)).OrderBy(j => j.Item1).ToList());
                Assert.All(jobs, j => Assert.NotEmpty(j.NextFireAt));
            }

            SqliteConnection.ClearAllPools();
            Assert.Equal(2, await TriggersAsync(path, warehouse));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static async Task<long> TriggersAsync(string path, string warehouse)
    {
        await using var connection = new SqliteConnection("Data Source=" + path);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group = $w";
        command.Parameters.AddWithValue("$w", warehouse);
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
