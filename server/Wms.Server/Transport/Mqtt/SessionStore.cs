using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using Wms.Server.Data;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// The database side of <see cref="PersistentSessions"/>: the rows of <c>mqtt_sessions</c>, <c>mqtt_subscriptions</c>
/// and <c>mqtt_session_messages</c>, written through the writer (group commit) and read back at start.
/// </summary>
internal sealed partial class SessionStore(WriteBatcher writes, IOptions<DataOptions> data, ILogger logger)
{
    public Task SaveSessionAsync(string clientId, bool isDevice, long expirySeconds) =>
        StoreAsync("MqttSession", clientId, sql => sql.Execute(
            """
            INSERT INTO mqtt_sessions (client_id, is_device, expiry_seconds, disconnected_at) VALUES (@p0, @p1, @p2, NULL)
            ON CONFLICT (client_id) DO UPDATE SET is_device = excluded.is_device, expiry_seconds = excluded.expiry_seconds, disconnected_at = NULL
            """,
            clientId, isDevice, expirySeconds));

    public Task DisconnectedAsync(string clientId, DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return StoreAsync("MqttSessionDisconnected", clientId, sql => sql.Execute("UPDATE mqtt_sessions SET disconnected_at = @p0 WHERE client_id = @p1", ticks, clientId));
    }

    /// <summary>The session and everything it holds; <paramref name="command"/> says why (deleted, expired).</summary>
    public Task DeleteAsync(string command, string clientId) =>
        StoreAsync(command, clientId, sql =>
            sql.Execute("DELETE FROM mqtt_session_messages WHERE client_id = @p0", clientId)
            + sql.Execute("DELETE FROM mqtt_subscriptions WHERE client_id = @p0", clientId)
            + sql.Execute("DELETE FROM mqtt_sessions WHERE client_id = @p0", clientId));

    public Task SubscribedAsync(string clientId, MqttTopicFilter f) =>
        StoreAsync("MqttSubscribed", clientId, sql => sql.Execute(
            """
            INSERT INTO mqtt_subscriptions (client_id, topic_filter, qos, no_local, retain_as_published)
            SELECT @p0, @p1, @p2, @p3, @p4 WHERE EXISTS (SELECT 1 FROM mqtt_sessions WHERE client_id = @p0)
            ON CONFLICT (client_id, topic_filter) DO UPDATE SET qos = excluded.qos, no_local = excluded.no_local, retain_as_published = excluded.retain_as_published
            """,
            clientId, f.Topic, (int)f.QualityOfServiceLevel, f.NoLocal, f.RetainAsPublished));

    public Task UnsubscribedAsync(string clientId, string topicFilter) =>
        StoreAsync("MqttUnsubscribed", clientId, sql => sql.Execute("DELETE FROM mqtt_subscriptions WHERE client_id = @p0 AND topic_filter = @p1", clientId, topicFilter));

    /// <summary>A message about to be queued for the session, at the QoS it is delivered at.</summary>
    public Task AddMessageAsync(string clientId, MqttApplicationMessage message, MqttQualityOfServiceLevel qos)
    {
        var payload = message.Payload.Length == 0 ? [] : System.Buffers.BuffersExtensions.ToArray(message.Payload);
        return StoreAsync("MqttSessionMessage", clientId, sql => sql.Execute(
            """
            INSERT INTO mqtt_session_messages (client_id, topic, payload, qos, content_type, payload_format)
            SELECT @p0, @p1, @p2, @p3, @p4, @p5 WHERE EXISTS (SELECT 1 FROM mqtt_sessions WHERE client_id = @p0)
            """,
            clientId, message.Topic, payload, (int)qos, MqttTopics.StoredContentType(message.ContentType), (int)message.PayloadFormatIndicator));
    }

    /// <summary>
    /// Deletes the oldest stored message of the session with this topic and payload: MQTTnet tells which message was
    /// acknowledged (or dropped) by its content, and messages with the same content are interchangeable.
    /// </summary>
    public Task ForgetMessageAsync(string clientId, string topic, System.Buffers.ReadOnlySequence<byte> payload)
    {
        var bytes = payload.Length == 0 ? [] : System.Buffers.BuffersExtensions.ToArray(payload);
        return StoreAsync("MqttSessionMessageDone", clientId, sql => sql.Execute(
            "DELETE FROM mqtt_session_messages WHERE id = (SELECT MIN(id) FROM mqtt_session_messages WHERE client_id = @p0 AND topic = @p1 AND payload = @p2)",
            clientId, topic, bytes));
    }

    /// <summary>Every stored session with its subscriptions.</summary>
    public List<(StoredSession Row, List<MqttTopicFilter> Filters)> LoadSessions()
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

        return rows.Select(s => (s, filters.GetValueOrDefault(s.ClientId) ?? [])).ToList();
    }

    /// <summary>The session's unacknowledged messages, oldest first.</summary>
    public List<MqttApplicationMessage> LoadMessages(string clientId)
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

    [LoggerMessage(3, LogLevel.Warning, "{Command} for MQTT session '{ClientId}' was not stored: {Reason}")]
    private static partial void LogStoreFailed(ILogger logger, string command, string clientId, string reason);
}
