using Microsoft.Extensions.Options;
using Npgsql;

namespace Wms.Server.Data;

/// <summary>
/// On PostgreSQL, hears the commits of the other servers on the same database: it holds one connection that
/// LISTENs on <see cref="DatabaseSignals.PostgresChannel"/> and raises each notified channel on this server's
/// <see cref="DatabaseSignals"/> (its own notifications it skips: the writer raised them already). Notifications
/// sent while it is not listening are lost, so on every (re)connect it wakes every follower to read again; the
/// followers' catch-up read covers the time it takes to get there. Does nothing on SQLite.
/// </summary>
public sealed partial class PostgresSignalListener(IOptions<DataOptions> options, DatabaseSignals signals, ILogger<PostgresSignalListener> logger) : BackgroundService
{
    /// <summary>How long the connection may sit silent before it is checked with a round trip (a dead peer shows only then).</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private int _connects;

    /// <summary>How many times the listener has started listening (1 once it is up; more after reconnects).</summary>
    public int Connects => Volatile.Read(ref _connects);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogListenFailed(logger, RetryDelay.TotalSeconds, ex);
                try
                {
                    await Task.Delay(RetryDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Its own connection, outside the pool: a pooled one would be reset and lose its LISTEN on return.
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString) { Pooling = false, ApplicationName = "wms-signals" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            if (e.Channel == DatabaseSignals.PostgresChannel && signals.FromPayload(e.Payload) is { } channel)
            {
                signals.Raise([channel]);
            }
        };
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand("LISTEN " + DatabaseSignals.PostgresChannel, connection))
        {
            await listen.ExecuteNonQueryAsync(stoppingToken);
        }

        Interlocked.Increment(ref _connects);
        signals.RaiseAll();
        while (true)
        {
            if (!await connection.WaitAsync(Idle, stoppingToken))
            {
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                await ping.ExecuteScalarAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Listening for other servers' commits failed; followers fall back to their catch-up read until it reconnects in {Seconds} s.")]
    private static partial void LogListenFailed(ILogger logger, double seconds, Exception exception);
}
