using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;

namespace Wms.Server.Tests.Data;

/// <summary>Plain SQL on a connection of the test's own, for the schema tests and the ones that bypass the server.</summary>
internal static class RawSql
{
    /// <summary>A SQLite database (a file, or a new in-memory one while the connection lives) with foreign keys on, as the server has them.</summary>
    public static SqliteConnection OpenSqlite(string file = ":memory:")
    {
        var connection = new SqliteConnection($"Data Source={file};Foreign Keys=True;Pooling=False");
        connection.Open();
        return connection;
    }

    public static WmsDbContext Context(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<WmsDbContext>().UseSqlite(connection).Options);

    /// <summary>The first column of each row, as invariant text.</summary>
    public static List<string> Rows(DbConnection connection, string sql) => Read(connection, sql, reader => Text(reader, 0));

    /// <summary>Every column of each row, as invariant text joined by '|'.</summary>
    public static List<string> Records(DbConnection connection, string sql) =>
        Read(connection, sql, reader => string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader, i))));

    private static string Text(DbDataReader reader, int column) => Convert.ToString(reader.GetValue(column), CultureInfo.InvariantCulture)!;

    private static List<string> Read(DbConnection connection, string sql, Func<DbDataReader, string> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
