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
public sealed class SqlCommandLog : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private static readonly AsyncLocal<SqlCommandLog?> Current = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _listeners;

    private SqlCommandLog() => _listeners = DiagnosticListener.AllListeners.Subscribe(this);

    public IReadOnlyCollection<string> Commands => _commands;

    /// <summary>Starts recording on the caller's flow (call it synchronously, so the caller keeps the flow's value).</summary>
    public static SqlCommandLog Start()
    {
        var log = new SqlCommandLog();
        Current.Value = log;
        return log;
    }

    /// <summary>Commands that read the table (in FROM or JOIN; EF Core quotes table names the same on SQLite and PostgreSQL).</summary>
    public int Reading(string table) =>
        _commands.Count(c => c.Contains($"FROM \"{table}\"", StringComparison.Ordinal) || c.Contains($"JOIN \"{table}\"", StringComparison.Ordinal));

    public void Dispose()
    {
        Current.Value = null;
        _listeners.Dispose();
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data && ReferenceEquals(Current.Value, this))
        {
            _commands.Enqueue(data.Command.CommandText);
        }
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }
}
