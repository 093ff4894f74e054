using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Wms.Server.Data;

/// <summary>
/// Open read sessions kept with their prepared statements, for the read paths that answer thousands of
/// calls a second (stock by bin). A caller rents one, runs a few statements, and gives it back; a session
/// whose statement failed is dropped rather than returned, since its connection may be what failed. At most
/// <see cref="MaxSessions"/> are open; further calls queue for one.
/// </summary>
public sealed class SqlReaders(IOptions<DataOptions> options) : IDisposable
{
    // Enough for every core to be reading at once with room for calls waiting on I/O. Calls beyond it wait for a
    // session rather than open one: with reads that no longer hold a thread, hundreds can be in flight, and a session
    // each meant as many PostgreSQL backends, opened and closed again, on the same cores.
    private static readonly int MaxSessions = Math.Max(16, Environment.ProcessorCount * 4);

    private readonly ConcurrentBag<SqlSession> _idle = [];
    private readonly SemaphoreSlim _sessions = new(MaxSessions, MaxSessions);

    /// <summary>
    /// Runs <paramref name="read"/> on a rented session. A call cancelled before it starts reads nothing;
    /// <paramref name="read"/> gets the token to check between its statements. Asynchronous because on PostgreSQL each
    /// statement waits on the network: a blocked thread per call in flight made .NET's thread pool grow (slowly) under
    /// load. On SQLite the same calls complete in-process, synchronously.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqlSession, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await _sessions.WaitAsync(cancellationToken);
        SqlSession? session = null;
        try
        {
            session = _idle.TryTake(out var idle) ? idle : await SqlSession.OpenAsync(options.Value, cancellationToken);
            return await read(session, cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            session?.Dispose();
            session = null;
            throw;
        }
        finally
        {
            // A rule's refusal (a code that does not exist) leaves the session as good as it was.
            if (session is not null)
            {
                _idle.Add(session);
            }

            _sessions.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }

        _sessions.Dispose();
    }
}
