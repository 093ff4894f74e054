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
/// <para>
/// This file is the queue, the batch and one reading's way through it; the rest is beside it:
/// <see cref="DeviceStateStore"/> (the states kept between batches, and their SQL), <see cref="DeviceState"/> (the
/// rules per kind: a shelf's weight against the book, a cold room's range), <see cref="ReadingEffects"/> (alerts and
/// the follow-ups) and <see cref="ColdRoomStock"/> (the stock a probe's excursion touches). The transport parses the
/// message (<c>Transport/Mqtt/MqttIngest.cs</c>; scanners: <c>ScannerEvents.cs</c>).
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

    private readonly DeviceStateStore _states = new();
    private readonly ReadingEffects _readingEffects = new(raiseCycleCount, placeHold, options.Value.ExcursionHolds);
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
            directory.Changed += _states.Forget;
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
                _states.ForgetChanged();
                if (sql.Provider == DatabaseProvider.Postgres)
                {
                    _states.Lock(sql, batch.Select(i => i.DeviceCode));
                }

                var now = time.GetUtcNow();
                var effects = new List<DeviceState.Effect>();
                var dirty = new HashSet<DeviceState>();
                foreach (var item in batch)
                {
                    item.Result = Apply(sql, item, now, effects, dirty);
                    if (effects.Count > 0)
                    {
                        _readingEffects.Apply(sql, _states[item.DeviceCode], item.Reading?.Sequence, effects, now, followUps);
                        effects.Clear();
                    }
                }

                foreach (var state in dirty)
                {
                    DeviceStateStore.Save(sql, state.Device);
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

    private IngestResult Apply(SqlSession sql, Item item, DateTimeOffset now, List<DeviceState.Effect> effects, HashSet<DeviceState> dirty)
    {
        var state = _states.Find(sql, item.DeviceCode);
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
            ColdRoomStock.AccrueLotExposure(sql, state.Device.Id, zone, state.Device.OutOfRangeSeconds - outOfRange, from, reading.DeviceTime);
        }

        return IngestResult.AppliedResult;
    }

    private static IngestResult Reject(DeviceState state, string reason, HashSet<DeviceState> dirty)
    {
        state.Device.Rejected++;
        state.Device.LastRejection = reason.Length > 200 ? reason[..200] : reason;
        dirty.Add(state);
        return new IngestResult(IngestOutcome.Rejected, reason);
    }

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
