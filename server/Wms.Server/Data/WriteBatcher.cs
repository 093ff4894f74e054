using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Wms.Server.Common;

namespace Wms.Server.Data;

/// <summary>Who runs a command, under which request id, for the request log and the audit trail.</summary>
public sealed record CommandInfo(string Command, string Actor, string RequestId, string Summary = "");

/// <summary>
/// Group commit: every mutating command goes through one queue; a single writer takes whatever is
/// waiting (up to <see cref="DataOptions.MaxBatchSize"/>), runs each command in its own savepoint of one
/// transaction, commits once, and only then answers the callers. One fsync serves the whole batch, and a
/// command that fails rolls back to its savepoint without touching its neighbours.
/// <para>
/// Idempotency lives here too: a command whose request id is in <c>request_log</c> is not run again; the
/// caller gets the stored first answer. The log row is written in the same transaction as the change.
/// </para>
/// </summary>
public sealed partial class WriteBatcher : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<WmsDbContext> _contexts;
    private readonly DataOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WriteBatcher> _logger;

    public WriteBatcher(IDbContextFactory<WmsDbContext> contexts, Microsoft.Extensions.Options.IOptions<DataOptions> options, TimeProvider time, ILogger<WriteBatcher> logger)
    {
        _contexts = contexts;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Runs <paramref name="body"/> in the next batch and returns its result once committed. The body
    /// changes entities through the context and may call SaveChanges; it must not commit or open
    /// transactions. <typeparamref name="T"/> must round-trip through System.Text.Json (it is what a retry gets).
    /// </summary>
    public Task<T> ExecuteAsync<T>(CommandInfo info, Func<WmsDbContext, CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        var pending = new PendingWrite<T>(info, body);
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
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch, CancellationToken stoppingToken)
    {
        try
        {
            await using var db = await _contexts.CreateDbContextAsync(stoppingToken);
            db.Database.AutoSavepointsEnabled = false;
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            await db.Database.OpenConnectionAsync(stoppingToken);
            if (_options.Provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync(SynchronousPragma(_options.SqliteSynchronous), stoppingToken);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(stoppingToken);
            var now = _time.GetUtcNow();
            var seen = await FirstAnswersAsync(db, batch, stoppingToken);
            var bookkeeping = new List<object>(batch.Count * 2);
            foreach (var write in batch)
            {
                await write.RunAsync(db, transaction, now, seen, bookkeeping, stoppingToken);
            }

            // Request log and audit rows of the whole batch in one go: per command they were a third of the work.
            db.AddRange(bookkeeping);
            await db.SaveChangesAsync(stoppingToken);
            await transaction.CommitAsync(stoppingToken);
        }
        catch (Exception ex)
        {
            // Nothing of this batch is committed: every caller hears so, and may retry with its request id.
            LogBatchFailed(_logger, batch.Count, ex);
            foreach (var write in batch)
            {
                write.Fail(ex);
            }

            return;
        }

        foreach (var write in batch)
        {
            write.Complete();
        }
    }

    /// <summary>The stored answers of every request id in the batch, read with one query.</summary>
    private static async Task<Dictionary<string, (string Command, string Json)>> FirstAnswersAsync(WmsDbContext db, List<PendingWrite> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(w => w.RequestId).Where(id => id.Length > 0).Distinct().ToList();
        var rows = ids.Count == 0
            ? []
            : await db.Set<RequestLogEntry>().AsNoTracking()
                .Where(r => ids.Contains(r.RequestId))
                .Select(r => new { r.RequestId, r.Command, r.ResultJson })
                .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.RequestId, r => (r.Command, r.ResultJson), StringComparer.Ordinal);
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

    private abstract class PendingWrite
    {
        public abstract string RequestId { get; }

        public abstract Task RunAsync(WmsDbContext db, IDbContextTransaction transaction, DateTimeOffset now, Dictionary<string, (string Command, string Json)> seen, List<object> bookkeeping, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(CommandInfo info, Func<WmsDbContext, CancellationToken, Task<T>> body) : PendingWrite
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string RequestId => info.RequestId;

        public override async Task RunAsync(WmsDbContext db, IDbContextTransaction transaction, DateTimeOffset now, Dictionary<string, (string Command, string Json)> seen, List<object> bookkeeping, CancellationToken cancellationToken)
        {
            if (info.RequestId.Length > 0 && seen.TryGetValue(info.RequestId, out var stored))
            {
                if (stored.Command != info.Command)
                {
                    _error = new DomainException(ErrorKind.AlreadyExists, $"request_id '{info.RequestId}' was already used for {stored.Command}; use a new id for {info.Command}.");
                    return;
                }

                _result = JsonSerializer.Deserialize<T>(stored.Json, Json);
                return;
            }

            const string savepoint = "cmd";
            await transaction.CreateSavepointAsync(savepoint, cancellationToken);
            try
            {
                var result = await body(db, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
                var json = JsonSerializer.Serialize(result, Json);
                if (info.RequestId.Length > 0)
                {
                    bookkeeping.Add(new RequestLogEntry { RequestId = info.RequestId, Command = info.Command, Actor = info.Actor, ResultJson = json, At = now });
                    seen[info.RequestId] = (info.Command, json);
                }

                bookkeeping.Add(new AuditEntry { At = now, Actor = info.Actor, Command = info.Command, RequestId = info.RequestId, Summary = info.Summary });
                _result = result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
                _error = ex is DbUpdateException update ? ConstraintViolation(update) : ex;
            }
            finally
            {
                // Entities of a rolled-back command hold values the database no longer has.
                db.ChangeTracker.Clear();
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

    /// <summary>A CHECK or unique constraint caught what the code did not (a race): refuse, never corrupt.</summary>
    private static DomainException ConstraintViolation(DbUpdateException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        if (ex is DbUpdateConcurrencyException)
        {
            return DomainException.Precondition("The stock changed while this was being applied; try again.");
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
