using Npgsql;

namespace Wms.Server.Bench;

/// <summary>A throw-away database on the given server, so a run never touches existing data.</summary>
internal static class PostgresDatabase
{
    public static async Task<string> CreateAsync(string adminConnectionString)
    {
        var name = "wms_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropAsync(string adminConnectionString, string databaseConnectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(databaseConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
