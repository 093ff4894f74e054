using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace Wms.Server.Data;

/// <summary>
/// Applies the ordered SQL scripts embedded under Data/Migrations/&lt;provider&gt;/ (NNNN_name.sql) that the
/// database has not seen, each in its own transaction, recording them in <c>schema_migrations</c>.
/// EF's migration tooling cannot be installed here, so versions are plain scripts; a test checks that
/// the scripts build the schema the model describes. How to add one: docs/schema.md.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>
    /// First line of a SQLite script that rebuilds tables (SQLite cannot add a constraint to a table, so the
    /// table is created anew, filled, dropped and renamed). Such a script runs with foreign key enforcement
    /// off, as SQLite's documented procedure asks (dropping a parent table would otherwise fail or cascade),
    /// and must leave <c>PRAGMA foreign_key_check</c> clean before it commits.
    /// </summary>
    public const string ForeignKeysOffDirective = "-- migrate: foreign_keys=off";

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var prefix = "Migrations/" + (provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres") + "/";
        var assembly = typeof(SchemaMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (int.Parse(file[..4], CultureInfo.InvariantCulture), file, reader.ReadToEnd());
            })
            .OrderBy(s => s.Item1)
            .ToList();
    }

    /// <summary>Brings the database up to the newest script; returns the versions applied now.</summary>
    public static Task<IReadOnlyList<int>> MigrateAsync(WmsDbContext db, DatabaseProvider provider, int? upTo = null, CancellationToken cancellationToken = default) =>
        MigrateAsync(db, provider, Scripts(provider), upTo, cancellationToken);

    /// <summary>Applies the given scripts; tests hand in scripts of their own.</summary>
    internal static async Task<IReadOnlyList<int>> MigrateAsync(
        WmsDbContext db, DatabaseProvider provider, IReadOnlyList<(int Version, string Name, string Sql)> scripts, int? upTo, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)", cancellationToken);
            var applied = new HashSet<int>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT version FROM schema_migrations";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }

            var done = new List<int>();
            foreach (var (version, name, sql) in scripts)
            {
                if (applied.Contains(version) || version > (upTo ?? int.MaxValue))
                {
                    continue;
                }

                var rebuild = provider == DatabaseProvider.Sqlite && sql.StartsWith(ForeignKeysOffDirective, StringComparison.Ordinal);
                var foreignKeys = rebuild && await ScalarAsync(connection, "PRAGMA foreign_keys", cancellationToken) is 1L;
                if (foreignKeys)
                {
                    // A no-op inside a transaction, so before it.
                    await ExecuteAsync(connection, null, "PRAGMA foreign_keys=OFF", cancellationToken);
                }

                try
                {
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await ExecuteAsync(connection, transaction, sql, cancellationToken);
                    if (rebuild)
                    {
                        await EnsureForeignKeysHoldAsync(connection, transaction, name, cancellationToken);
                    }

                    await ExecuteAsync(
                        connection,
                        transaction,
                        $"INSERT INTO schema_migrations (version, name, applied_at) VALUES ({version.ToString(CultureInfo.InvariantCulture)}, '{name}', '{DateTimeOffset.UtcNow:O}')",
                        cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                finally
                {
                    if (foreignKeys)
                    {
                        await ExecuteAsync(connection, null, "PRAGMA foreign_keys=ON", CancellationToken.None);
                    }
                }

                done.Add(version);
            }

            return done;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task EnsureForeignKeysHoldAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA foreign_key_check";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException(
                $"Migration {name} left a row of table {reader.GetString(0)} (rowid {reader.GetValue(1)}) pointing at no row of {reader.GetString(2)}; nothing of it was applied.");
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
