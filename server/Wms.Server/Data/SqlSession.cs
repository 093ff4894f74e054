using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Wms.Server.Data;

/// <summary>
/// One open connection with its statements prepared once and reused: the hot paths (pick confirmation,
/// stock by bin) run a handful of small statements, and EF Core's per-call overhead, not the database,
/// was what limited them. SQL is written once for both providers (snake_case names, <c>@p0</c>-style
/// parameters, no dialect-specific syntax); <see cref="Provider"/> is there for the rare exception.
/// Not thread-safe: one session belongs to one caller at a time.
/// </summary>
public sealed class SqlSession : IDisposable
{
    private readonly Dictionary<string, DbCommand> _prepared = new(StringComparer.Ordinal);
    private readonly List<string> _signals = [];
    private readonly List<string> _deferred = [];
    private readonly Dictionary<(string Sql, int Offset), string> _renumbered = [];
    private string _savepoint = "";
    private string _keptSavepoint = "";
    private int _positionLocks;

    private SqlSession(DbConnection connection, DatabaseProvider provider)
    {
        Connection = connection;
        Provider = provider;
    }

    public DbConnection Connection { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>The transaction every statement joins, while one is open.</summary>
    public DbTransaction? Transaction { get; private set; }

    public static SqlSession Open(DataOptions options)
    {
        var connection = Create(options);
        try
        {
            connection.Open();
            return new SqlSession(connection, options.Provider);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static async Task<SqlSession> OpenAsync(DataOptions options, CancellationToken cancellationToken)
    {
        var connection = Create(options);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new SqlSession(connection, options.Provider);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static DbConnection Create(DataOptions options) => options.Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(options.ConnectionString)
        : new SqliteConnection(DataRegistration.SqliteConnectionString(options.ConnectionString));

    public DbTransaction Begin()
    {
        _signals.Clear();
        _deferred.Clear();
        _keptSavepoint = "";
        _positionLocks = 0;
        Transaction = Connection.BeginTransaction(IsolationLevel.ReadCommitted);
        return Transaction;
    }

    public void Commit()
    {
        // What is held back is savepoints and their releases: the transaction's end ends them too.
        Transaction?.Commit();
        EndTransaction();
    }

    public void EndTransaction()
    {
        _deferred.Clear();
        Transaction?.Dispose();
        Transaction = null;
    }

    /// <summary>
    /// Opens the savepoint of one command of a batch (one level: a command's savepoint ends before the next begins).
    /// SQLite runs the savepoint statements in-process, prepared like any other. On PostgreSQL each would be a round
    /// trip of its own, and the writer's round trips are what bound its rate, so the savepoint and its release are
    /// held back and sent in front of the next statement, in its round trip. A failure in what was held back must
    /// never be taken for the next command's own: savepoint names alternate, so when something before this command's
    /// <c>SAVEPOINT</c> failed, <see cref="UndoCommand"/> finds no savepoint of that name, the error escapes, and the
    /// whole batch fails (nothing of it is acknowledged).
    /// </summary>
    public void BeginCommand()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Execute("SAVEPOINT cmd");
            return;
        }

        // Never the name of the last savepoint that was kept: that one may still exist until its release is sent.
        _savepoint = _keptSavepoint == "c0" ? "c1" : "c0";
        _deferred.Add("SAVEPOINT " + _savepoint);
    }

    /// <summary>The command succeeded: its savepoint is released (with the transaction's next statement on PostgreSQL).</summary>
    public void EndCommand()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Execute("RELEASE cmd");
        }
        else if (!CancelDeferredSavepoint())
        {
            _deferred.Add("RELEASE " + _savepoint);
            _keptSavepoint = _savepoint;
        }
    }

    /// <summary>
    /// Undoes everything the command did, at once (failures are rare, and what follows must see the undone state), and
    /// ends its savepoint. In a transaction a failed statement aborted, PostgreSQL accepts only the rollback, so the
    /// release waits for the next statement.
    /// </summary>
    public void UndoCommand()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Execute("ROLLBACK TO cmd");
            Execute("RELEASE cmd");
        }
        else if (!CancelDeferredSavepoint())
        {
            Execute("ROLLBACK TO " + _savepoint);
            _deferred.Add("RELEASE " + _savepoint);
            _keptSavepoint = _savepoint;
        }
    }

    /// <summary>Sends what is held back now: before the connection is used around this session (an EF Core context).</summary>
    public void Flush()
    {
        if (_deferred.Count > 0)
        {
            Execute("SELECT 1");
        }
    }

    /// <summary>A savepoint no statement has run under yet need not be sent at all (a command refused before it wrote).</summary>
    private bool CancelDeferredSavepoint()
    {
        if (_deferred.Count > 0 && _deferred[^1] == "SAVEPOINT " + _savepoint)
        {
            _deferred.RemoveAt(_deferred.Count - 1);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Marks a <see cref="DatabaseSignals"/> channel as changed by the open transaction: once it commits, the
    /// <see cref="WriteBatcher"/> wakes that channel's followers on this server and, on PostgreSQL, on every other.
    /// </summary>
    public void Signal(string channel)
    {
        if (!_signals.Contains(channel))
        {
            _signals.Add(DatabaseSignals.Validate(channel));
        }
    }

    /// <summary>
    /// For a stream that followers read by position ("after N": the ledger, alerts), called before the row that takes
    /// the next position is written: signals the channel and, on PostgreSQL, takes the transaction-level advisory lock
    /// <see cref="DatabaseSignals.PositionLockKey"/>. Each server has one writer, so on SQLite or with one server positions already commit in order;
    /// with several servers on one database the lock keeps it so, a later position never committing before an earlier
    /// one (a follower that had read past the earlier one would miss it). The lock is held until the batch commits.
    /// </summary>
    public void AppendTo(string stream)
    {
        Signal(stream);
        if (Provider == DatabaseProvider.Postgres && _positionLocks == 0)
        {
            Execute("SELECT pg_advisory_xact_lock(@p0)", DatabaseSignals.PositionLockKey);
            _positionLocks = 1;
        }
    }

    /// <summary>What is marked so far; a command's savepoint takes it, and a rollback returns to it.</summary>
    internal (int Signals, int PositionLocks) Mark => (_signals.Count, _positionLocks);

    /// <summary>
    /// Forgets what a rolled-back command marked: its change was never made, and PostgreSQL released the locks its
    /// savepoint took.
    /// </summary>
    internal void RollBackTo((int Signals, int PositionLocks) mark)
    {
        _signals.RemoveRange(mark.Signals, _signals.Count - mark.Signals);
        _positionLocks = mark.PositionLocks;
    }

    /// <summary>The channels the transaction marked; the list is emptied.</summary>
    internal string[] TakeSignals()
    {
        var channels = _signals.ToArray();
        _signals.Clear();
        return channels;
    }

    /// <summary>Rows changed by an INSERT, UPDATE or DELETE.</summary>
    public int Execute(string sql, params ReadOnlySpan<object?> args) => Bind(sql, args).ExecuteNonQuery();

    /// <summary>Rows changed by the writes together: one round trip on PostgreSQL, a prepared statement per row on SQLite.</summary>
    public int ExecuteBulk(params ReadOnlySpan<BulkRows> writes)
    {
        var changed = 0;
        if (Provider == DatabaseProvider.Sqlite)
        {
            foreach (var write in writes)
            {
                foreach (var row in write.Rows)
                {
                    changed += Execute(write.Shape.Sqlite, row);
                }
            }

            return changed;
        }

        var text = new System.Text.StringBuilder();
        var args = new List<object?>();
        foreach (var write in writes)
        {
            text.Append(Renumber(write.Shape.Postgres, args.Count)).Append(";\n");
            for (var column = 0; column < write.Shape.Types.Length; column++)
            {
                args.Add(write.Shape.Column(write.Rows, column));
            }
        }

        return Execute(text.ToString(), args.ToArray());
    }

    /// <summary>The first column of the first row, or default when there is no row.</summary>
    public T? Scalar<T>(string sql, params ReadOnlySpan<object?> args)
    {
        var value = Bind(sql, args).ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A reader over the rows; dispose it before the next statement.</summary>
    public DbDataReader Query(string sql, params ReadOnlySpan<object?> args) => Bind(sql, args).ExecuteReader(CommandBehavior.Default);

    /// <summary>The same without blocking a thread on the round trip (read it with <c>ReadAsync</c>).</summary>
    public Task<DbDataReader> QueryAsync(string sql, object?[] args, CancellationToken cancellationToken) =>
        Bind(sql, args).ExecuteReaderAsync(CommandBehavior.Default, cancellationToken);

    private DbCommand Bind(string sql, ReadOnlySpan<object?> args)
    {
        if (_deferred.Count > 0)
        {
            // Savepoint statements take no arguments: the statement's own keep their numbers.
            sql = string.Join(";\n", _deferred) + ";\n" + sql;
            _deferred.Clear();
        }

        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < args.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = args[i] ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            command.Transaction = Transaction;
            // Prepared after the first values are bound: Npgsql takes the parameter types from them.
            command.Prepare();
            _prepared.Add(sql, command);
            return command;
        }

        if (command.Parameters.Count != args.Length)
        {
            throw new ArgumentException($"The statement takes {command.Parameters.Count} arguments, {args.Length} given: {sql}", nameof(args));
        }

        for (var i = 0; i < args.Length; i++)
        {
            command.Parameters[i].Value = args[i] ?? DBNull.Value;
        }

        command.Transaction = Transaction;
        return command;
    }

    private string Renumber(string sql, int offset)
    {
        if (offset == 0 || !sql.Contains("@p", StringComparison.Ordinal))
        {
            return sql;
        }

        if (!_renumbered.TryGetValue((sql, offset), out var renumbered))
        {
            renumbered = System.Text.RegularExpressions.Regex.Replace(
                sql, @"@p(\d+)\b", m => "@p" + (int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) + offset).ToString(System.Globalization.CultureInfo.InvariantCulture));
            _renumbered.Add((sql, offset), renumbered);
        }

        return renumbered;
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        Transaction?.Dispose();
        Connection.Dispose();
    }
}
