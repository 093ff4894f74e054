using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Wms.Server.Data;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// Persistent sessions of the embedded broker that outlive a restart. MQTTnet 5.2 keeps sessions in memory and
/// has no store to plug in, but its public events tell everything a store needs, and are awaited where it matters:
/// <list type="bullet">
/// <item>a session's settings when its client connects (clean start, expiry), and its end (<c>SessionDeletedAsync</c>);</item>
/// <item>each subscription and unsubscription, awaited before the SUBACK/UNSUBACK is queued;</item>
/// <item>each message about to be queued for a session (<c>InterceptingClientEnqueueAsync</c>, awaited before it is
/// queued), and the client's acknowledgement of it (<c>ClientAcknowledgedPublishPacketAsync</c>).</item>
/// </list>
/// A QoS 1/2 message for a persistent session is therefore in the database before MQTTnet queues it, and is deleted
/// once the client has acknowledged it.
/// <para>
/// This class follows the live sessions; <see cref="SessionStore"/> holds their rows, and <see cref="SessionRestore"/>
/// rebuilds them at start through MQTTnet's own front door. Until that is done other clients are refused with
/// "server unavailable", so a client that reconnects finds its session (CONNACK session present = 1), its
/// subscriptions and its queued messages.
/// </para>
/// </summary>
public sealed class PersistentSessions
{
    /// <summary>The user name the restoring client signs in with: not a valid device code (those have no <c>$</c>), and never accepted outside a restore.</summary>
    public const string RestorerUserName = "$wms-restore";

    private readonly SessionStore _store;
    private readonly SessionRestore _restore;
    private readonly TimeProvider _time;

    // Persistent sessions (client id → their subscriptions by filter). A client id not here has no stored state.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MqttTopicFilter>> _kept = new(StringComparer.Ordinal);

    // From a connection's validation to its CONNACK: what it asked for (clean start, expiry).
    private readonly ConcurrentDictionary<string, ConnectRequest> _connecting = new(StringComparer.Ordinal);

    public PersistentSessions(WriteBatcher writes, IOptions<DataOptions> data, TimeProvider time, ILogger<PersistentSessions> logger)
    {
        _store = new SessionStore(writes, data, logger);
        _restore = new SessionRestore(_store, time, logger);
        _time = time;
    }

    private sealed record ConnectRequest(bool CleanStart, bool Persistent, long Expiry, bool IsDevice);

    /// <summary>True while the stored sessions are rebuilt at start: other clients are refused until then.</summary>
    public bool Restoring => _restore.Restoring;

    /// <summary>Whether a connection is this process's restoring client; if so, whether the session it rebuilds is a device's.</summary>
    public bool IsRestorer(ValidatingConnectionEventArgs e, out bool isDevice) => _restore.IsRestorer(e, out isDevice);

    /// <summary>Notes what an accepted connection asked for; applied once MQTTnet has made or taken up its session.</summary>
    public void Connecting(ValidatingConnectionEventArgs e, string clientId, bool isDevice)
    {
        // MQTT 5: the session outlives the connection when its expiry is above 0 (3.1.2.11.2); 3.1.1: when clean session is off (3.1.2.4).
        var persistent = e.ProtocolVersion == MqttProtocolVersion.V500 ? e.SessionExpiryInterval > 0 : e.CleanSession == false || e.ProtocolVersion == MqttProtocolVersion.V310;
        var expiry = e.ProtocolVersion == MqttProtocolVersion.V500 ? e.SessionExpiryInterval : StoredSession.NeverExpires;
        _connecting[clientId] = new ConnectRequest(e.CleanSession ?? true, persistent, expiry, isDevice);
    }

    public void Attach(MqttServer server)
    {
        server.ClientConnectedAsync += ConnectedAsync;
        server.ClientDisconnectedAsync += DisconnectedAsync;
        server.SessionDeletedAsync += DeletedAsync;
        server.ClientSubscribedTopicAsync += SubscribedAsync;
        server.ClientUnsubscribedTopicAsync += UnsubscribedAsync;
        server.InterceptingClientEnqueueAsync += EnqueuingAsync;
        server.ApplicationMessageEnqueuedOrDroppedAsync += EnqueuedOrDroppedAsync;
        server.ClientAcknowledgedPublishPacketAsync += AcknowledgedAsync;
    }

    /// <summary>
    /// Rebuilds the stored sessions in the freshly started broker (<see cref="SessionRestore"/>); expired sessions and
    /// those of devices no longer enabled are deleted instead. <paramref name="endPoint"/> is where the broker listens.
    /// </summary>
    public Task RestoreAsync(MqttServer server, IPEndPoint endPoint, Func<string, bool> deviceEnabled, CancellationToken cancellationToken) =>
        _restore.RestoreAsync(server, endPoint, deviceEnabled,
            (clientId, filters) => _kept[clientId] = new ConcurrentDictionary<string, MqttTopicFilter>(filters.ToDictionary(f => f.Topic, StringComparer.Ordinal), StringComparer.Ordinal),
            cancellationToken);

    private async Task ConnectedAsync(ClientConnectedEventArgs e)
    {
        if (Restoring || !_connecting.TryRemove(e.ClientId, out var c))
        {
            return;
        }

        // Clean start: MQTTnet has replaced any session of this id without a deletion event, so its stored state goes now.
        // A session that ends with its connection has nothing to keep either (and must not come back after a crash).
        // (Every stored session is in _kept from the start on, so a client without one costs no write.)
        if ((c.CleanStart || !c.Persistent) && _kept.TryRemove(e.ClientId, out _))
        {
            await _store.DeleteAsync("MqttSessionDeleted", e.ClientId);
        }

        if (c.Persistent)
        {
            _kept.GetOrAdd(e.ClientId, _ => new ConcurrentDictionary<string, MqttTopicFilter>(StringComparer.Ordinal));
            await _store.SaveSessionAsync(e.ClientId, c.IsDevice, c.Expiry);
        }
    }

    private Task DisconnectedAsync(ClientDisconnectedEventArgs e) =>
        Restoring || e.DisconnectType == MqttClientDisconnectType.Takeover || !_kept.ContainsKey(e.ClientId)
            ? Task.CompletedTask
            : _store.DisconnectedAsync(e.ClientId, _time.GetUtcNow());

    private Task DeletedAsync(SessionDeletedEventArgs e)
    {
        _kept.TryRemove(e.Id, out _);
        return _store.DeleteAsync("MqttSessionDeleted", e.Id);
    }

    private Task SubscribedAsync(ClientSubscribedTopicEventArgs e)
    {
        if (Restoring || !_kept.TryGetValue(e.ClientId, out var filters))
        {
            return Task.CompletedTask;
        }

        filters[e.TopicFilter.Topic] = e.TopicFilter;
        return _store.SubscribedAsync(e.ClientId, e.TopicFilter);
    }

    private Task UnsubscribedAsync(ClientUnsubscribedTopicEventArgs e) =>
        _kept.TryGetValue(e.ClientId, out var filters) && filters.TryRemove(e.TopicFilter, out _)
            ? _store.UnsubscribedAsync(e.ClientId, e.TopicFilter)
            : Task.CompletedTask;

    /// <summary>Before MQTTnet queues a message for a session: a persistent session's QoS 1/2 message is stored first.</summary>
    private async Task EnqueuingAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (_restore.IsReplay(message, out var target))
        {
            // A stored message injected again after a restart: it is already stored, and it is for one session only.
            e.AcceptEnqueue = e.ReceiverClientId == target;
            return;
        }

        if (!_kept.TryGetValue(e.ReceiverClientId, out var filters))
        {
            return;
        }

        var qos = DeliveredQos(filters, message);
        if (qos == MqttQualityOfServiceLevel.AtMostOnce)
        {
            return;
        }

        if (_restore.IsRebuilding(e.ReceiverClientId))
        {
            // Its session is being rebuilt: the restoring client must not take it; it is stored and injected with the others.
            e.AcceptEnqueue = false;
        }

        await _store.AddMessageAsync(e.ReceiverClientId, message, qos);
    }

    private Task EnqueuedOrDroppedAsync(ApplicationMessageEnqueuedEventArgs e) =>
        e.IsDropped && _kept.ContainsKey(e.ReceiverClientId)
            ? _store.ForgetMessageAsync(e.ReceiverClientId, e.ApplicationMessage.Topic, e.ApplicationMessage.Payload)
            : Task.CompletedTask;

    private Task AcknowledgedAsync(ClientAcknowledgedPublishPacketEventArgs e) =>
        e.IsCompleted && _kept.ContainsKey(e.ClientId)
            ? _store.ForgetMessageAsync(e.ClientId, e.PublishPacket.Topic, e.PublishPacket.Payload)
            : Task.CompletedTask;

    /// <summary>
    /// The QoS MQTTnet delivers a message at to a session: the highest its matching subscriptions grant, capped at
    /// the message's own (MQTT 5 3.8.4 / 4.3); QoS 0 when nothing matches.
    /// </summary>
    private static MqttQualityOfServiceLevel DeliveredQos(ConcurrentDictionary<string, MqttTopicFilter> filters, MqttApplicationMessage message)
    {
        var granted = MqttQualityOfServiceLevel.AtMostOnce;
        foreach (var filter in filters.Values)
        {
            if (filter.QualityOfServiceLevel > granted && MqttTopicFilterComparer.Compare(message.Topic, filter.Topic) == MqttTopicFilterCompareResult.IsMatch)
            {
                granted = filter.QualityOfServiceLevel;
            }
        }

        return granted < message.QualityOfServiceLevel ? granted : message.QualityOfServiceLevel;
    }
}
