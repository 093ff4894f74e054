using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
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
/// MQTTnet creates a session only for a connection, so at start the stored sessions are rebuilt through MQTTnet's
/// own front door: for each, a loopback MQTTnet client signs in under the session's client id (clean start off,
/// with the session's remaining expiry, as <see cref="RestorerUserName"/> with a secret known to this process only),
/// subscribes with the stored options (retained messages not re-sent), and disconnects, which leaves MQTTnet holding
/// that session. The unacknowledged messages are then injected again, each let through to its own session only.
/// Until that is done other clients are refused with "server unavailable", so a client that reconnects finds its
/// session (CONNACK session present = 1), its subscriptions and its queued messages.
/// </para>
/// </summary>
public sealed partial class PersistentSessions(WriteBatcher writes, IOptions<DataOptions> data, TimeProvider time, ILogger<PersistentSessions> logger)
{
    /// <summary>The user name the restoring client signs in with: not a valid device code (those have no <c>$</c>), and never accepted outside a restore.</summary>
    public const string RestorerUserName = "$wms-restore";

    private readonly string _restorerSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    // Persistent sessions (client id → their subscriptions by filter). A client id not here has no stored state.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MqttTopicFilter>> _kept = new(StringComparer.Ordinal);

    // From a connection's validation to its CONNACK: what it asked for (clean start, expiry).
    private readonly ConcurrentDictionary<string, ConnectRequest> _connecting = new(StringComparer.Ordinal);

    // Sessions being rebuilt right now (client id → belongs to a device), and the stored messages being injected again (→ the one session each is for).
    private readonly ConcurrentDictionary<string, bool> _rebuilding = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<MqttApplicationMessage, string> _replays = [];
    private volatile bool _restoring;

    private sealed record ConnectRequest(bool CleanStart, bool Persistent, long Expiry, bool IsDevice);

    /// <summary>True while the stored sessions are rebuilt at start: other clients are refused until then.</summary>
    public bool Restoring => _restoring;

    /// <summary>Whether a connection is this process's restoring client; if so, whether the session it rebuilds is a device's.</summary>
    public bool IsRestorer(ValidatingConnectionEventArgs e, out bool isDevice)
    {
        isDevice = false;
        return _restoring && e.UserName == RestorerUserName
            && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(e.Password), System.Text.Encoding.ASCII.GetBytes(_restorerSecret))
            && _rebuilding.TryGetValue(e.ClientId ?? "", out isDevice);
    }

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

    private async Task ConnectedAsync(ClientConnectedEventArgs e)
    {
        if (_restoring || !_connecting.TryRemove(e.ClientId, out var c))
        {
            return;
        }

        // Clean start: MQTTnet has replaced any session of this id without a deletion event, so its stored state goes now.
        // A session that ends with its connection has nothing to keep either (and must not come back after a crash).
        // (Every stored session is in _kept from the start on, so a client without one costs no write.)
        if ((c.CleanStart || !c.Persistent) && _kept.TryRemove(e.ClientId, out _))
        {
            await StoreAsync("MqttSessionDeleted", e.ClientId, sql => DeleteAll(sql, e.ClientId));
        }

        if (c.Persistent)
        {
            _kept.GetOrAdd(e.ClientId, _ => new ConcurrentDictionary<string, MqttTopicFilter>(StringComparer.Ordinal));
            await StoreAsync("MqttSession", e.ClientId, sql => sql.Execute(
                """
                INSERT INTO mqtt_sessions (client_id, is_device, expiry_seconds, disconnected_at) VALUES (@p0, @p1, @p2, NULL)
                ON CONFLICT (client_id) DO UPDATE SET is_device = excluded.is_device, expiry_seconds = excluded.expiry_seconds, disconnected_at = NULL
                """,
                e.ClientId, c.IsDevice, c.Expiry));
        }
    }

    private Task DisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        if (_restoring || e.DisconnectType == MqttClientDisconnectType.Takeover || !_kept.ContainsKey(e.ClientId))
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow().UtcTicks;
        return StoreAsync("MqttSessionDisconnected", e.ClientId, sql => sql.Execute("UPDATE mqtt_sessions SET disconnected_at = @p0 WHERE client_id = @p1", now, e.ClientId));
    }

    private Task DeletedAsync(SessionDeletedEventArgs e)
    {
        _kept.TryRemove(e.Id, out _);
        return StoreAsync("MqttSessionDeleted", e.Id, sql => DeleteAll(sql, e.Id));
    }

    private Task SubscribedAsync(ClientSubscribedTopicEventArgs e)
    {
        if (_restoring || !_kept.TryGetValue(e.ClientId, out var filters))
        {
            return Task.CompletedTask;
        }

        var f = e.TopicFilter;
        filters[f.Topic] = f;
        return StoreAsync("MqttSubscribed", e.ClientId, sql => sql.Execute(
            """
            INSERT INTO mqtt_subscriptions (client_id, topic_filter, qos, no_local, retain_as_published)
            SELECT @p0, @p1, @p2, @p3, @p4 WHERE EXISTS (SELECT 1 FROM mqtt_sessions WHERE client_id = @p0)
            ON CONFLICT (client_id, topic_filter) DO UPDATE SET qos = excluded.qos, no_local = excluded.no_local, retain_as_published = excluded.retain_as_published
            """,
            e.ClientId, f.Topic, (int)f.QualityOfServiceLevel, f.NoLocal, f.RetainAsPublished));
    }

    private Task UnsubscribedAsync(ClientUnsubscribedTopicEventArgs e)
    {
        if (!_kept.TryGetValue(e.ClientId, out var filters) || !filters.TryRemove(e.TopicFilter, out _))
        {
            return Task.CompletedTask;
        }

        return StoreAsync("MqttUnsubscribed", e.ClientId, sql => sql.Execute("DELETE FROM mqtt_subscriptions WHERE client_id = @p0 AND topic_filter = @p1", e.ClientId, e.TopicFilter));
    }

    /// <summary>Before MQTTnet queues a message for a session: a persistent session's QoS 1/2 message is stored first.</summary>
    private async Task EnqueuingAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (_replays.TryGetValue(message, out var target))
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

        if (_rebuilding.ContainsKey(e.ReceiverClientId))
        {
            // Its session is being rebuilt: the restoring client must not take it; it is stored and injected with the others.
            e.AcceptEnqueue = false;
        }

        var payload = message.Payload.Length == 0 ? [] : System.Buffers.BuffersExtensions.ToArray(message.Payload);
        await StoreAsync("MqttSessionMessage", e.ReceiverClientId, sql => sql.Execute(
            """
            INSERT INTO mqtt_session_messages (client_id, topic, payload, qos, content_type, payload_format)
            SELECT @p0, @p1, @p2, @p3, @p4, @p5 WHERE EXISTS (SELECT 1 FROM mqtt_sessions WHERE client_id = @p0)
            """,
            e.ReceiverClientId, message.Topic, payload, (int)qos, MqttTopics.StoredContentType(message.ContentType), (int)message.PayloadFormatIndicator));
    }

    private Task EnqueuedOrDroppedAsync(ApplicationMessageEnqueuedEventArgs e) =>
        e.IsDropped && _kept.ContainsKey(e.ReceiverClientId)
            ? ForgetAsync(e.ReceiverClientId, e.ApplicationMessage.Topic, e.ApplicationMessage.Payload)
            : Task.CompletedTask;

    private Task AcknowledgedAsync(ClientAcknowledgedPublishPacketEventArgs e) =>
        e.IsCompleted && _kept.ContainsKey(e.ClientId)
            ? ForgetAsync(e.ClientId, e.PublishPacket.Topic, e.PublishPacket.Payload)
            : Task.CompletedTask;

    /// <summary>
    /// Deletes the oldest stored message of the session with this topic and payload: MQTTnet tells which message was
    /// acknowledged (or dropped) by its content, and messages with the same content are interchangeable.
    /// </summary>
    private Task ForgetAsync(string clientId, string topic, System.Buffers.ReadOnlySequence<byte> payload)
    {
        var bytes = payload.Length == 0 ? [] : System.Buffers.BuffersExtensions.ToArray(payload);
        return StoreAsync("MqttSessionMessageDone", clientId, sql => sql.Execute(
            "DELETE FROM mqtt_session_messages WHERE id = (SELECT MIN(id) FROM mqtt_session_messages WHERE client_id = @p0 AND topic = @p1 AND payload = @p2)",
            clientId, topic, bytes));
    }

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

    /// <summary>
    /// Rebuilds the stored sessions in the freshly started broker (see the class summary); expired sessions and
    /// those of devices no longer enabled are deleted instead. <paramref name="endPoint"/> is where the broker listens.
    /// </summary>
    public async Task RestoreAsync(MqttServer server, IPEndPoint endPoint, Func<string, bool> deviceEnabled, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var sessions = LoadSessions(now);
        var gone = sessions.Where(s => s.Remaining <= 0 || s.Row.IsDevice && !deviceEnabled(s.Row.ClientId)).Select(s => s.Row.ClientId).ToList();
        foreach (var clientId in gone)
        {
            await StoreAsync("MqttSessionExpired", clientId, sql => DeleteAll(sql, clientId));
        }

        var live = sessions.Where(s => !gone.Contains(s.Row.ClientId)).ToList();
        if (live.Count == 0)
        {
            return;
        }

        var host = endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endPoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : endPoint.Address;
        _restoring = true;
        var restored = 0;
        try
        {
            foreach (var (row, remaining, filters) in live)
            {
                try
                {
                    await RebuildAsync(server, new IPEndPoint(host, endPoint.Port), row, (uint)remaining, filters, now, cancellationToken);
                    restored++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _rebuilding.TryRemove(row.ClientId, out _);
                    LogRestoreFailed(logger, row.ClientId, ex.Message);
                }
            }
        }
        finally
        {
            _restoring = false;
        }

        LogRestored(logger, restored, live.Count);
    }

    private async Task RebuildAsync(MqttServer server, IPEndPoint endPoint, StoredSession row, uint remaining, List<MqttTopicFilter> filters, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _rebuilding[row.ClientId] = row.IsDevice;
        _kept[row.ClientId] = new ConcurrentDictionary<string, MqttTopicFilter>(filters.ToDictionary(f => f.Topic, StringComparer.Ordinal), StringComparer.Ordinal);
        using (var client = new MqttClientFactory().CreateMqttClient())
        {
            var options = new MqttClientOptionsBuilder().WithEndPoint(endPoint).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(row.ClientId).WithCleanStart(false).WithSessionExpiryInterval(remaining)
                .WithCredentials(RestorerUserName, _restorerSecret).WithTimeout(TimeSpan.FromSeconds(10)).Build();
            await client.ConnectAsync(options, cancellationToken);
            if (filters.Count > 0)
            {
                var subscribe = new MqttClientSubscribeOptions();
                foreach (var f in filters)
                {
                    // Retained messages were sent when the client first subscribed; a resumed session does not get them again.
                    subscribe.TopicFilters.Add(new MqttTopicFilter
                    {
                        Topic = f.Topic, QualityOfServiceLevel = f.QualityOfServiceLevel, NoLocal = f.NoLocal, RetainAsPublished = f.RetainAsPublished,
                        RetainHandling = MqttRetainHandling.DoNotSendOnSubscribe,
                    });
                }

                await client.SubscribeAsync(subscribe, cancellationToken);
            }

            await client.DisconnectAsync(new MqttClientDisconnectOptions { Reason = MqttClientDisconnectOptionsReason.NormalDisconnection }, cancellationToken);
        }

        _rebuilding.TryRemove(row.ClientId, out _);
        if (row.DisconnectedAt is null)
        {
            // Its connection ended with the previous process: the expiry counts from now.
            var ticks = now.UtcTicks;
            await StoreAsync("MqttSessionDisconnected", row.ClientId, sql => sql.Execute("UPDATE mqtt_sessions SET disconnected_at = @p0 WHERE client_id = @p1", ticks, row.ClientId));
        }

        foreach (var message in LoadMessages(row.ClientId))
        {
            _replays.AddOrUpdate(message, row.ClientId);
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "" }, cancellationToken);
        }
    }

    private List<(StoredSession Row, long Remaining, List<MqttTopicFilter> Filters)> LoadSessions(DateTimeOffset now)
    {
        var rows = new List<StoredSession>();
        var filters = new Dictionary<string, List<MqttTopicFilter>>(StringComparer.Ordinal);
        using var sql = SqlSession.Open(data.Value);
        using (var r = sql.Query("SELECT client_id, is_device, expiry_seconds, disconnected_at FROM mqtt_sessions ORDER BY client_id"))
        {
            while (r.Read())
            {
                rows.Add(new StoredSession
                {
                    ClientId = r.GetString(0), IsDevice = r.GetBoolean(1), ExpirySeconds = r.GetInt64(2),
                    DisconnectedAt = r.IsDBNull(3) ? null : new DateTimeOffset(r.GetInt64(3), TimeSpan.Zero),
                });
            }
        }

        using (var r = sql.Query("SELECT client_id, topic_filter, qos, no_local, retain_as_published FROM mqtt_subscriptions ORDER BY client_id, topic_filter"))
        {
            while (r.Read())
            {
                var list = filters.TryGetValue(r.GetString(0), out var l) ? l : filters[r.GetString(0)] = [];
                list.Add(new MqttTopicFilter
                {
                    Topic = r.GetString(1), QualityOfServiceLevel = (MqttQualityOfServiceLevel)r.GetInt32(2), NoLocal = r.GetBoolean(3), RetainAsPublished = r.GetBoolean(4),
                });
            }
        }

        return rows.Select(s => (s, Remaining(s, now), filters.GetValueOrDefault(s.ClientId) ?? [])).ToList();
    }

    /// <summary>Seconds the session has left (MQTT 5 3.1.2.11.2: counted from the end of its connection).</summary>
    private static long Remaining(StoredSession s, DateTimeOffset now)
    {
        if (s.ExpirySeconds >= StoredSession.NeverExpires)
        {
            return StoredSession.NeverExpires;
        }

        var gone = s.DisconnectedAt is { } at ? (long)Math.Max(0, (now - at).TotalSeconds) : 0;
        return s.ExpirySeconds - gone;
    }

    private List<MqttApplicationMessage> LoadMessages(string clientId)
    {
        var messages = new List<MqttApplicationMessage>();
        using var sql = SqlSession.Open(data.Value);
        using var r = sql.Query("SELECT topic, payload, qos, content_type, payload_format FROM mqtt_session_messages WHERE client_id = @p0 ORDER BY id", clientId);
        while (r.Read())
        {
            messages.Add(MqttTopics.Stored(r.GetString(0), (byte[])r.GetValue(1), r.GetInt32(2), r.GetString(3), r.GetInt32(4), retain: false));
        }

        return messages;
    }

    private static int DeleteAll(SqlSession sql, string clientId) =>
        sql.Execute("DELETE FROM mqtt_session_messages WHERE client_id = @p0", clientId)
        + sql.Execute("DELETE FROM mqtt_subscriptions WHERE client_id = @p0", clientId)
        + sql.Execute("DELETE FROM mqtt_sessions WHERE client_id = @p0", clientId);

    /// <summary>
    /// One change through the writer (group commit), awaited: MQTTnet awaits these events before it answers the client.
    /// A failure is logged, never thrown into MQTTnet, where it would stop the delivery of the message to other sessions.
    /// </summary>
    private async Task StoreAsync(string command, string clientId, Func<SqlSession, int> change)
    {
        try
        {
            await writes.ExecuteSqlAsync(new CommandInfo(command, "mqtt", "", clientId), change);
        }
        catch (Exception ex)
        {
            LogStoreFailed(logger, command, clientId, ex.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Restored {Restored} of {Stored} persistent MQTT sessions.")]
    private static partial void LogRestored(ILogger logger, int restored, int stored);

    [LoggerMessage(2, LogLevel.Warning, "The persistent MQTT session '{ClientId}' could not be restored: {Reason}")]
    private static partial void LogRestoreFailed(ILogger logger, string clientId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "{Command} for MQTT session '{ClientId}' was not stored: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string command, string clientId, string reason);
}
