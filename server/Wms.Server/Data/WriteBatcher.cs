using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;

namespace Wms.Server.Data;

/// <summary>Who runs a command, under which request id, for the request log and the audit trail.</summary>
public sealed record CommandInfo(string Command, string Actor, string RequestId, string Summary = "");

/// <summary>Where the current call came from, for the audit trail: the transport knows, the writer records it.</summary>
public interface ICallOrigin
{
    /// <summary>Empty outside a call (scheduled jobs, start-up).</summary>
    string Current { get; }
}

/// <summary>
/// A use case whose commands, when several of them wait in one batch, run together: one read for all of them, the
/// rules on each in turn, one write for all. On PostgreSQL the writer's rate is bound by its statements, not its rows.
/// </summary>
public interface IGroupedCommand<TCommand, TResult>
{
    /// <summary>
    /// Runs the commands in order, each seeing what those before it changed; returns one outcome per command. A refused
    /// command must have changed nothing. Throws when the group cannot be kept as a whole (a row another server changed,
    /// a constraint): the writer then undoes the group and runs each command alone, with its own savepoint.
    /// </summary>
    IReadOnlyList<Outcome<TResult>> Run(SqlSession sql, IReadOnlyList<TCommand> commands);
}

/// <summary>A command's result, or why it was refused.</summary>
public readonly record struct Outcome<T>(T? Result, Exception? Refusal)
{
    public static Outcome<T> Done(T result) => new(result, null);

    public static Outcome<T> Refused(Exception refusal) => new(default, refusal);
}

/// <summary>
/// Group commit: every mutating command goes through one queue; a single writer takes whatever is
/// waiting (up to <see cref="DataOptions.MaxBatchSize"/>), runs each command in its own savepoint of one
/// transaction, commits once, and only then answers the callers. One fsync serves the whole batch, and a
/// command that fails rolls back to its savepoint without touching its neighbours. Consecutive commands of one
/// <see cref="IGroupedCommand{TCommand, TResult}"/> share one savepoint and run together. The request-log and audit
/// rows of the batch are written together before the commit.
/// <para>
/// Idempotency lives here too: a command whose request id the same caller already used for the same command
/// (<c>request_log</c> is keyed by all three) is not run again; the caller gets the stored first answer. The
/// same id from another caller or for another command is a new request. The log row is written in the same
/// transaction as the change.
/// </para>
/// <para>
/// Commits are what followers wait for: the channels a batch marked (<see cref="SqlSession.Signal"/>) are sent with
/// <c>pg_notify</c> inside its transaction on PostgreSQL, so other servers hear of them only if and when it commits,
/// and raised on this server's <see cref="DatabaseSignals"/> right after the commit.
/// </para>
/// </summary>
public sealed partial class WriteBatcher : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly BulkShape RequestLogRows = BulkShape.Insert("request_log", "request_id:text", "command:text", "actor:text", "result_json:text", "at:bigint");

    private static readonly BulkShape AuditRows = BulkShape.Insert("audit", "at:bigint", "actor:text", "command:text", "request_id:text", "summary:text", "origin:text");

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DataOptions _options;
    private readonly DatabaseSignals _signals;
    private readonly TimeProvider _time;
    private readonly ILogger<WriteBatcher> _logger;
    private readonly ICallOrigin? _origin;

    // Touched by the writer thread only.
    private SqlSession? _writer;
    private DbContextOptions<WmsDbContext>? _contextOptions;

    public WriteBatcher(Microsoft.Extensions.Options.IOptions<DataOptions> options, DatabaseSignals signals, TimeProvider time, ILogger<WriteBatcher> logger, ICallOrigin? origin = null)
    {
        _options = options.Value;
        _signals = signals;
        _time = time;
        _logger = logger;
        _origin = origin;
    }

    /// <summary>
    /// Runs <paramref name="body"/> in the next batch and returns its result once committed. The body
    /// changes entities through the context and may call SaveChanges; it must not commit or open
    /// transactions. <typeparamref name="T"/> must round-trip through System.Text.Json (it is what a retry gets).
    /// </summary>
    public Task<T> ExecuteAsync<T>(CommandInfo info, Func<WmsDbContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) =>
        ExecuteAsync(info, (db, _, ct) => body(db, ct), cancellationToken);

    /// <summary>
    /// The same, for a command that also writes in plain SQL (<see cref="SqlSession"/>, the same connection and
    /// transaction as the context) through a path shared with the SQL hot paths, such as raising an alert.
    /// Save the context's changes before SQL that must see them.
    /// </summary>
    public Task<T> ExecuteAsync<T>(CommandInfo info, Func<WmsDbContext, SqlSession, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default) =>
        Enqueue(new PendingWrite<T>(info, async (batch, ct) =>
        {
            var db = batch.Context();
            try
            {
                var result = await body(db, batch.Session, ct);
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateException ex)
            {
                throw ConstraintViolation(ex, ex is DbUpdateConcurrencyException);
            }
            finally
            {
                // Entities of a rolled-back command hold values the database no longer has.
                db.ChangeTracker.Clear();
            }
        }), cancellationToken);

    /// <summary>
    /// The same, for the hot paths written in plain SQL on the writer's own connection with prepared
    /// statements (<see cref="SqlSession"/>): no change tracker, no per-call query translation.
    /// </summary>
    public Task<T> ExecuteSqlAsync<T>(CommandInfo info, Func<SqlSession, T> body, CancellationToken cancellationToken = default) =>
        Enqueue(new PendingWrite<T>(info, (batch, _) => Task.FromResult(body(batch.Session))), cancellationToken);

    /// <summary>The same, for a hot path that runs the commands waiting in one batch together (<see cref="IGroupedCommand{TCommand, TResult}"/>).</summary>
    public Task<T> ExecuteGroupedAsync<TCommand, T>(CommandInfo info, IGroupedCommand<TCommand, T> group, TCommand command, CancellationToken cancellationToken = default) =>
        Enqueue(new GroupedWrite<TCommand, T>(info, group, command), cancellationToken);

    private Task<T> Enqueue<T>(PendingWrite<T> pending, CancellationToken cancellationToken)
    {
        // Read here, on the caller's flow: the writer thread runs outside every call.
        pending.Origin = _origin?.Current ?? "";
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The server is shutting down: no more writes are taken.");
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The writer runs on a thread of its own: SQLite's calls block (fsync above all), and blocking a
    /// thread-pool thread on a 2-core machine starves the very requests that should fill the next batch.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                WriteLoop(stoppingToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "wms-writer",
        };
        thread.Start();
        return done.Task;
    }

    private void WriteLoop(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(_options.MaxBatchSize);
        try
        {
            while (_queue.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
            {
                while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                // Blocking here is the point: this thread belongs to the writer alone.
                RunBatchAsync(batch, stoppingToken).GetAwaiter().GetResult();
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left))
            {
                left.Fail(new InvalidOperationException("The server stopped before this write ran; it was not applied."));
            }

            _writer?.Dispose();
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch, CancellationToken stoppingToken)
    {
        BatchRun? run = null;
        string[] signalled;
        try
        {
            run = new BatchRun(this);
            var session = run.Session;
            session.Begin();
            var now = _time.GetUtcNow();
            var seen = FirstAnswers(session, batch);
            for (var i = 0; i < batch.Count;)
            {
                var end = GroupEnd(batch, i);
                if (end - i > 1)
                {
                    await batch[i].RunGroupAsync(run, batch.GetRange(i, end - i), now, seen, stoppingToken);
                }
                else
                {
                    await batch[i].RunAsync(run, now, seen, stoppingToken);
                }

                i = end;
            }

            if (session.ExecuteBulk(new BulkRows(RequestLogRows, run.Logged), new BulkRows(AuditRows, run.Audited)) != run.Logged.Count + run.Audited.Count)
            {
                throw new InvalidOperationException("The request log and audit rows of the batch were not all written.");
            }

            signalled = session.TakeSignals();
            if (signalled.Length > 0 && session.Provider == DatabaseProvider.Postgres)
            {
                // Queued by the transaction and delivered by PostgreSQL at its commit, never for a rolled-back one.
                session.Execute(
                    $"SELECT pg_notify('{DatabaseSignals.PostgresChannel}', payload) FROM unnest(@p0::text[]) AS payload",
                    (object)Array.ConvertAll(signalled, _signals.Payload));
            }

            session.Commit();
        }
        catch (Exception ex)
        {
            // Nothing of this batch is committed: every caller hears so, and may retry with its request id.
            // The connection may be what broke: the next batch opens a new one.
            LogBatchFailed(_logger, batch.Count, ex);
            _writer?.Dispose();
            _writer = null;
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            return;
        }
        finally
        {
            run?.Dispose();
        }

        _signals.Raise(signalled);
        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    /// <summary>
    /// Where the group starting at <paramref name="start"/> ends: the consecutive commands of the same grouped use case,
    /// up to a request id seen already in it (the second must replay the first's answer, known only once it ran).
    /// </summary>
    private static int GroupEnd(List<PendingWrite> batch, int start)
    {
        var end = start + 1;
        if (batch[start].Group is { } group)
        {
            var ids = new HashSet<RequestKey> { batch[start].Key };
            while (end < batch.Count && ReferenceEquals(batch[end].Group, group) && (batch[end].Key.RequestId.Length == 0 || ids.Add(batch[end].Key)))
            {
                end++;
            }
        }

        return end;
    }

    /// <summary>The writer's connection, opened on first use and after a failure.</summary>
    private SqlSession Writer()
    {
        if (_writer is null)
        {
            var session = SqlSession.Open(_options);
            if (_options.Provider == DatabaseProvider.Sqlite)
            {
                using var pragma = session.Connection.CreateCommand();
                pragma.CommandText = SynchronousPragma(_options.SqliteSynchronous);
                pragma.ExecuteNonQuery();
            }

            var builder = new DbContextOptionsBuilder<WmsDbContext>();
            if (_options.Provider == DatabaseProvider.Postgres)
            {
                builder.UseNpgsql(session.Connection);
            }
            else
            {
                builder.UseSqlite(session.Connection);
            }

            _writer = session;
            _contextOptions = builder.Options;
        }

        return _writer;
    }

    /// <summary>The stored answers of every request id in the batch, read with one statement.</summary>
    private static Dictionary<RequestKey, string> FirstAnswers(SqlSession session, List<PendingWrite> batch)
    {
        var answers = new Dictionary<RequestKey, string>();
        var ids = batch.Select(w => w.Key.RequestId).Where(id => id.Length > 0).Distinct().ToArray();
        if (ids.Length == 0)
        {
            return answers;
        }

        using var reader = session.Provider == DatabaseProvider.Postgres
            ? session.Query("SELECT actor, command, request_id, result_json FROM request_log WHERE request_id = ANY(@p0)", (object)ids)
            : session.Query("SELECT actor, command, request_id, result_json FROM request_log WHERE request_id IN (SELECT value FROM json_each(@p0))", JsonSerializer.Serialize(ids, Json));
        while (reader.Read())
        {
            answers[new RequestKey(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = reader.GetString(3);
        }

        return answers;
    }

    private static string SynchronousPragma(string mode) => mode.ToUpperInvariant() switch
    {
        "FULL" => "PRAGMA synchronous=FULL",
        "NORMAL" => "PRAGMA synchronous=NORMAL",
        "EXTRA" => "PRAGMA synchronous=EXTRA",
        _ => throw new InvalidOperationException($"Wms:Database:SqliteSynchronous '{mode}' must be FULL, NORMAL or EXTRA."),
    };

    [LoggerMessage(1, LogLevel.Error, "A batch of {Count} writes failed to commit; none was applied.")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "A group of {Count} {Group} commands was undone; they run one at a time instead.")]
    private static partial void LogGroupUndone(ILogger logger, int count, string group, Exception exception);

    /// <summary>One batch's transaction on the writer's connection, with an EF context made only if a command needs one.</summary>
    private sealed class BatchRun(WriteBatcher owner) : IDisposable
    {
        private WmsDbContext? _context;

        public SqlSession Session { get; } = owner.Writer();

        public ILogger Logger => owner._logger;

        /// <summary>The request-log rows of the batch's commands that succeeded (<see cref="RequestLogRows"/>).</summary>
        public List<object?[]> Logged { get; } = [];

        /// <summary>Their audit rows (<see cref="AuditRows"/>).</summary>
        public List<object?[]> Audited { get; } = [];

        /// <summary>For a command's body on EF Core: its savepoint is sent first, as EF goes around the session.</summary>
        public WmsDbContext Context()
        {
            Session.Flush();
            if (_context is null)
            {
                _context = new WmsDbContext(owner._contextOptions!);
                _context.Database.AutoSavepointsEnabled = false;
                _context.Database.UseTransaction(Session.Transaction);
                _context.Writer = Session;
            }

            return _context;
        }

        public void Dispose()
        {
            _context?.Dispose();
            owner._writer?.EndTransaction();
        }
    }

    /// <summary>What a request id is scoped to: who sent it, for which command.</summary>
    private readonly record struct RequestKey(string Actor, string Command, string RequestId);

    private abstract class PendingWrite
    {
        public abstract RequestKey Key { get; }

        public string Origin { get; set; } = "";

        /// <summary>The grouped use case this command belongs to, or null.</summary>
        public virtual object? Group => null;

        public abstract Task RunAsync(BatchRun batch, DateTimeOffset now, Dictionary<RequestKey, string> seen, CancellationToken cancellationToken);

        /// <summary>Runs this command and the ones after it of the same <see cref="Group"/> together (<paramref name="members"/> starts with this one).</summary>
        public virtual Task RunGroupAsync(BatchRun batch, List<PendingWrite> members, DateTimeOffset now, Dictionary<RequestKey, string> seen, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Only grouped commands run as a group.");

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private class PendingWrite<T>(CommandInfo info, Func<BatchRun, CancellationToken, Task<T>> body) : PendingWrite
    {
        private const int Attempts = 5;

        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override RequestKey Key { get; } = new(info.Actor, info.Command, info.RequestId);

        public override async Task RunAsync(BatchRun batch, DateTimeOffset now, Dictionary<RequestKey, string> seen, CancellationToken cancellationToken)
        {
            if (Replayed(seen))
            {
                return;
            }

            var session = batch.Session;
            var mark = session.Mark;
            session.BeginCommand();
            try
            {
                var result = await RunBodyAsync(batch, cancellationToken);
                session.EndCommand();
                Succeeded(batch, result, now, seen);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                session.UndoCommand();
                session.RollBackTo(mark);
                Refused(ex);
            }
        }

        /// <summary>A request id this caller already used for this command: the stored first answer, nothing run.</summary>
        protected bool Replayed(Dictionary<RequestKey, string> seen)
        {
            if (info.RequestId.Length > 0 && seen.TryGetValue(Key, out var stored))
            {
                _result = JsonSerializer.Deserialize<T>(stored, Json);
                return true;
            }

            return false;
        }

        /// <summary>The answer, and its request-log and audit rows, written with the batch's others before the commit.</summary>
        protected void Succeeded(BatchRun batch, T result, DateTimeOffset now, Dictionary<RequestKey, string> seen)
        {
            var json = JsonSerializer.Serialize(result, Json);
            var at = now.UtcTicks;
            if (info.RequestId.Length > 0)
            {
                batch.Logged.Add([info.RequestId, info.Command, info.Actor, json, at]);
                seen[Key] = json;
            }

            batch.Audited.Add([at, info.Actor, info.Command, info.RequestId, info.Summary, Origin]);
            _result = result;
        }

        protected void Refused(Exception ex) => _error = ex is DbException db ? ConstraintViolation(db, false) : ex;

        /// <summary>
        /// The command's body, run again (up to <see cref="Attempts"/> times) when another server changed stock it
        /// read: on PostgreSQL each statement of this read-committed transaction sees what was committed before it,
        /// so the next attempt reads the new balance, as the client's own retry would, without the round trip.
        /// </summary>
        private async Task<T> RunBodyAsync(BatchRun batch, CancellationToken cancellationToken)
        {
            var mark = batch.Session.Mark;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await body(batch, cancellationToken);
                }
                catch (DomainException ex) when (ex.Retryable && attempt < Attempts)
                {
                    batch.Session.UndoCommand();
                    // The rollback released the position lock the attempt took: the next attempt must take it again.
                    batch.Session.RollBackTo(mark);
                    batch.Session.BeginCommand();
                }
            }
        }

        public override void Complete()
        {
            if (_error is not null)
            {
                Completion.TrySetException(_error);
            }
            else
            {
                Completion.TrySetResult(_result!);
            }
        }

        public override void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    /// <summary>A command of a grouped use case: alone, it is a group of one.</summary>
    private sealed class GroupedWrite<TCommand, T>(CommandInfo info, IGroupedCommand<TCommand, T> group, TCommand command)
        : PendingWrite<T>(info, (batch, _) => Task.FromResult(RunAlone(group, batch.Session, command)))
    {
        public override object Group => group;

        public override async Task RunGroupAsync(BatchRun batch, List<PendingWrite> members, DateTimeOffset now, Dictionary<RequestKey, string> seen, CancellationToken cancellationToken)
        {
            var fresh = members.Cast<GroupedWrite<TCommand, T>>().Where(m => !m.Replayed(seen)).ToList();
            if (fresh.Count > 1)
            {
                var session = batch.Session;
                var mark = session.Mark;
                session.BeginCommand();
                try
                {
                    var outcomes = group.Run(session, fresh.ConvertAll(m => m.Command));
                    session.EndCommand();
                    for (var i = 0; i < fresh.Count; i++)
                    {
                        if (outcomes[i].Refusal is { } refusal)
                        {
                            fresh[i].Refused(refusal);
                        }
                        else
                        {
                            fresh[i].Succeeded(batch, outcomes[i].Result!, now, seen);
                        }
                    }

                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Which command it was is found by running them one at a time, each with its savepoint and retries.
                    session.UndoCommand();
                    session.RollBackTo(mark);
                    LogGroupUndone(batch.Logger, fresh.Count, group.GetType().FullName ?? "", ex);
                }
            }

            foreach (var write in fresh)
            {
                await write.RunAsync(batch, now, seen, cancellationToken);
            }
        }

        private TCommand Command => command;

        private static T RunAlone(IGroupedCommand<TCommand, T> group, SqlSession sql, TCommand command)
        {
            var outcome = group.Run(sql, [command])[0];
            return outcome.Refusal is null ? outcome.Result! : throw outcome.Refusal;
        }
    }

    /// <summary>A CHECK or unique constraint caught what the code did not (a race): refuse, never corrupt.</summary>
    private static DomainException ConstraintViolation(Exception ex, bool concurrency)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        if (concurrency)
        {
            return DomainException.StockChanged();
        }

        // Two servers' batches waiting on each other (a row one holds, the other's ordered-stream lock, SqlSession.AppendTo):
        // PostgreSQL cancels one command; nothing of it is kept and it can be sent again with its request id.
        if ((ex as Npgsql.PostgresException ?? ex.InnerException as Npgsql.PostgresException) is { SqlState: "40P01" or "40001" })
        {
            return new DomainException(ErrorKind.Aborted, "Another server changed the same rows at the same moment; try again.");
        }

        if (message.Contains("ck_stock", StringComparison.OrdinalIgnoreCase))
        {
            return DomainException.Precondition("Not enough stock: the change would make stock negative or reserve more than is on hand.");
        }

        if (message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) || message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            return new DomainException(ErrorKind.AlreadyExists, "That already exists: " + message);
        }

        return DomainException.Precondition("The database refused the change: " + message);
    }
}
