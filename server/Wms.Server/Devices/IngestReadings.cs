using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Wms.Server.Alerts;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Devices;

/// <summary>
/// The ingest: readings from every device go through one queue; a loop takes whatever is waiting (up to
/// <see cref="DeviceOptions.MaxIngestBatch"/>) and hands it to the writer as one command, so a batch of
/// readings is one transaction with prepared statements and one commit (the writer's group commit). Each
/// caller's task completes only after that commit: the MQTT transport acknowledges a QoS 1 reading then.
/// <para>
/// Per reading, in the batch's transaction: insert into <c>device_readings</c> keyed by (device, sequence)
/// (a conflict is a duplicate, which changes nothing); if it is the device's newest, apply it to the
/// device's state and raise or resolve alerts. A bad reading is counted against its device and never
/// fails its neighbours. Cycle counts a shelf's weight asks for (<see cref="RaiseCycleCount"/>) and holds on a cold room's
/// lots or stocked bins after an excursion (<see cref="PlaceHold"/>, <see cref="DeviceOptions.HoldOnExcursion"/>) run after the commit, with request
/// ids made of the device and sequence, so a retry places none twice.
/// </para>
/// </summary>
public sealed partial class IngestReadings(
    WriteBatcher writes, DeviceDirectory directory, RaiseCycleCount.Handler raiseCycleCount, PlaceHold.Handler placeHold, IOptions<DeviceOptions> options, TimeProvider time, ILogger<IngestReadings> logger) : BackgroundService
{
    /// <summary>The meter of the readings this server stored, for a site's Prometheus: with several servers, who took how many.</summary>
    public const string MeterName = "Wms.Server.Devices";

    private static readonly System.Diagnostics.Metrics.Meter Meter = new(MeterName);

    // Outcome applied, duplicate or rejected; counted after the commit.
    private static readonly System.Diagnostics.Metrics.Counter<long> Readings = Meter.CreateCounter<long>("wms.device.readings", "{reading}", "Device messages this server took, by outcome, after their commit.");

    private readonly Channel<Item> _queue = Channel.CreateUnbounded<Item>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DeviceOptions _options = options.Value;

    // Touched by the writer thread only (inside a batch).
    private readonly Dictionary<string, DeviceState> _states = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _forget = new();
    private bool _subscribed;

    // By IngestOutcome: the bench's Counters and the meter's tally, kept in one place.
    private readonly long[] _outcomes = new long[Enum.GetValues<IngestOutcome>().Length];

    public (long Applied, long Duplicates, long Rejected) Counters =>
        (Interlocked.Read(ref _outcomes[(int)IngestOutcome.Applied]) + Interlocked.Read(ref _outcomes[(int)IngestOutcome.Late]),
         Interlocked.Read(ref _outcomes[(int)IngestOutcome.Duplicate]), Interlocked.Read(ref _outcomes[(int)IngestOutcome.Rejected]));

    /// <summary>Stores and applies a reading; completes after the commit.</summary>
    public Task<IngestResult> SubmitAsync(Reading reading) => Enqueue(new Item(reading.DeviceCode, reading, null, false));

    /// <summary>Counts a message the transport could not make sense of against the device (durably).</summary>
    public Task<IngestResult> RejectAsync(string deviceCode, string reason) => Enqueue(new Item(deviceCode, null, reason, false));

    /// <summary>The device's will fired, or it fell silent: mark it offline and raise the alert.</summary>
    public Task<IngestResult> MarkOfflineAsync(string deviceCode, string why) => Enqueue(new Item(deviceCode, null, why, true));

    private Task<IngestResult> Enqueue(Item item)
    {
        if (!_queue.Writer.TryWrite(item))
        {
            throw new InvalidOperationException("The server is shutting down: no more readings are taken.");
        }

        return item.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_subscribed)
        {
            _subscribed = true;
            directory.Changed += Forget;
        }

        var batch = new List<Item>(_options.MaxIngestBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < _options.MaxIngestBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await RunAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            foreach (var item in batch)
            {
                item.Done.TrySetException(new InvalidOperationException("The server stopped before this reading was stored."));
            }

            while (_queue.Reader.TryRead(out var left))
            {
                left.Done.TrySetException(new InvalidOperationException("The server stopped before this reading was stored."));
            }
        }
    }

    private async Task RunAsync(List<Item> batch, CancellationToken stoppingToken)
    {
        // Use cases of other features that a reading asks for, run after the commit (idempotent by request id).
        var followUps = new List<Func<Task>>();
        try
        {
            await writes.ExecuteSqlAsync(new CommandInfo(nameof(IngestReadings), "mqtt", "", $"{batch.Count} readings"), sql =>
            {
                while (_forget.TryDequeue(out var changed))
                {
                    _states.Remove(changed);
                }

                if (sql.Provider == DatabaseProvider.Postgres)
                {
                    LockStates(sql, batch);
                }

                var now = time.GetUtcNow();
                var effects = new List<DeviceState.Effect>();
                var dirty = new HashSet<DeviceState>();
                foreach (var item in batch)
                {
                    item.Result = Apply(sql, item, now, effects, dirty);
                    if (effects.Count > 0)
                    {
                        ApplyEffects(sql, _states[item.DeviceCode], item.Reading?.Sequence, effects, now, followUps);
                        effects.Clear();
                    }
                }

                foreach (var state in dirty)
                {
                    Save(sql, state.Device);
                }

                return batch.Count;
            }, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Nothing of the batch is stored: the states held here may be ahead of the database. A reading's own
            // faults are rejections inside the batch, so this is the store's failure, never the reading's (even when
            // the writer words it as a refusal): the transport must have the device send it again.
            LogBatchFailed(logger, batch.Count, ex);
            _states.Clear();
            var notStored = new ReadingsNotStoredException(ex);
            foreach (var item in batch)
            {
                item.Done.TrySetException(notStored);
            }

            return;
        }

        foreach (var item in batch)
        {
            var result = item.Result!;
            Count(result.Outcome);
            item.Done.TrySetResult(result);
        }

        foreach (var followUp in followUps)
        {
            _ = FollowUpAsync(followUp);
        }
    }

    /// <summary>
    /// Raises or resolves the alerts a reading's effects ask for, in the batch's transaction, and queues the cycle
    /// counts and holds to run after the commit.
    /// </summary>
    private void ApplyEffects(SqlSession sql, DeviceState state, long? sequence, List<DeviceState.Effect> effects, DateTimeOffset now, List<Func<Task>> followUps)
    {
        var requestId = $"device:{state.Code}:{sequence}";
        foreach (var effect in effects)
        {
            if (effect.Raise)
            {
                AlertStore.Raise(sql, state.Device.WarehouseId, state.WarehouseCode, effect.Kind, effect.Subject, effect.Message, now);
            }
            else
            {
                AlertStore.ResolveOpen(sql, state.Device.WarehouseId, state.WarehouseCode, effect.Kind, effect.Subject, effect.Message, now);
            }

            var reason = effect.Message.Length > 200 ? effect.Message[..200] : effect.Message;
            if (effect.CycleCount)
            {
                followUps.Add(() => raiseCycleCount.HandleAsync(
                    new RaiseCycleCount.Command(requestId + ":count", "mqtt", state.WarehouseCode, state.BinCode, reason), CancellationToken.None));
            }

            if (effect.Raise && effect.Kind == AlertKind.TemperatureExcursion && _options.ExcursionHolds != ExcursionHold.None)
            {
                // The stock in the zone now: a lot that arrives later was not there during the excursion.
                var stocked = StockedLots(sql, state.Device.ZoneId);
                var holds = _options.ExcursionHolds == ExcursionHold.Lots
                    ? stocked.Select(s => new PlaceHold.Command(FollowUpId(requestId, $"hold:{s.Bin}:{s.Sku}:{s.Lot}"), "mqtt", state.WarehouseCode, s.Bin, reason, s.Sku, s.Lot))
                    : stocked.Select(s => s.Bin).Distinct().Select(bin => new PlaceHold.Command(FollowUpId(requestId, $"hold:{bin}"), "mqtt", state.WarehouseCode, bin, reason));
                foreach (var hold in holds)
                {
                    followUps.Add(() => placeHold.HandleAsync(hold, CancellationToken.None));
                }
            }
        }
    }

    /// <summary>
    /// The request id of a follow-up a reading asks for: the reading's own (device and sequence) and what it places,
    /// so a retry places nothing twice; a long one (long bin, SKU and lot codes) ends in a hash of what it places instead.
    /// </summary>
    private static string FollowUpId(string requestId, string what)
    {
        var id = $"{requestId}:{what}";
        return id.Length <= Common.Limits.RequestId
            ? id
            : $"{requestId}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(what)))[..24]}";
    }

    private IngestResult Apply(SqlSession sql, Item item, DateTimeOffset now, List<DeviceState.Effect> effects, HashSet<DeviceState> dirty)
    {
        var state = State(sql, item.DeviceCode);
        if (state is null)
        {
            return new IngestResult(IngestOutcome.Rejected, $"device '{item.DeviceCode}' is not registered");
        }

        if (item.Offline)
        {
            if (state.Device.Online)
            {
                state.Device.Online = false;
                dirty.Add(state);
                effects.Add(new DeviceState.Effect(AlertKind.DeviceOffline, state.Code, $"Device {state.Code} is offline: {item.Reason}.", Raise: true));
            }

            return IngestResult.AppliedResult;
        }

        if (item.Reading is not { } reading)
        {
            return Reject(state, item.Reason ?? "rejected", dirty);
        }

        if (state.Refusal(reading, now, TimeSpan.FromSeconds(_options.MaxClockSkewSeconds)) is { } refusal)
        {
            return Reject(state, refusal, dirty);
        }

        var inserted = sql.Execute(
            "INSERT INTO device_readings (device_id, sequence, kind, device_time, received_at, value) VALUES (@p0, @p1, @p2, @p3, @p4, @p5) ON CONFLICT DO NOTHING",
            state.Device.Id, reading.Sequence, (int)reading.Kind, reading.DeviceTime.UtcTicks, now.UtcTicks, reading.Value);
        if (inserted == 0)
        {
            return IngestResult.DuplicateResult;
        }

        dirty.Add(state);
        state.Device.Accepted++;
        state.Device.LastSeenAt = now;
        if (!state.Device.Online)
        {
            state.Device.Online = true;
            effects.Add(new DeviceState.Effect(AlertKind.DeviceOffline, state.Code, "reporting again", Raise: false));
        }

        if (reading.Sequence < state.Device.LastSequence || state.Device.LastDeviceTime is { } last && reading.DeviceTime < last)
        {
            return IngestResult.LateResult;
        }

        var book = reading.Kind == ReadingKind.Weight
            ? sql.Scalar<long>("SELECT COALESCE(SUM(on_hand), 0) FROM stock_balances WHERE bin_id = @p0 AND sku_id = @p1", state.Device.BinId, state.Device.SkuId)
            : 0;
        var (outOfRange, previous) = (state.Device.OutOfRangeSeconds, state.Device.LastDeviceTime);
        state.Apply(reading, book, effects);
        if (state.Device.OutOfRangeSeconds > outOfRange && state.Device.ZoneId is { } zone && previous is { } from)
        {
            AccrueLotExposure(sql, state.Device.Id, zone, state.Device.OutOfRangeSeconds - outOfRange, from, reading.DeviceTime);
        }

        return IngestResult.AppliedResult;
    }

    /// <summary>
    /// Time out of range per lot: the stretch a probe just counted (from its previous reading to this one, both by
    /// device time) is added to every lot with stock in its zone now, in the reading's transaction.
    /// </summary>
    private static void AccrueLotExposure(SqlSession sql, long deviceId, long zoneId, double seconds, DateTimeOffset from, DateTimeOffset to) => sql.Execute(
        """
        INSERT INTO lot_exposures (device_id, sku_id, lot, seconds, first_at, last_at)
        SELECT @p0, s.sku_id, s.lot, @p1, @p2, @p3 FROM stock_balances s JOIN bins b ON b.id = s.bin_id
        WHERE b.zone_id = @p4 AND s.on_hand > 0 GROUP BY s.sku_id, s.lot
        ON CONFLICT (device_id, sku_id, lot) DO UPDATE SET seconds = lot_exposures.seconds + excluded.seconds, last_at = excluded.last_at
        """,
        deviceId, seconds, from.UtcTicks, to.UtcTicks, zoneId);

    private static IngestResult Reject(DeviceState state, string reason, HashSet<DeviceState> dirty)
    {
        state.Device.Rejected++;
        state.Device.LastRejection = reason.Length > 200 ? reason[..200] : reason;
        dirty.Add(state);
        return new IngestResult(IngestOutcome.Rejected, reason);
    }

    private const string StateSelect = """
        SELECT d.id, d.warehouse_id, w.code, d.kind, d.enabled, d.bin_id, COALESCE(b.code, ''), d.sku_id, COALESCE(s.code, ''), COALESCE(s.unit_weight_kg, 0),
               COALESCE(z.code, ''), d.zone_id, d.tare_grams, d.tolerance_units, d.grace_seconds, d.min_celsius, d.max_celsius,
               d.last_sequence, d.last_device_time, d.last_value, d.last_seen_at, d.online, d.deviation_since, d.out_of_range_seconds, d.accepted, d.rejected, d.last_rejection,
               d.code
        FROM devices d JOIN warehouses w ON w.id = d.warehouse_id
        LEFT JOIN bins b ON b.id = d.bin_id LEFT JOIN skus s ON s.id = d.sku_id LEFT JOIN zones z ON z.id = d.zone_id
        """;

    /// <summary>
    /// The device's state, read once and then kept: on SQLite this ingest is its only writer. On PostgreSQL other
    /// servers share the readings of one device (a shared subscription splits them message by message), so
    /// <see cref="LockStates"/> has read it afresh for this batch.
    /// </summary>
    private DeviceState? State(SqlSession sql, string code)
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
    private void LockStates(SqlSession sql, List<Item> batch)
    {
        _states.Clear();
        var codes = batch.Select(i => i.DeviceCode).Distinct(StringComparer.Ordinal).ToArray();
        using var r = sql.Query(StateSelect + " WHERE d.code = ANY(@p0) ORDER BY d.id FOR UPDATE OF d", (object)codes);
        while (r.Read())
        {
            var state = Read(r, r.GetString(27));
            _states[state.Code] = state;
        }
    }

    /// <summary>Forgets a device's settings after they changed (enabled, disabled): its next reading reads them again.</summary>
    private void Forget(string code) => _forget.Enqueue(code);

    private static DeviceState Read(System.Data.Common.DbDataReader r, string code)
    {
        static DateTimeOffset? Ticks(System.Data.Common.DbDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero);
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

    private static void Save(SqlSession sql, Device s) => sql.Execute(
        """
        UPDATE devices SET last_sequence = @p0, last_device_time = @p1, last_value = @p2, last_seen_at = @p3, online = @p4, deviation_since = @p5,
               out_of_range_seconds = @p6, accepted = @p7, rejected = @p8, last_rejection = @p9 WHERE id = @p10
        """,
        s.LastSequence, s.LastDeviceTime?.UtcTicks, s.LastValue, s.LastSeenAt?.UtcTicks, s.Online, s.DeviationSince?.UtcTicks,
        s.OutOfRangeSeconds, s.Accepted, s.Rejected, s.LastRejection, s.Id);

    /// <summary>One message taken, after its commit; a late reading is stored, so it counts as applied.</summary>
    private void Count(IngestOutcome outcome)
    {
        Interlocked.Increment(ref _outcomes[(int)outcome]);
        var tag = outcome switch
        {
            IngestOutcome.Duplicate => "duplicate",
            IngestOutcome.Rejected => "rejected",
            _ => "applied",
        };
        Readings.Add(1, new KeyValuePair<string, object?>("outcome", tag));
    }

    private async Task FollowUpAsync(Func<Task> followUp)
    {
        try
        {
            await followUp();
        }
        catch (Exception ex)
        {
            LogFollowUpFailed(logger, ex);
        }
    }

    /// <summary>Each SKU and lot with stock in a cold room, by bin: what an excursion may have spoiled.</summary>
    private static List<(string Bin, string Sku, string Lot)> StockedLots(SqlSession sql, long? zoneId)
    {
        var stocked = new List<(string, string, string)>();
        using var reader = sql.Query(
            """
            SELECT b.code, k.code, s.lot FROM bins b JOIN stock_balances s ON s.bin_id = b.id JOIN skus k ON k.id = s.sku_id
            WHERE b.zone_id = @p0 AND s.on_hand > 0 ORDER BY b.code, k.code, s.lot
            """,
            zoneId);
        while (reader.Read())
        {
            stocked.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return stocked;
    }

    [LoggerMessage(1, LogLevel.Error, "A batch of {Count} readings failed to store; none was applied.")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "A cycle count or hold a reading asked for could not be placed.")]
    private static partial void LogFollowUpFailed(ILogger logger, Exception exception);

    private sealed class Item(string deviceCode, Reading? reading, string? reason, bool offline)
    {
        public string DeviceCode { get; } = deviceCode;
        public Reading? Reading { get; } = reading;
        public string? Reason { get; } = reason;
        public bool Offline { get; } = offline;
        public IngestResult? Result { get; set; }
        public TaskCompletionSource<IngestResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The batch holding the reading failed to commit: nothing of it was stored, and the reading should come again.</summary>
public sealed class ReadingsNotStoredException(Exception inner) : Exception("The reading was not stored: " + inner.Message, inner);
