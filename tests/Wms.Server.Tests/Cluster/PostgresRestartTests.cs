using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Npgsql;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;

namespace Wms.Server.Tests.Cluster;

/// <summary>
/// PostgreSQL restarted under three loaded servers: each server's connections break, calls in flight fail, the
/// servers reconnect by themselves, and every write a client was told succeeded is there once. The database runs
/// in an instance of its own (initdb into a temporary folder), so the restart touches no other test.
/// </summary>
public sealed class PostgresRestartTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task AdjustStock_PostgresRestartedMidLoad_ServersReconnectAndNoAcknowledgedWriteLost()
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var cluster = await ServerCluster.StartAsync(3, database: postgres.ConnectionString);
        var (warehouse, bin, sku) = await ThreeServersTests.SeedAsync(cluster.Clients[0], units: 1);
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        var restartAfter = new TaskCompletionSource();

        // Eight clients spread over the servers; a call that fails for want of the database is sent again, with
        // the same request id, until it is answered (the request log makes a committed one a replay).
        async Task Client(int client)
        {
            for (var n = 0; n < 40; n++)
            {
                var request = new AdjustStockRequest
                {
                    RequestId = $"c{client}-{n}", WarehouseCode = warehouse, BinCode = bin, SkuCode = sku, Quantity = 1, Reason = AdjustmentReason.Found,
                };
                await ServerCluster.RetryAsync(
                    () => cluster.Clients[(client + n) % 3].AsyncUnaryCall(WmsMethods.Inventory.AdjustStock, request, Options).ResponseAsync,
                    onServerGone: () => { });
                acknowledged[request.RequestId] = true;
                if (acknowledged.Count == 60)
                {
                    restartAfter.TrySetResult();
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(Client).ToList();
        await restartAfter.Task.WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        var before = acknowledged.Count;
        const string startedAt = "SELECT (extract(epoch FROM pg_postmaster_start_time()) * 1000)::bigint";
        var startedBefore = await cluster.ScalarAsync(startedAt);
        await postgres.RestartAsync();
        await Task.WhenAll(clients);

        Assert.True(before < 320, "the restart came after the load had finished");
        Assert.True(await cluster.ScalarAsync(startedAt) > startedBefore, "PostgreSQL did not restart");
        Assert.Equal(320, acknowledged.Count);
        var stock = await cluster.Clients[2].AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = bin }, Options);
        Assert.Equal(1L + 320, stock.Lines.Single().OnHand);
        await cluster.AssertLedgerMatchesBalancesAsync();
        // Every server answers reads again after the restart.
        foreach (var client in cluster.Clients)
        {
            await client.AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = warehouse, BinCode = bin }, Options);
        }
    }

    /// <summary>Debian's PostgreSQL binaries, a cluster of its own in a temporary folder on a free loopback port.</summary>
    private sealed class PrivatePostgres : IAsyncDisposable
    {
        private const string Bin = "/usr/lib/postgresql/15/bin";
        private readonly string _data;
        private readonly int _port;

        private PrivatePostgres(string data, int port) => (_data, _port) = (data, port);

        public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=wms;Database=wms";

        public static async Task<PrivatePostgres> StartAsync()
        {
            TestPostgres.Require();
            if (!File.Exists(Path.Combine(Bin, "initdb")))
            {
                Skips.Because($"{Bin}/initdb not found: apt-get install postgresql (.ci/run installs it).");
            }

            var data = Directory.CreateTempSubdirectory("wms-pg-").FullName;
            var instance = new PrivatePostgres(data, FreePorts.Next());
            // PostgreSQL refuses to run as root: as root (CI), run it as Debian's postgres user.
            if (Environment.UserName == "root")
            {
                await RunAsync("chown", "postgres:postgres", data);
            }

            await instance.PgAsync("initdb", "-D", data, "-U", "wms", "-A", "trust", "--no-sync");
            await instance.PgCtlAsync("start");
            await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={instance._port};Username=wms;Database=postgres"))
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("CREATE DATABASE wms", connection);
                await command.ExecuteNonQueryAsync();
            }

            return instance;
        }

        /// <summary>A fast restart: every connection is cut, and for a moment none is taken. The test's own pooled connections are dead too.</summary>
        public async Task RestartAsync()
        {
            await PgCtlAsync("restart");
            NpgsqlConnection.ClearAllPools();
        }

        private Task PgCtlAsync(string action) => PgAsync(
            "pg_ctl", "-D", _data, "-w", "-m", "fast", "-l", Path.Combine(_data, "log"),
            "-o", string.Create(CultureInfo.InvariantCulture, $"-p {_port} -k {_data} -c listen_addresses=127.0.0.1 -c fsync=off"), action);

        private Task PgAsync(string program, params string[] args) => Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, program), .. args])
            : RunAsync(Path.Combine(Bin, program), args);

        private static async Task RunAsync(string program, params string[] args)
        {
            var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            try
            {
                await PgAsync("pg_ctl", "-D", _data, "-w", "-m", "immediate", "stop");
            }
            catch (InvalidOperationException)
            {
                // Never started, or already stopped.
            }

            Directory.Delete(_data, recursive: true);
        }
    }
}
