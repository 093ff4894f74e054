using System.Diagnostics;
using Npgsql;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;

namespace Wms.Server.Tests.Scheduling;

/// <summary>
/// The cause of the clustered test's hangs (2026-12-04). Quartz acquires a trigger up to its idle wait (30 s) before
/// it is due and holds it; a scheduler halted while holding one releases it on the scheduler thread, through a store
/// call that retries until the database answers or the store is shut down, and Quartz shuts the store down only after
/// that thread has ended. With the database gone, the server's stop therefore never returned. The clustered test
/// dropped its database when the second server stopped, while the first still ran: whenever the first held the
/// 5-minute scan trigger (30 s of every 5 minutes, more often in a slow full run) its stop hung.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_DatabaseGoneWhileATriggerIsAcquired_StopsWithinTheSchedulingBoundAndTheTriggerIsRecovered()
    {
        var database = TestPostgres.CreateDatabase();
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        var factory = new PostgresServerFactory { ExistingDatabase = database };
        factory.Settings["Wms:Scheduling:ShutdownTimeoutSeconds"] = "3";
        // The warehouse's own triggers far off, whatever the time of day: Quartz acquires one trigger at a time, and a
        // 5-minute scan due before the test's trigger would be acquired, and held until it fires, before the test's.
        factory.Settings["Wms:Scheduling:ReplenishmentScanCron"] = "0 0 0 1 1 ? 2099";
        factory.Settings["Wms:Scheduling:PlanningCron"] = "0 0 0 1 1 ? 2099";
        try
        {
            var kit = await ReplenishmentKit.CreateAsync(factory);
            // Due in 25 s: inside the scheduler's 30 s look-ahead, so the change wakes the scheduler, which acquires the
            // trigger now and holds it until then. Once in a full CI run (2026-12-06) it was still WAITING 15 s later:
            // without that wake-up it is acquired only at the scheduler's next look, up to 30 s on, too late to be held.
            // Being held is this test's starting point, not what it proves, so a missed wake-up gets a second change.
            string? state = null;
            for (var attempt = 0; attempt < 3 && state != "ACQUIRED"; attempt++)
            {
                var due = DateTimeOffset.UtcNow.AddSeconds(25);
                await kit.Outbound.Call(WmsMethods.Schedule.SetJobCron, new ChangeJobRequest
                {
                    RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse, Job = "replenishment-scan", Cron = $"{due.Second} {due.Minute} {due.Hour} * * ?",
                });
                state = await WaitForStateAsync(database, kit.Warehouse, "ACQUIRED", seconds: 15);
            }

            Assert.Equal("ACQUIRED", state);

            CutOff(name);
            var clock = Stopwatch.StartNew();
            var stop = factory.DisposeAsync().AsTask();
            var first = await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken));

            Assert.True(first == stop, "The server did not stop within 60 s of losing its database while holding a trigger.");
            await stop;
            // 3 s bound + one DatabaseRetrySeconds (5 s) for Quartz's retry loop to see the closed store, with room for a loaded machine.
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));

            // The database is back and a server starts on it: the trigger the stopped one held is not left ACQUIRED
            // (cluster recovery of the stale instance puts it back to WAITING).
            Reopen(name);
            Assert.Equal("ACQUIRED", await WaitForStateAsync(database, kit.Warehouse, "ACQUIRED", seconds: 1));
            await using var again = new PostgresServerFactory { ExistingDatabase = database };
            _ = again.Server;
            Assert.Equal("WAITING", await WaitForStateAsync(database, kit.Warehouse, "WAITING", seconds: 60));
        }
        finally
        {
            TestPostgres.DropDatabase(database);
        }
    }

    /// <summary>The database stops taking connections and loses the ones it had, as when its server goes away.</summary>
    private static void CutOff(string name)
    {
        using var connection = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            $"ALTER DATABASE {name} ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid();",
            connection);
        command.ExecuteNonQuery();
    }

    private static void Reopen(string name)
    {
        using var connection = new NpgsqlConnection(TestPostgres.AdminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"ALTER DATABASE {name} ALLOW_CONNECTIONS true", connection);
        command.ExecuteNonQuery();
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task<string?> WaitForStateAsync(string database, string warehouse, string wanted, int seconds)
    {
        string? state = null;
        for (var i = 0; i < seconds * 10 && state != wanted; i++)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("SELECT trigger_state FROM qrtz_triggers WHERE trigger_group = @w AND trigger_name = 'replenishment-scan'", connection);
            command.Parameters.AddWithValue("w", warehouse);
            state = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as string;
            if (state != wanted)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        return state;
    }
}
