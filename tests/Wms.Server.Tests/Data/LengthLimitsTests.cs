using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Demo;
using Xunit;
using static Wms.Server.Tests.Data.RawSql;

namespace Wms.Server.Tests.Data;

/// <summary>
/// Every text column has a maximum length that the database itself enforces, on SQLite as on PostgreSQL, and the
/// two agree. PostgreSQL declares varchar(N); SQLite ignores declared lengths, so version 25 gives it triggers
/// (docs/schema.md). These tests read both schemas from live, migrated databases and write to every text column
/// of SQLite directly: N characters go in, N + 1 are refused on insert and on update with a message naming
/// table.column and N. A text column without a limit fails them unless it is on <see cref="Unbounded"/>.
/// </summary>
public sealed class LengthLimitsTests
{
    /// <summary>
    /// Text columns that have no maximum length on purpose, and why. Everything else that holds text (codes,
    /// names, references, free text, actors, hashes) has one.
    /// </summary>
    private static readonly HashSet<string> Unbounded = new(StringComparer.Ordinal)
    {
        // MQTT topic names are the broker's, not ours: the protocol allows 65,535 bytes, and the broker keeps
        // whatever a client may lawfully publish to (retained messages, queued QoS 1/2 messages).
        "mqtt_retained.topic",
        "mqtt_session_messages.topic",
        // The JSON of an answer the server already gave, kept for replay: its size follows from the request's
        // own limits, and cutting it would replay a different answer.
        "request_log.result_json",
    };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrate_EveryTextColumnOnSqlite_HoldsTheModelsLength()
    {
        using var sqlite = await MigratedSqliteAsync();
        using var db = Context(sqlite);

        // The model's lengths are Common/Limits.cs's (and what PostgreSQL declares: the schema tests hold it to the model).
        var expected = SchemaScript.BoundedTextColumns(db.Model)
            .SelectMany(t => t.Value.Select(c => (Key: t.Key + "." + c.Column, Limit: (int?)c.MaxLength)))
            .ToDictionary(c => c.Key, c => c.Limit, StringComparer.Ordinal);
        foreach (var column in Unbounded)
        {
            expected.Add(column, null);
        }

        AssertSqliteEnforces(sqlite, expected);
    }

    [Fact]
    public void Model_ColumnsHoldingTheSameKindOfValue_TakeTheirLengthFromLimits()
    {
        using var sqlite = OpenSqlite();
        using var db = Context(sqlite);
        var columns = SchemaScript.BoundedTextColumns(db.Model).SelectMany(t => t.Value.Select(c => (Name: t.Key + "." + c.Column, c.Column, c.MaxLength))).ToList();

        // Many features store the same kinds of value, each with its own HasMaxLength: the kinds Limits.cs names
        // must agree everywhere, or a value one call accepts would not fit where another stores it.
        int? Expected(string name, string column) => column switch
        {
            "lot" => Limits.Lot,
            "request_id" => Limits.RequestId,
            "time_zone" => Limits.TimeZone,
            "unit_of_measure" => Limits.UnitOfMeasure,
            // Who did it: a token's or a user's name. planned_stops.received_by is whoever signed for a
            // delivery at the customer's door, a person's name (Limits.Name), not one of ours.
            _ when name == "planned_stops.received_by" => Limits.Name,
            // Which routing engine solved the plan (hgs, ortools), not who.
            _ when name == "route_plans.solved_by" => null,
            "actor" or "assigned_to" => Limits.Actor,
            _ when column.EndsWith("_by", StringComparison.Ordinal) => Limits.Actor,
            _ => null,
        };

        var checkedColumns = columns.Where(c => Expected(c.Name, c.Column) is not null).ToList();
        Assert.All(checkedColumns, c => Assert.True(c.MaxLength == Expected(c.Name, c.Column), $"{c.Name}: {c.MaxLength}, Limits.cs says {Expected(c.Name, c.Column)}"));
        Assert.True(checkedColumns.Count >= 20, $"only {checkedColumns.Count} columns matched: were columns renamed?");
    }

    [Fact]
    public async Task Migrate_EveryTextColumnOnSqlite_HoldsThePostgresLength()
    {
        var postgres = TestPostgres.CreateDatabase();
        try
        {
            await using (var db = new WmsDbContext(new DbContextOptionsBuilder<WmsDbContext>().UseNpgsql(postgres).Options))
            {
                await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Postgres, cancellationToken: Cancel);
            }

            var declared = await PostgresTextColumnsAsync(postgres);
            using var sqlite = await MigratedSqliteAsync();

            // Unbounded on PostgreSQL (type text) exactly where the allow-list says so.
            Assert.Equal(Unbounded.Order(StringComparer.Ordinal), declared.Where(c => c.Value is null).Select(c => c.Key).Order(StringComparer.Ordinal));
            AssertSqliteEnforces(sqlite, declared);
        }
        finally
        {
            TestPostgres.DropDatabase(postgres);
        }
    }

    /// <summary>
    /// The demo's data is within every limit: the checks, applied over a demo warehouse written without them (the
    /// current schema with its length triggers dropped), pass their check of existing rows and keep every row. Seeding
    /// at the version before the limits would need that version's model, which later migrations move away from.
    /// </summary>
    [Fact]
    public async Task LengthChecks_AppliedOverDemoWarehouseWrittenWithoutThem_PassAndKeepEveryRow()
    {
        var file = Path.Combine(Path.GetTempPath(), $"wms-limits-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<WmsDbContext>().UseSqlite(DataRegistration.SqliteConnectionString(file)).Options;
            await using (var db = new WmsDbContext(options))
            {
                await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: Cancel);
            }

            using var sqlite = OpenSqlite(file);
            foreach (var trigger in Rows(sqlite, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ck_%_lengths_%'"))
            {
                Rows(sqlite, $"DROP TRIGGER \"{trigger}\"");
            }

            Assert.True(await DemoWarehouse.SeedAsync(new PooledDbContextFactory<WmsDbContext>(options), TimeProvider.System, Cancel));
            var counts = Rows(sqlite, CountsSql(sqlite));

            using (var apply = sqlite.CreateCommand())
            {
                apply.CommandText = SchemaScript.SqliteLengthChecks([]);
                apply.ExecuteNonQuery();
            }

            Assert.NotEmpty(Rows(sqlite, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ck_%_lengths_%'"));
            Assert.Equal(counts, Rows(sqlite, CountsSql(sqlite)));
            Assert.Empty(Rows(sqlite, "PRAGMA foreign_key_check"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Migrate_RowLongerThanItsLimitWrittenBefore_StopsNamingTheColumnAndAppliesNothing()
    {
        using var sqlite = OpenSqlite();
        await using var db = Context(sqlite);
        await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, upTo: 24, Cancel);
        Rows(sqlite, $"INSERT INTO warehouses (code, name, kind, latitude, longitude, time_zone) VALUES ('{new string('W', 33)}', 'Too long a code', 1, 0, 0, 'UTC')");

        var error = await Assert.ThrowsAsync<SqliteException>(() => SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: Cancel));

        Assert.Contains("warehouses.code is longer than 32 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(["24"], Rows(sqlite, "SELECT max(version) FROM schema_migrations"));
        Assert.Equal(["0"], Rows(sqlite, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name NOT LIKE 'qrtz%'"));
        Assert.Equal(["33"], Rows(sqlite, "SELECT length(code) FROM warehouses"));
    }

    /// <summary>
    /// Writes to every text column of every table straight to the database: a row with each column at its limit goes
    /// in; one character more in any column is refused on insert and on update, naming the column and the limit.
    /// Foreign keys and CHECKs are off on this connection (and everything is rolled back) so that one made-up row per
    /// table reaches the triggers; the triggers fire either way.
    /// </summary>
    private static void AssertSqliteEnforces(SqliteConnection sqlite, IReadOnlyDictionary<string, int?> expected)
    {
        var tables = Rows(sqlite, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'sqlite_sequence') AND name NOT LIKE 'qrtz%' ORDER BY name");
        var columns = tables
            .SelectMany(t => TableInfo(sqlite, t).Select(c => (Table: t, c.Name, c.Type, c.NotNull, c.Key)))
            .ToList();

        // Quartz's tables (qrtz_*) are left out: Quartz creates them from its own scripts and only Quartz writes them.
        Assert.Equal(
            expected.Keys.Order(StringComparer.Ordinal),
            columns.Where(c => c.Type == "TEXT").Select(c => c.Table + "." + c.Name).Order(StringComparer.Ordinal));

        Rows(sqlite, "PRAGMA foreign_keys = OFF");
        Rows(sqlite, "PRAGMA ignore_check_constraints = ON");
        Rows(sqlite, "BEGIN");
        foreach (var table in tables)
        {
            // A lone INTEGER key is the rowid: SQLite numbers it.
            var rowid = columns.Count(c => c.Table == table && c.Key) == 1 ? columns.SingleOrDefault(c => c.Table == table && c.Key && c.Type == "INTEGER").Name : null;
            var insertable = columns.Where(c => c.Table == table && c.Name != rowid).ToList();
            string Value(string column, int extra) =>
                expected.GetValueOrDefault(table + "." + column) is { } limit ? new string('é', limit + extra) : "";
            object Filler((string Table, string Name, string Type, bool NotNull, bool Key) c, string tooLong) => c.Type switch
            {
                "TEXT" => c.Name == tooLong ? Value(c.Name, 1) : Value(c.Name, 0),
                "BLOB" => Array.Empty<byte>(),
                _ => 0,
            };
            string Insert(string tooLong) => Execute(
                sqlite,
                $"INSERT INTO \"{table}\" ({string.Join(", ", insertable.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", insertable.Select((_, i) => "$p" + i))})",
                insertable.Select(c => Filler(c, tooLong)).ToArray());

            // Every column at its limit, in characters (é is two bytes: PostgreSQL counts characters too).
            var atLimit = Insert("");
            Assert.True(atLimit == "", $"{table}: a row with every text column at its limit was refused: {atLimit}");
            foreach (var column in insertable.Where(c => c.Type == "TEXT" && expected[table + "." + c.Name] is not null))
            {
                var limit = expected[table + "." + column.Name]!.Value;
                var message = $"{table}.{column.Name} is longer than {limit.ToString(CultureInfo.InvariantCulture)} characters";
                var missing = $"{table}.{column.Name} took {limit + 1} characters on {{0}}, or was refused for another reason ({{1}}): is a length trigger missing? (docs/schema.md, `schema-script sqlite-length-checks {table}`)";
                var inserted = Insert(column.Name);
                Assert.True(inserted.Contains(message, StringComparison.Ordinal), string.Format(CultureInfo.InvariantCulture, missing, "insert", inserted));
                var updated = Execute(sqlite, $"UPDATE \"{table}\" SET \"{column.Name}\" = $p0", Value(column.Name, 1));
                Assert.True(updated.Contains(message, StringComparison.Ordinal), string.Format(CultureInfo.InvariantCulture, missing, "update", updated));
                Assert.Equal("", Execute(sqlite, $"UPDATE \"{table}\" SET \"{column.Name}\" = $p0", Value(column.Name, 0)));
            }
        }

        Rows(sqlite, "ROLLBACK");
        Rows(sqlite, "PRAGMA ignore_check_constraints = OFF");
        Rows(sqlite, "PRAGMA foreign_keys = ON");
    }

    /// <summary>Text columns of a live PostgreSQL database and their declared lengths (null: type text).</summary>
    private static async Task<Dictionary<string, int?>> PostgresTextColumnsAsync(string connectionString)
    {
        const string sql = """
            SELECT table_name || '.' || column_name, character_maximum_length
            FROM information_schema.columns
            WHERE table_schema = 'public' AND data_type IN ('character varying', 'character', 'text')
              AND table_name <> 'schema_migrations' AND table_name NOT LIKE 'qrtz%'
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Cancel);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        var columns = new Dictionary<string, int?>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Cancel))
        {
            columns.Add(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt32(1));
        }

        return columns;
    }

    private static async Task<SqliteConnection> MigratedSqliteAsync()
    {
        var connection = OpenSqlite();
        await using var db = Context(connection);
        await SchemaMigrator.MigrateAsync(db, DatabaseProvider.Sqlite, cancellationToken: Cancel);
        return connection;
    }

    private static List<(string Name, string Type, bool NotNull, bool Key)> TableInfo(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA table_info(\"{table}\")";
        using var reader = command.ExecuteReader();
        var columns = new List<(string, string, bool, bool)>();
        while (reader.Read())
        {
            columns.Add((reader.GetString(1), reader.GetString(2), reader.GetInt64(3) == 1, reader.GetInt64(5) > 0));
        }

        return columns;
    }

    /// <summary>One count per table, as one query.</summary>
    private static string CountsSql(SqliteConnection connection) => string.Join(
        " UNION ALL ",
        Rows(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' ORDER BY name")
            .Select(t => $"SELECT '{t} ' || count(*) FROM \"{t}\""));

    /// <summary>Runs a statement; returns the database's error message, or "" when it went through.</summary>
    private static string Execute(SqliteConnection connection, string sql, params object[] values)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(CultureInfo.InvariantCulture), values[i]);
        }

        try
        {
            command.ExecuteNonQuery();
            return "";
        }
        catch (SqliteException e)
        {
            return e.Message;
        }
    }
}
