using System.Text.Json;
using Wms.Server.Alerts;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// Publishes every alert change on <c>wms/{warehouse}/alerts</c> (JSON, QoS 1) for other subscribers, following
/// the alerts from the last one there at start-up (only changes from then on are published).
/// </summary>
public sealed partial class AlertPublisher(AlertQueries alerts, IMqttOutbound outbound, ILogger<AlertPublisher> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long after = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (after < 0)
                {
                    after = await alerts.LastPositionAsync(stoppingToken);
                }

                await foreach (var alert in alerts.FollowAsync(null, after, stoppingToken))
                {
                    await outbound.PublishAsync(MqttTopics.AlertsTopic(alert.WarehouseCode), JsonSerializer.SerializeToUtf8Bytes(alert, Json), retain: false, stoppingToken);
                    after = alert.Position;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Publishing alerts failed: {Reason}; retrying")]
    private static partial void LogFailed(ILogger logger, string reason);
}
