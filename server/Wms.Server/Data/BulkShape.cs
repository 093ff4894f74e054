using System.Globalization;

namespace Wms.Server.Data;

/// <summary>
/// A write of many rows of one table, each row changing exactly one row. On PostgreSQL it is one statement over
/// arrays (<c>unnest</c>): a batch of N commands costs the database one statement per table rather than N, and the
/// database's work per statement, not per row, is what the single writer waited on. On SQLite (in-process, where a
/// prepared statement costs microseconds) it is one prepared statement per row. Built once per call site.
/// </summary>
public sealed class BulkShape
{
    private BulkShape(string postgres, string sqlite, string[] types) => (Postgres, Sqlite, Types) = (postgres, sqlite, types);

    /// <summary>One array parameter per column, <c>@p0</c> onwards.</summary>
    internal string Postgres { get; }

    /// <summary>One parameter per column, <c>@p0</c> onwards.</summary>
    internal string Sqlite { get; }

    /// <summary>The PostgreSQL type of each column: <c>bigint</c>, <c>integer</c>, <c>boolean</c> or <c>text</c>.</summary>
    internal string[] Types { get; }

    /// <summary>Rows inserted in the order given (ids taken in that order), columns as <c>"name:type"</c>.</summary>
    public static BulkShape Insert(string table, params string[] columns)
    {
        var (names, types) = Split(columns);
        var values = Enumerable.Range(0, names.Length).Select(i => "v.c" + Num(i));
        return new BulkShape(
            $"INSERT INTO {table} ({string.Join(", ", names)}) SELECT {string.Join(", ", values)} FROM {Unnest(types)} WITH ORDINALITY AS v({Aliases(types.Length)}, n) ORDER BY v.n",
            $"INSERT INTO {table} ({string.Join(", ", names)}) VALUES ({string.Join(", ", Enumerable.Range(0, names.Length).Select(i => "@p" + Num(i)))})",
            types);
    }

    /// <summary>Rows found by the <paramref name="match"/> columns (their values first in each row), then the <paramref name="set"/> columns' new values.</summary>
    public static BulkShape Update(string table, string[] match, string[] set)
    {
        var (matchNames, matchTypes) = Split(match);
        var (setNames, setTypes) = Split(set);
        var types = matchTypes.Concat(setTypes).ToArray();
        return new BulkShape(
            $"UPDATE {table} AS x SET {string.Join(", ", setNames.Select((s, i) => $"{s} = v.c{Num(matchNames.Length + i)}"))} FROM {Unnest(types)} AS v({Aliases(types.Length)}) WHERE {string.Join(" AND ", matchNames.Select((m, i) => $"x.{m} = v.c{Num(i)}"))}",
            $"UPDATE {table} SET {string.Join(", ", setNames.Select((s, i) => $"{s} = @p{Num(matchNames.Length + i)}"))} WHERE {string.Join(" AND ", matchNames.Select((m, i) => $"{m} = @p{Num(i)}"))}",
            types);
    }

    /// <summary>The column's values as the typed array Npgsql sends for <c>type[]</c>.</summary>
    internal object Column(IReadOnlyList<object?[]> rows, int column) => Types[column] switch
    {
        "bigint" => rows.Select(r => Convert.ToInt64(r[column], CultureInfo.InvariantCulture)).ToArray(),
        "integer" => rows.Select(r => Convert.ToInt32(r[column], CultureInfo.InvariantCulture)).ToArray(),
        "boolean" => rows.Select(r => (bool)r[column]!).ToArray(),
        _ => rows.Select(r => (string)r[column]!).ToArray(),
    };

    private static (string[] Names, string[] Types) Split(string[] columns)
    {
        var names = new string[columns.Length];
        var types = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var parts = columns[i].Split(':');
            if (parts.Length != 2 || parts[1] is not ("bigint" or "integer" or "boolean" or "text"))
            {
                throw new ArgumentException($"Column '{columns[i]}' must be 'name:bigint|integer|boolean|text'.", nameof(columns));
            }

            (names[i], types[i]) = (parts[0], parts[1]);
        }

        return (names, types);
    }

    private static string Unnest(string[] types) => $"unnest({string.Join(", ", types.Select((t, i) => $"@p{Num(i)}::{t}[]"))})";

    private static string Aliases(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "c" + Num(i)));

    private static string Num(int i) => i.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The rows one <see cref="BulkShape"/> writes, each an array of its column values in the shape's order.</summary>
public readonly record struct BulkRows(BulkShape Shape, IReadOnlyList<object?[]> Rows);
