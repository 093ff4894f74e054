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
}
