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
        DbConnection connection = options.Provider == DatabaseProvider.Postgres
            ? new NpgsqlConnection(options.ConnectionString)
            : new SqliteConnection(DataRegistration.SqliteConnectionString(options.ConnectionString));
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

    public DbTransaction Begin()
    {
        _signals.Clear();
        _positionLocks = 0;
        Transaction = Connection.BeginTransaction(IsolationLevel.ReadCommitted);
        return Transaction;
    }

    public void Commit()
    {
        Transaction?.Commit();
        EndTransaction();
    }

    public void EndTransaction()
    {
        Transaction?.Dispose();
        Transaction = null;
    }

    /// <summary>
    /// Savepoints in the open transaction. SQLite prepares them like any statement, so they are reused;
    /// PostgreSQL cannot prepare them, so they go through the transaction's own API.
    /// </summary>
    public void Savepoint(string name)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Execute("SAVEPOINT " + name);
        }
        else
        {
            Transaction!.Save(name);
        }
    }

    public void ReleaseSavepoint(string name)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Execute("RELEASE " + name);
        }
        else
        {
            Transaction!.Release(name);
        }
    }

    /// <summary>Undoes everything since the savepoint and ends it.</summary>
    public void RollbackToSavepoint(string name)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            Execute("ROLLBACK TO " + name);
            Execute("RELEASE " + name);
        }
        else
        {
            Transaction!.Rollback(name);
            Transaction.Release(name);
        }
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

    /// <summary>The first column of the first row, or default when there is no row.</summary>
    public T? Scalar<T>(string sql, params ReadOnlySpan<object?> args)
    {
        var value = Bind(sql, args).ExecuteScalar();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A reader over the rows; dispose it before the next statement.</summary>
    public DbDataReader Query(string sql, params ReadOnlySpan<object?> args) => Bind(sql, args).ExecuteReader(CommandBehavior.Default);

    private DbCommand Bind(string sql, ReadOnlySpan<object?> args)
    {
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
