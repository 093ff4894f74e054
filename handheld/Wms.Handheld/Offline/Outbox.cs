using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Wms.Handheld.Offline;

/// <summary>One action waiting for the server: the request, with the id that makes resending it harmless.</summary>
/// <remarks><see cref="Note"/> is what the picker should be told if the server refuses it late (the goods in hand, where from).</remarks>
public sealed record OutboxEntry(long Seq, string RequestId, string Kind, byte[] Payload, DateTimeOffset Created, string Note);

/// <summary>
/// Confirmed actions that the server has not acknowledged yet, in a SQLite file on the device so that
/// they survive the app being closed or the battery running out. Sent strictly in the order they were made.
/// </summary>
public sealed class Outbox : IDisposable
{
    private readonly SqliteConnection _connection;

    public Outbox(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                request_id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                payload BLOB NOT NULL,
                created TEXT NOT NULL);
            """);
        // Outboxes written by an earlier version have no note column; their entries get an empty note.
        using var columns = _connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = 'note'";
        if (Convert.ToInt32(columns.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute("ALTER TABLE outbox ADD COLUMN note TEXT NOT NULL DEFAULT ''");
        }
    }

    public void Add(string requestId, string kind, byte[] payload, DateTimeOffset created, string note = "")
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO outbox (request_id, kind, payload, created, note) VALUES ($id, $kind, $payload, $created, $note)";
        command.Parameters.AddWithValue("$note", note);
        command.Parameters.AddWithValue("$id", requestId);
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$payload", payload);
        command.Parameters.AddWithValue("$created", created.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    public OutboxEntry? Oldest()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT seq, request_id, kind, payload, created, note FROM outbox ORDER BY seq LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new OutboxEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader[3],
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), reader.GetString(5))
            : null;
    }

    public void Remove(long seq)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "DELETE FROM outbox WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", seq);
        command.ExecuteNonQuery();
    }

    public int Count()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _connection.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
