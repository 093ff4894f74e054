using System.Collections.Concurrent;
using System.Data.Common;
using Wms.Server.Data;

namespace Wms.Server.Devices;

/// <summary>
/// The device states the ingest keeps between batches, and the prepared SQL that reads, locks and saves them.
/// Touched by the ingest's writer thread only (inside a batch), except <see cref="Forget"/>.
/// </summary>
internal sealed class DeviceStateStore
{
    private const string StateSelect = """
        SELECT d.id, d.warehouse_id, w.code, d.kind, d.enabled, d.bin_id, COALESCE(b.code, ''), d.sku_id, COALESCE(s.code, ''), COALESCE(s.unit_weight_kg, 0),
               COALESCE(z.code, ''), d.zone_id, d.tare_grams, d.tolerance_units, d.grace_seconds, d.min_celsius, d.max_celsius,
               d.last_sequence, d.last_device_time, d.last_value, d.last_seen_at, d.online, d.deviation_since, d.out_of_range_seconds, d.accepted, d.rejected, d.last_rejection,
               d.code
        FROM devices d JOIN warehouses w ON w.id = d.warehouse_id
        LEFT JOIN bins b ON b.id = d.bin_id LEFT JOIN skus s ON s.id = d.sku_id LEFT JOIN zones z ON z.id = d.zone_id
        """;

    private readonly Dictionary<string, DeviceState> _states = new(StringComparer.Ordinal);

    // Filled by whichever thread changed a device; emptied by the writer at the start of a batch.
    private readonly ConcurrentQueue<string> _forget = new();

    /// <summary>Forgets a device's settings after they changed (enabled, disabled): its next reading reads them again.</summary>
    public void Forget(string code) => _forget.Enqueue(code);

    /// <summary>At the start of a batch: drops the states of the devices changed since the last one.</summary>
    public void ForgetChanged()
    {
        while (_forget.TryDequeue(out var changed))
        {
            _states.Remove(changed);
        }
    }

    /// <summary>Drops every state kept: after a failed batch they may be ahead of the database.</summary>
    public void Clear() => _states.Clear();

    /// <summary>The state of a device this batch has already found.</summary>
    public DeviceState this[string code] => _states[code];

    /// <summary>
    /// The device's state, read once and then kept: on SQLite the ingest is its only writer. On PostgreSQL other
    /// servers share the readings of one device (a shared subscription splits them message by message), so
    /// <see cref="Lock"/> has read it afresh for this batch.
    /// </summary>
    public DeviceState? Find(SqlSession sql, string code)
    {
        if (_states.TryGetValue(code, out var state))
        {
            return state;
        }

        using (var r = sql.Query(StateSelect + " WHERE d.code = @p0", code))
        {
            state = r.Read() ? Read(r, code) : null;
        }

        // Unknown codes are not remembered here (in external mode the device directory in front keeps a miss for 5 s).
        if (state is not null)
        {
            _states[code] = state;
        }

        return state;
    }

    /// <summary>
    /// Reads the states of the batch's devices in this transaction and locks their rows until it commits, in id
    /// order so two servers never wait on each other crosswise: a state kept from an earlier batch may be stale,
    /// since another server may have taken readings of the same device since.
    /// </summary>
    public void Lock(SqlSession sql, IEnumerable<string> deviceCodes)
    {
        _states.Clear();
        var codes = deviceCodes.Distinct(StringComparer.Ordinal).ToArray();
        using var r = sql.Query(StateSelect + " WHERE d.code = ANY(@p0) ORDER BY d.id FOR UPDATE OF d", (object)codes);
        while (r.Read())
        {
            var state = Read(r, r.GetString(27));
            _states[state.Code] = state;
        }
    }

    /// <summary>Writes the state a batch changed back to the device's row, in the batch's transaction.</summary>
    public static void Save(SqlSession sql, Device s) => sql.Execute(
        """
        UPDATE devices SET last_sequence = @p0, last_device_time = @p1, last_value = @p2, last_seen_at = @p3, online = @p4, deviation_since = @p5,
               out_of_range_seconds = @p6, accepted = @p7, rejected = @p8, last_rejection = @p9 WHERE id = @p10
        """,
        s.LastSequence, s.LastDeviceTime?.UtcTicks, s.LastValue, s.LastSeenAt?.UtcTicks, s.Online, s.DeviationSince?.UtcTicks,
        s.OutOfRangeSeconds, s.Accepted, s.Rejected, s.LastRejection, s.Id);

    private static DeviceState Read(DbDataReader r, string code)
    {
        static DateTimeOffset? Ticks(DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero);
        var device = new Device
        {
            // The ingest never needs the secret: the broker checked it when the device signed in.
            Id = r.GetInt64(0), Code = code, SecretHash = "", WarehouseId = r.GetInt64(1), Kind = (DeviceKind)r.GetInt32(3), Enabled = r.GetBoolean(4),
            BinId = r.IsDBNull(5) ? null : r.GetInt64(5), SkuId = r.IsDBNull(7) ? null : r.GetInt64(7), ZoneId = r.IsDBNull(11) ? null : r.GetInt64(11),
            TareGrams = r.GetDouble(12), ToleranceUnits = r.GetDouble(13), GraceSeconds = r.GetInt32(14), MinCelsius = r.GetDouble(15), MaxCelsius = r.GetDouble(16),
            LastSequence = r.GetInt64(17), LastDeviceTime = Ticks(r, 18), LastValue = r.GetDouble(19), LastSeenAt = Ticks(r, 20), Online = r.GetBoolean(21),
            DeviationSince = Ticks(r, 22), OutOfRangeSeconds = r.GetDouble(23), Accepted = r.GetInt64(24), Rejected = r.GetInt64(25), LastRejection = r.GetString(26),
        };
        return new DeviceState
        {
            Device = device, WarehouseCode = r.GetString(2), BinCode = r.GetString(6), SkuCode = r.GetString(8), UnitWeightGrams = r.GetDouble(9) * 1000, ZoneCode = r.GetString(10),
        };
    }
}
