using Microsoft.Extensions.Options;
using Npgsql;

namespace Wms.Server.Data;

/// <summary>
/// Makes the first-start work (schema migration, demo seeding, the first admin token, device bootstrap) run
/// on one server at a time when several start together on one PostgreSQL database, as replicas of a
/// deployment do. Without it, two servers on an empty database both apply script 0001 and one fails, or both
/// seed the demo warehouse.
/// <para>
/// PostgreSQL: a session-level advisory lock on a connection of its own, so a server that dies while holding
/// it releases it with its connection. SQLite: nothing to do, since one SQLite file serves one process.
/// </para>
/// </summary>
public static class StartupLock
{
    // Any fixed 64-bit number that nothing else in the database uses: "WMS-STRT" in ASCII.
    private const long Key = 0x574D532D53545254;

    public static async Task<IAsyncDisposable> AcquireAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<DataOptions>>().Value;
        if (options.Provider != DatabaseProvider.Postgres)
        {
            return Nothing.Instance;
        }

        // No pooling: closing the connection must end the session, and with it the lock, whatever happens.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", Key);
            // Waits as long as the holder's first-start work takes (many replicas starting on a loaded machine
            // outlasted Npgsql's 30 s default); start-up's cancellation still ends the wait.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
            // Closing it ends the session, which releases the lock: no unlock call needed.
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
