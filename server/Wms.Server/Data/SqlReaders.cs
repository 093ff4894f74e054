using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Wms.Server.Data;

/// <summary>
/// Open read sessions kept with their prepared statements, for the read paths that answer thousands of
/// calls a second (stock by bin). A caller rents one, runs a few statements, and gives it back; a session
/// whose statement failed is dropped rather than returned, since its connection may be what failed.
/// </summary>
public sealed class SqlReaders(IOptions<DataOptions> options) : IDisposable
{
    // Enough for every core to be reading at once with room for calls waiting on I/O; more are closed on return.
    private static readonly int MaxIdle = Math.Max(32, Environment.ProcessorCount * 8);

    private readonly ConcurrentBag<SqlSession> _idle = [];

    /// <summary>
    /// Runs <paramref name="read"/> on a rented session. A call cancelled before it starts reads nothing;
    /// <paramref name="read"/> gets the token to check between its statements. Asynchronous because on PostgreSQL each
    /// statement waits on the network: a blocked thread per call in flight made .NET's thread pool grow (slowly) under
    /// load. On SQLite the same calls complete in-process, synchronously.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<SqlSession, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var session = _idle.TryTake(out var idle) ? idle : await SqlSession.OpenAsync(options.Value, cancellationToken);
        try
        {
            return await read(session, cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            session.Dispose();
            session = null;
            throw;
        }
        finally
        {
            // A rule's refusal (a code that does not exist) leaves the session as good as it was.
            if (session is not null)
            {
                Return(session);
            }
        }
    }

    private void Return(SqlSession session)
    {
        if (_idle.Count < MaxIdle)
        {
            _idle.Add(session);
        }
        else
        {
            session.Dispose();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }
}
