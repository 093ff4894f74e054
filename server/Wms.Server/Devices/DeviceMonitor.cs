using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Data;

namespace Wms.Server.Devices;

/// <summary>
/// Every few seconds: marks offline the devices silent past their heartbeat interval (through the ingest, which
/// owns device state and raises the alert), and (hourly) prunes raw readings older than the retention setting.
/// </summary>
public sealed partial class DeviceMonitor(
    IDbContextFactory<WmsDbContext> contexts, IngestReadings ingest, WriteBatcher writes, IOptions<DeviceOptions> options, TimeProvider time, ILogger<DeviceMonitor> logger)
    : BackgroundService
{
    private DateTimeOffset? _lastPrune;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.MonitorSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogCheckFailed(logger, ex);
            }
        }
    }

    /// <summary>One round; tests call it directly with a fake clock.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<(string Code, DateTimeOffset? LastSeen, int Heartbeat)> watched;
        // Pruning is a write with its audit row: once an hour is often enough for a retention in days, and only
        // when a reading is past it (an idle site's audit trail is not filled with deletes of nothing).
        var pruneBefore = now - TimeSpan.FromDays(options.Value.RetentionDays);
        var prune = options.Value.RetentionDays > 0 && (_lastPrune is null || now - _lastPrune >= TimeSpan.FromHours(1));
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            watched = (await db.Set<Device>().AsNoTracking()
                .Where(d => d.Enabled && d.Online && d.HeartbeatSeconds > 0)
                .Select(d => new { d.Code, d.LastSeenAt, d.HeartbeatSeconds }).ToListAsync(cancellationToken))
                .Select(d => (d.Code, d.LastSeenAt, d.HeartbeatSeconds)).ToList();
            if (prune)
            {
                _lastPrune = now;
                prune = await db.Set<DeviceReading>().AnyAsync(r => r.ReceivedAt < pruneBefore, cancellationToken);
            }
        }

        foreach (var (code, lastSeen, heartbeat) in watched)
        {
            if (lastSeen is { } seen && now - seen > TimeSpan.FromSeconds(heartbeat))
            {
                await ingest.MarkOfflineAsync(code, $"silent for more than its heartbeat interval of {heartbeat} s");
            }
        }

        if (prune)
        {
            await writes.ExecuteSqlAsync(new CommandInfo("PruneReadings", "system", ""), sql => sql.Execute("DELETE FROM device_readings WHERE received_at < @p0", pruneBefore.UtcTicks), cancellationToken);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Looking for silent devices failed; trying again at the next round.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
