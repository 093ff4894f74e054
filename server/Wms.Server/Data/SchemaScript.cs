using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Wms.Server.Data;

/// <summary>The DDL the EF model implies, per provider: what migration scripts are checked against.</summary>
public static class SchemaScript
{
    public static string Generate(DatabaseProvider provider)
    {
        using var db = Context(provider);
        return db.Database.GenerateCreateScript();
    }

    /// <summary>
    /// SQLite ignores declared lengths (varchar(N) is TEXT), so the lengths PostgreSQL's columns declare are
    /// enforced there by two triggers per table, written from the same model (its lengths come from
    /// <see cref="Common.Limits"/>): BEFORE INSERT and BEFORE UPDATE OF the bounded columns, each raising ABORT with
    /// a message naming table.column and its limit. After them, an UPDATE that sets every over-long value to itself
    /// runs the new update trigger over the rows already there, so a migration stops on a row written before rather
    /// than leaving it for a later write to trip over. A migration that rebuilds or adds text columns to a table
    /// prints that table's triggers again with <c>schema-script sqlite-length-checks &lt;table&gt;</c> (the drops
    /// make it safe to rerun); <c>LengthLimitsTests</c> fails on a text column left without one.
    /// </summary>
    public static string SqliteLengthChecks(IReadOnlyCollection<string> tables)
    {
        using var db = Context(DatabaseProvider.Sqlite);
        var script = new StringBuilder();
        foreach (var (table, columns) in BoundedTextColumns(db.Model).Where(t => tables.Count == 0 || tables.Contains(t.Key)).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var checks = string.Join(
                "\n",
                columns.Select(c => Invariant($"        WHEN length(NEW.\"{c.Column}\") > {c.MaxLength} THEN RAISE(ABORT, '{table}.{c.Column} is longer than {c.MaxLength} characters')")));
            var body = "BEGIN\n    SELECT CASE\n" + checks + "\n    END;\nEND;\n";
            script.Append(Invariant($"DROP TRIGGER IF EXISTS \"ck_{table}_lengths_insert\";\n"));
            script.Append(Invariant($"DROP TRIGGER IF EXISTS \"ck_{table}_lengths_update\";\n"));
            script.Append(Invariant($"CREATE TRIGGER \"ck_{table}_lengths_insert\" BEFORE INSERT ON \"{table}\"\n")).Append(body);
            script.Append(Invariant($"CREATE TRIGGER \"ck_{table}_lengths_update\" BEFORE UPDATE OF {string.Join(", ", columns.Select(c => $"\"{c.Column}\""))} ON \"{table}\"\n")).Append(body);
            script.Append(Invariant($"UPDATE \"{table}\" SET \"{columns[0].Column}\" = \"{columns[0].Column}\" WHERE {string.Join(" OR ", columns.Select(c => Invariant($"length(\"{c.Column}\") > {c.MaxLength}")))};\n\n"));
        }

        return script.ToString();
    }

    /// <summary>Per table, its text columns that the model gives a maximum length, in column order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Column, int MaxLength)>> BoundedTextColumns(IModel model)
    {
        var tables = new Dictionary<string, IReadOnlyList<(string Column, int MaxLength)>>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
            {
                continue;
            }

            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            var columns = entity.GetProperties()
                .Where(p => (p.GetTypeMapping().Converter?.ProviderClrType ?? p.ClrType) == typeof(string) && p.GetMaxLength() is not null)
                .Select(p => (Column: p.GetColumnName(store)!, MaxLength: p.GetMaxLength()!.Value))
                .ToList();
            if (columns.Count > 0)
            {
                tables[table] = columns;
            }
        }

        return tables;
    }

    private static WmsDbContext Context(DatabaseProvider provider)
    {
        var builder = new DbContextOptionsBuilder<WmsDbContext>();
        DataRegistration.Configure(builder, new DataOptions
        {
            Provider = provider,
            ConnectionString = provider == DatabaseProvider.Sqlite ? "Data Source=:memory:" : "Host=localhost;Database=wms",
        });
        return new WmsDbContext(builder.Options);
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
