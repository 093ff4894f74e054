using Wms.Server.Data;

namespace Wms.Server.Alerts;

public sealed record AlertView(
    long Id, string WarehouseCode, AlertKind Kind, string Subject, string Message, DateTimeOffset RaisedAt, DateTimeOffset? ResolvedAt, string Resolution, long Position);

/// <summary>
/// Raising and resolving in plain SQL on the writer's session, so that the use cases here and the MQTT
/// ingest (which raises alerts in the same transaction as the reading that caused them) share one code path.
/// Every change takes the next position (MAX + 1): writes are serialised by the writer, so positions grow
/// in commit order and a follower reading "after N" misses nothing; with several servers on one PostgreSQL database
/// <see cref="SqlSession.AppendTo"/> keeps them so, and wakes the followers when the transaction commits.
/// </summary>
internal static class AlertStore
{
    private const string NextPosition = "(SELECT COALESCE(MAX(position), 0) + 1 FROM alerts)";

    /// <summary>The open alert of that kind about that subject, or a new one.</summary>
    public static AlertView Raise(SqlSession sql, long warehouseId, string warehouseCode, AlertKind kind, string subject, string message, DateTimeOffset now)
    {
        if (Open(sql, warehouseId, warehouseCode, kind, subject) is { } open)
        {
            return open;
        }

        message = message.Length > 400 ? message[..400] : message;
        sql.AppendTo(DatabaseSignals.Alerts);
        using var reader = sql.Query(
            $"INSERT INTO alerts (warehouse_id, kind, subject, message, raised_at, resolved_at, resolution, position) VALUES (@p0, @p1, @p2, @p3, @p4, NULL, '', {NextPosition}) RETURNING id, position",
            warehouseId, (int)kind, subject, message, now.UtcTicks);
        reader.Read();
        return new AlertView(reader.GetInt64(0), warehouseCode, kind, subject, message, now, null, "", reader.GetInt64(1));
    }

    /// <summary>Resolves the open alert of that kind about that subject, if there is one.</summary>
    public static AlertView? ResolveOpen(SqlSession sql, long warehouseId, string warehouseCode, AlertKind kind, string subject, string resolution, DateTimeOffset now) =>
        Open(sql, warehouseId, warehouseCode, kind, subject) is { } open ? Resolve(sql, open, resolution, now) : null;

    public static AlertView Resolve(SqlSession sql, AlertView open, string resolution, DateTimeOffset now)
    {
        resolution = resolution.Length > 200 ? resolution[..200] : resolution;
        sql.AppendTo(DatabaseSignals.Alerts);
        var position = sql.Scalar<long>(
            $"UPDATE alerts SET resolved_at = @p0, resolution = @p1, position = {NextPosition} WHERE id = @p2 AND resolved_at IS NULL RETURNING position",
            now.UtcTicks, resolution, open.Id);
        return open with { ResolvedAt = now, Resolution = resolution, Position = position };
    }

    public static AlertView? Find(SqlSession sql, long alertId)
    {
        using var reader = sql.Query(
            "SELECT a.id, w.code, a.kind, a.subject, a.message, a.raised_at, a.resolved_at, a.resolution, a.position FROM alerts a JOIN warehouses w ON w.id = a.warehouse_id WHERE a.id = @p0",
            alertId);
        return reader.Read() ? Read(reader) : null;
    }

    private static AlertView? Open(SqlSession sql, long warehouseId, string warehouseCode, AlertKind kind, string subject)
    {
        using var reader = sql.Query(
            "SELECT id, @p3, kind, subject, message, raised_at, resolved_at, resolution, position FROM alerts WHERE warehouse_id = @p0 AND kind = @p1 AND subject = @p2 AND resolved_at IS NULL",
            warehouseId, (int)kind, subject, warehouseCode);
        return reader.Read() ? Read(reader) : null;
    }

    private static AlertView Read(System.Data.Common.DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), (AlertKind)r.GetInt32(2), r.GetString(3), r.GetString(4), new DateTimeOffset(r.GetInt64(5), TimeSpan.Zero),
        r.IsDBNull(6) ? null : new DateTimeOffset(r.GetInt64(6), TimeSpan.Zero), r.GetString(7), r.GetInt64(8));
}
