using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wms.Server.Devices;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// The server as a client of an external broker (Mosquitto, EMQX, HiveMQ): MQTT 5, a persistent session, and
/// a shared subscription <c>$share/{group}/wms/+/+/+</c> so several servers split the readings. The broker
/// authenticates devices and enforces their ACLs; here a message counts only if its topic names a registered,
/// enabled device of that warehouse. Acknowledgements are manual: a reading is acknowledged after its commit,
/// in the order received (MQTT 4.6); one that failed to store is not, and the connection is dropped so the
/// broker delivers it again. A lost connection is retried every second.
/// </summary>
public sealed partial class ExternalBrokerClient(IOptions<MqttOptions> options, DeviceDirectory directory, IServiceProvider services, ILogger<ExternalBrokerClient> logger)
    : BackgroundService, IMqttOutbound
{
    /// <summary>How long, once the server stops, the acknowledgements of readings already taken may still take.</summary>
    private static readonly TimeSpan AckDrain = TimeSpan.FromSeconds(5);

    private readonly List<IMqttClient> _clients = [];

    public async Task PublishAsync(string topic, byte[] payload, bool retain, CancellationToken cancellationToken)
    {
        var client = _clients.FirstOrDefault(c => c.IsConnected);
        if (client is null)
        {
            return;
        }

        var message = MqttTopics.ServerMessage(topic, payload, retain);
        await client.PublishAsync(message, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ingest = services.GetRequiredService<MqttIngest>();
        var o = options.Value;
        var connections = Math.Max(1, o.Connections);
        var loops = new List<Task>();
        for (var i = 0; i < connections; i++)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            _clients.Add(client);
            loops.Add(RunAsync(client, $"{o.ClientId}-{i}", ingest, stoppingToken));
        }

        await Task.WhenAll(loops);
    }

    private async Task RunAsync(IMqttClient client, string clientId, MqttIngest ingest, CancellationToken stoppingToken)
    {
        var o = options.Value;
        var acks = Channel.CreateUnbounded<Received>();
        var connection = 0;
        client.ApplicationMessageReceivedAsync += e =>
        {
            e.AutoAcknowledge = false;
            acks.Writer.TryWrite(new Received(Volatile.Read(ref connection), HandleAsync(ingest, e), e));
            return Task.CompletedTask;
        };
        // Not the stopping token: a stop that cancels an acknowledgement half sent leaves a stored reading
        // unacknowledged (the broker sends it again) and logged a warning at shutdown.
        using var ackDrain = new CancellationTokenSource();
        var acker = AcknowledgeInOrderAsync(client, acks.Reader, () => Volatile.Read(ref connection), ackDrain.Token);
        var clientOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(o.BrokerHost, o.BrokerPort)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithCredentials(o.BrokerUsername, o.BrokerPassword)
            .Build();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    Interlocked.Increment(ref connection);
                    await client.ConnectAsync(clientOptions, stoppingToken);
                    // Subscribed on every connect, even when the broker says it kept the session: mosquitto 2.0
                    // restores sessions from its persistence file after a restart but not their shared subscriptions.
                    // Subscribing again to the same filter only replaces it.
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                        .WithTopicFilter($"$share/{o.SharedGroup}/wms/+/+/+", MqttQualityOfServiceLevel.AtLeastOnce).Build(), stoppingToken);

                    LogConnected(logger, clientId, o.BrokerHost, o.BrokerPort);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogConnectFailed(logger, clientId, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        // The readings taken before the stop are stored or being stored: acknowledge them, giving up only on a
        // broker that stops taking acknowledgements.
        acks.Writer.TryComplete();
        ackDrain.CancelAfter(AckDrain);
        await acker;
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The broker closed the connection between the check and the goodbye: nothing is left to close.
        }

        client.Dispose();
    }

    private async Task<IngestAnswer> HandleAsync(MqttIngest ingest, MqttApplicationMessageReceivedEventArgs e)
    {
        if (!MqttTopics.TryParse(e.ApplicationMessage.Topic, out var warehouse, out var code, out var kind) || kind is MqttTopics.Command)
        {
            return new IngestAnswer(Verdict.Rejected, "not a device topic");
        }

        // The payload's buffer belongs to MQTTnet only until the handler returns, which is at its first await.
        var payload = MqttTopics.CopyPayload(e.ApplicationMessage.Payload);
        var contentType = e.ApplicationMessage.ContentType;
        try
        {
            // Another server may have registered the device (shared subscriptions send its readings to any server).
            if (await directory.FindOrLoadAsync(code, CancellationToken.None) is not { Enabled: true } device || device.WarehouseCode != warehouse)
            {
                return new IngestAnswer(Verdict.Rejected, $"'{code}' is not an enabled device of warehouse '{warehouse}'");
            }

            return await ingest.HandleAsync(device, kind, payload, contentType);
        }
        catch (Exception ex)
        {
            // The database did not answer the device lookup: not the reading's fault, so it must come again.
            return new IngestAnswer(Verdict.Failed, ex.Message);
        }
    }

    /// <summary>
    /// Acknowledges each message of the current connection once its answer is in. A message received on an
    /// earlier connection is never acknowledged on a later one: its packet identifier may by then name another
    /// message, which would be acknowledged unread; the session sends the old one again instead (MQTT 4.4).
    /// </summary>
    private async Task AcknowledgeInOrderAsync(IMqttClient client, ChannelReader<Received> reader, Func<int> connection, CancellationToken giveUp)
    {
        var dropped = 0;
        await foreach (var received in reader.ReadAllAsync(CancellationToken.None))
        {
            var verdict = (await received.Answer).Verdict;
            if (received.Connection == dropped || received.Connection != connection())
            {
                continue;
            }

            try
            {
                if (verdict == Verdict.Failed)
                {
                    // Unacknowledged, and the session keeps it: the broker sends it again after the reconnect.
                    dropped = received.Connection;
                    await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
                    continue;
                }

                await received.Message.AcknowledgeAsync(giveUp);
            }
            catch (Exception ex)
            {
                LogAckFailed(logger, ex.Message);
            }
        }
    }

    private sealed record Received(int Connection, Task<IngestAnswer> Answer, MqttApplicationMessageReceivedEventArgs Message);

    [LoggerMessage(1, LogLevel.Information, "MQTT client {ClientId} connected to {Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string clientId, string host, int port);

    [LoggerMessage(2, LogLevel.Warning, "MQTT client {ClientId} could not connect: {Reason}; retrying")]
    private static partial void LogConnectFailed(ILogger logger, string clientId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Acknowledging a reading failed: {Reason}")]
    private static partial void LogAckFailed(ILogger logger, string reason);
}
