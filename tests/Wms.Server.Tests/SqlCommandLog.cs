using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Wms.Server.Tests;

/// <summary>
/// The SQL that EF Core runs on the test's own async flow (a use case or query called directly, not through
/// gRPC), from EF Core's DiagnosticSource events: what a "read once" claim is checked against. Other tests
/// running at the same time run on other flows and are not recorded.
/// </summary>
public sealed class SqlCommandLog : IDisposable
{
    private static readonly AsyncLocal<SqlCommandLog?> Current = new();

    // One subscription for the test run, never ended: EF Core caches "is anyone listening" for up to a second
    // (its logging cache time), so a listener that came and went per test would be missed.
    private static readonly Lazy<DateTime> Subscribed = new(() =>
    {
        DiagnosticListener.AllListeners.Subscribe(new Listeners());
        return DateTime.UtcNow;
    });

    private readonly ConcurrentQueue<string> _commands = new();

    private SqlCommandLog()
    {
    }

    public IReadOnlyCollection<string> Commands => _commands;

    /// <summary>Starts recording on the caller's flow (synchronous, so the caller keeps the flow's value); await <see cref="ReadyAsync"/> next.</summary>
    public static SqlCommandLog Start()
    {
        _ = Subscribed.Value;
        var log = new SqlCommandLog();
        Current.Value = log;
        return log;
    }

    /// <summary>Waits, the first time in a run, until EF Core has seen that it is listened to.</summary>
    public async Task ReadyAsync()
    {
        var wait = Subscribed.Value.AddSeconds(1.5) - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    /// <summary>Commands that read the table (in FROM or JOIN; EF Core quotes table names the same on SQLite and PostgreSQL).</summary>
    public int Reading(string table) =>
        _commands.Count(c => c.Contains($"FROM \"{table}\"", StringComparison.Ordinal) || c.Contains($"JOIN \"{table}\"", StringComparison.Ordinal));

    public void Dispose() => Current.Value = null;

    private sealed class Listeners : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                // Only the one event: EF Core builds event data for whatever is enabled, in every test of the run.
                value.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && Current.Value is { } log)
            {
                log._commands.Enqueue(data.Command.CommandText);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
