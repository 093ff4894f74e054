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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingWrite>(_options.MaxBatchSize);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _options.MaxBatchSize && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await RunBatchAsync(batch, stoppingToken);
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
            var seen = new Dictionary<string, (string Command, string Json)>(StringComparer.Ordinal);
            foreach (var write in batch)
            {
                await write.RunAsync(db, transaction, now, seen, stoppingToken);
            }

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
        public abstract Task RunAsync(WmsDbContext db, IDbContextTransaction transaction, DateTimeOffset now, Dictionary<string, (string Command, string Json)> seen, CancellationToken cancellationToken);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T>(CommandInfo info, Func<WmsDbContext, CancellationToken, Task<T>> body) : PendingWrite
    {
        private T? _result;
        private Exception? _error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task RunAsync(WmsDbContext db, IDbContextTransaction transaction, DateTimeOffset now, Dictionary<string, (string Command, string Json)> seen, CancellationToken cancellationToken)
        {
            if (info.RequestId.Length > 0 && await FindFirstAnswerAsync(db, seen, cancellationToken) is { } stored)
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
                var json = JsonSerializer.Serialize(result, Json);
                if (info.RequestId.Length > 0)
                {
                    db.Add(new RequestLogEntry { RequestId = info.RequestId, Command = info.Command, Actor = info.Actor, ResultJson = json, At = now });
                    seen[info.RequestId] = (info.Command, json);
                }

                db.Add(new AuditEntry { At = now, Actor = info.Actor, Command = info.Command, RequestId = info.RequestId, Summary = info.Summary });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.ReleaseSavepointAsync(savepoint, cancellationToken);
                _result = result;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                await transaction.RollbackToSavepointAsync(savepoint, cancellationToken);
                if (info.RequestId.Length > 0)
                {
                    seen.Remove(info.RequestId);
                }

                _error = ex is DbUpdateException update ? ConstraintViolation(update) : ex;
            }
            finally
            {
                // Entities of a rolled-back command hold values the database no longer has.
                db.ChangeTracker.Clear();
            }
        }

        private async Task<(string Command, string Json)?> FindFirstAnswerAsync(WmsDbContext db, Dictionary<string, (string Command, string Json)> seen, CancellationToken cancellationToken)
        {
            if (seen.TryGetValue(info.RequestId, out var inBatch))
            {
                return inBatch;
            }

            var row = await db.Set<RequestLogEntry>().AsNoTracking()
                .Where(r => r.RequestId == info.RequestId)
                .Select(r => new { r.Command, r.ResultJson })
                .FirstOrDefaultAsync(cancellationToken);
            return row is null ? null : (row.Command, row.ResultJson);
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
