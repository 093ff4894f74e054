namespace Wms.Server.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DataOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite a file path or full connection string; for PostgreSQL an Npgsql connection string.</summary>
    public string ConnectionString { get; set; } = "Data Source=wms.db";

    /// <summary>
    /// SQLite synchronous mode for the writer. FULL syncs the WAL at every commit, so an acknowledged
    /// write survives power loss as well as a killed process; group commit keeps that affordable.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>Most commands committed together in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>
    /// How long a follower of the database (FollowLedger, FollowAlerts, the MQTT alert publisher) waits for a commit
    /// signal before it reads anyway. Commits on this server, and on PostgreSQL on any server, wake it at once; this
    /// read only bounds the delay of a change whose signal was lost (see <see cref="DatabaseSignals"/>).
    /// </summary>
    public int SignalCatchUpSeconds { get; set; } = 30;
}
