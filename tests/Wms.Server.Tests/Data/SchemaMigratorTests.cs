using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Wms.Server.Data;
using Xunit;
using static Wms.Server.Tests.Data.RawSql;

namespace Wms.Server.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Migrate_EmptyDatabase_BuildsExactlyTheSchemaTheModelDescribes()
    {
        using var migrated = OpenSqlite();
        using var modelled = OpenSqlite();
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
    public async Task Migrate_Version1ThenTheRest_BuildsExactlyTheSchemaTheModelDescribes()
    {
        using var upgraded = OpenSqlite();
        using var modelled = OpenSqlite();
        IReadOnlyList<int> first, rest;
        await using (var db = Context(upgraded))
        {
            first = await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, upTo: 1, TestContext.Current.CancellationToken);
            rest = await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: TestContext.Current.CancellationToken);
        }

        await using (var db = Context(modelled))
        {
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        }

        // The upgrade path of a database made before version 2 ends where a new database does.
        Assert.Equal([1], first);
        Assert.Equal(SchemaMigrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Version).Skip(1), rest);
        Assert.Equal(Schema(modelled), Schema(upgraded));
    }

    [Fact]
    public async Task Migrate_EmptyPostgresDatabase_BuildsExactlyTheSchemaTheModelDescribes()
    {
        var migrated = TestPostgres.CreateDatabase();
        var upgraded = TestPostgres.CreateDatabase();
        var modelled = TestPostgres.CreateDatabase();
        try
        {
            var ct = TestContext.Current.CancellationToken;
            await using (var db = PostgresContext(migrated))
            {
                await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Postgres, cancellationToken: ct);
            }

            await using (var db = PostgresContext(upgraded))
            {
                await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Postgres, upTo: 1, ct);
                await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Postgres, cancellationToken: ct);
            }

            await using (var db = PostgresContext(modelled))
            {
                await db.Database.EnsureCreatedAsync(ct);
            }

            // If this fails: `dotnet run --project server/Wms.Server -- schema-script postgres` and write the next script from the difference.
            var expected = await PostgresSchemaAsync(modelled);
            Assert.Equal(expected, await PostgresSchemaAsync(migrated));
            Assert.Equal(expected, await PostgresSchemaAsync(upgraded));
        }
        finally
        {
            TestPostgres.DropDatabase(migrated);
            TestPostgres.DropDatabase(upgraded);
            TestPostgres.DropDatabase(modelled);
        }
    }

    [Fact]
    public async Task Migrate_RebuildThatLeavesADanglingReference_NothingOfItAppliedAndForeignKeysBackOn()
    {
        using var connection = OpenSqlite();
        await using var db = Context(connection);
        (int, string, string)[] scripts =
        [
            (1, "0001_t", "CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id)); INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);"),
            (2, "0002_t", SchemaMigrator.ForeignKeysOffDirective + "\nCREATE TABLE ef_temp_parent (id INTEGER PRIMARY KEY, name TEXT); DROP TABLE parent; ALTER TABLE ef_temp_parent RENAME TO parent;"),
        ];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, scripts, null, TestContext.Current.CancellationToken));

        Assert.Contains("0002_t left a row of table child", error.Message, StringComparison.Ordinal);
        Assert.Equal(["1"], Rows(connection, "SELECT version FROM schema_migrations"));
        Assert.Equal(["1"], Rows(connection, "SELECT id FROM parent"));
        Assert.Equal(["1"], Rows(connection, "PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Migrate_SqliteRebuildsOfVersion2_KeepRowsSequencesAndForeignKeysOn()
    {
        using var connection = OpenSqlite();
        await using var db = Context(connection);
        await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, upTo: 1, TestContext.Current.CancellationToken);
        Rows(connection, "INSERT INTO skus (code, description, unit_of_measure, unit_weight_kg, unit_volume_m3, lot_tracked, expiry_tracked, case_size) VALUES ('A', '', 'EA', 1, 0, 0, 0, 0), ('B', '', 'EA', 1, 0, 0, 0, 0)");
        Rows(connection, "DELETE FROM skus WHERE code = 'B'");

        await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["1 A"], Rows(connection, "SELECT id || ' ' || code FROM skus"));
        Assert.Equal(["skus 2"], Rows(connection, "SELECT name || ' ' || seq FROM sqlite_sequence WHERE name LIKE '%skus'"));
        Assert.Equal(["1"], Rows(connection, "PRAGMA foreign_keys"));
        Assert.Empty(Rows(connection, "PRAGMA foreign_key_check"));
    }

    [Fact]
    public async Task Migrate_RunTwice_SecondRunAppliesNothing()
    {
        using var connection = OpenSqlite();
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

    private static WmsDbContext PostgresContext(string connectionString) =>
        new(new DbContextOptionsBuilder<WmsDbContext>().UseNpgsql(connectionString).Options);

    /// <summary>Columns (in any order), constraints and indexes, as PostgreSQL's catalogs describe them.</summary>
    private static async Task<List<string>> PostgresSchemaAsync(string connectionString)
    {
        const string sql = """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '')
                   || ' nullable=' || is_nullable || ' default=' || COALESCE(column_default, '') || ' identity=' || is_identity
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations' AND table_name NOT LIKE 'qrtz%'
            UNION ALL
            SELECT 'constraint ' || conrelid::regclass::text || '.' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 0 AND conrelid::regclass::text <> 'schema_migrations' AND conrelid::regclass::text NOT LIKE 'qrtz%'
            UNION ALL
            SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations' AND tablename NOT LIKE 'qrtz%'
            ORDER BY 1
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static List<string> Schema(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        // Triggers are left out: the model cannot describe them (SQLite's length checks, version 25), and
        // LengthLimitsTests holds every text column of a migrated database to its length instead.
        command.CommandText = "SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT IN ('schema_migrations', 'sqlite_sequence') AND tbl_name NOT LIKE 'qrtz%' AND type <> 'trigger' ORDER BY name";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join(" ", reader.GetString(0).Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)));
        }

        return rows;
    }
}
