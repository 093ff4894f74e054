using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Xunit;

namespace Wms.Server.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_BuildsExactlyTheSchemaTheModelDescribes()
    {
        using var migrated = OpenMemory();
        using var modelled = OpenMemory();
        await using (var db = Context(migrated))
        {
            await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: TestContext.Current.CancellationToken);
        }

        await using (var db = Context(modelled))
        {
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        // If this fails, the model changed without a migration: run
        // `dotnet run --project server/Wms.Server -- schema-script sqlite` and write the next script from the difference.
        Assert.Equal(Schema(modelled), Schema(migrated));
    }

    [Fact]
    public async Task Migrate_RunTwice_SecondRunAppliesNothing()
    {
        using var connection = OpenMemory();
        await using var db = Context(connection);
        var first = await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: TestContext.Current.CancellationToken);
        var second = await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEmpty(first);
        Assert.Empty(second);
    }

    [Fact]
    public void Scripts_BothProviders_SameVersions()
    {
        Assert.Equal(
            SchemaMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Name),
            SchemaMigrator.Scripts(DatabaseProvider.Postgres).Select(s => s.Name));
    }

    private static SqliteConnection OpenMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        connection.Open();
        return connection;
    }

    private static WmsDbContext Context(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<WmsDbContext>().UseSqlite(connection).Options);

    private static List<string> Schema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT IN ('schema_migrations', 'sqlite_sequence') ORDER BY name";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" ", reader.GetString(0).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)));
        }

        return rows;
    }
}
