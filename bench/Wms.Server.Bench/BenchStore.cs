using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Wms.Server.Data;

namespace Wms.Server.Bench;

/// <summary>
/// The store of one bench run — a fresh SQLite file, or a fresh database on the PostgreSQL server given with
/// <c>--postgres</c>, so a run never touches existing data — and the server processes started on it.
/// Disposing stops those servers, then removes the store.
/// </summary>
internal sealed class BenchStore : IAsyncDisposable
{
    private readonly string? sqlitePath;
    private readonly string? postgresAdmin;
    private readonly List<Process> servers = [];

    private BenchStore(DataOptions data, string? sqlitePath, string? postgresAdmin)
    {
        Data = data;
        this.sqlitePath = sqlitePath;
        this.postgresAdmin = postgresAdmin;
    }

    public DataOptions Data { get; }

    /// <param name="postgresAdmin">A connection string to a PostgreSQL server allowed to create databases; SQLite when null.</param>
    public static async Task<BenchStore> CreateAsync(string? postgresAdmin)
    {
        if (postgresAdmin is null)
        {
            var path = Path.Combine(Path.GetTempPath(), "wms-bench-" + Guid.NewGuid().ToString("N") + ".db");
            return new BenchStore(new DataOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=" + path }, path, null);
        }

        var data = new DataOptions { Provider = DatabaseProvider.Postgres, ConnectionString = await PostgresDatabase.CreateAsync(postgresAdmin) };
        return new BenchStore(data, null, postgresAdmin);
    }

    /// <summary>Starts one server process per port on this store; wait for each with <see cref="WmsServerProcess.WaitUntilServingAsync"/>.</summary>
    public List<Process> StartServers(IEnumerable<int> ports, string adminToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Wms:Database:Provider"] = Data.Provider.ToString(),
            ["Wms:Database:ConnectionString"] = Data.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var started = ports.Select(p => WmsServerProcess.Start(p, adminToken, environment)).ToList();
        servers.AddRange(started);
        return started;
    }

    /// <summary>A loopback port free right now, so runs never collide with other benches or tests on fixed ports.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        if (sqlitePath is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(sqlitePath + suffix);
            }
        }

        if (postgresAdmin is not null)
        {
            await PostgresDatabase.DropAsync(postgresAdmin, Data.ConnectionString);
        }
    }
}
