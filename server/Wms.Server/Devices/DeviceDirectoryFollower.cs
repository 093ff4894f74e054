using Wms.Server.Data;

namespace Wms.Server.Devices;

/// <summary>
/// Keeps this server's <see cref="DeviceDirectory"/> in step with devices changed through any server: a device
/// disabled or rotated on one is refused, and its connection closed, on all of them; one registered on another
/// may connect here at once. Woken by the <see cref="DeviceDirectory.Channel"/> commit signal (LISTEN/NOTIFY on
/// PostgreSQL), and reads again at the signals' catch-up interval in case a notification was lost.
/// </summary>
public sealed partial class DeviceDirectoryFollower(DeviceDirectory directory, DatabaseSignals signals, TimeProvider time, ILogger<DeviceDirectoryFollower> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signals.WaitAsync(DeviceDirectory.Channel, signals.Version(DeviceDirectory.Channel), time, stoppingToken);
                await directory.LoadAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogReloadFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Reading the devices again failed; trying again at the next signal.")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}
