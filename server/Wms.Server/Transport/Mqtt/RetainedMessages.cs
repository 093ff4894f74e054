using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Wms.Server.Data;

namespace Wms.Server.Transport.Mqtt;

/// <summary>A retained message of the embedded broker, kept in the database so it outlives a restart.</summary>
public sealed class RetainedMessage
{
    public required string Topic { get; set; }

    public byte[] Payload { get; set; } = [];

    public int Qos { get; set; }

    /// <summary>MQTT 5 content type and payload format indicator (0 unspecified, 1 UTF-8), as published.</summary>
    public string ContentType { get; set; } = "";

    public int PayloadFormat { get; set; }
}

internal sealed class RetainedMessageConfiguration : IEntityTypeConfiguration<RetainedMessage>
{
    public void Configure(EntityTypeBuilder<RetainedMessage> b)
    {
        b.ToTable("mqtt_retained");
        b.HasKey(m => m.Topic);
        b.Property(m => m.ContentType).HasMaxLength(200);
    }
}

/// <summary>
/// MQTTnet 5.2 keeps retained messages in memory, and offers two hooks: one to load them when the broker starts,
/// one that it awaits whenever a retained message is set or cleared, before it acknowledges the publish. This
/// stores each change through the writer, so a retained QoS 1 message that was acknowledged is in the database,
/// and a restarted broker serves it again. (Sessions have no such hook in 5.2; <see cref="PersistentSessions"/> builds one from its events.)
/// </summary>
public sealed class RetainedMessages(WriteBatcher writes, IOptions<DataOptions> data)
{
    public void Attach(MqttServer server)
    {
        server.LoadingRetainedMessageAsync += LoadAsync;
        server.RetainedMessageChangedAsync += ChangedAsync;
        server.RetainedMessagesClearedAsync += ClearedAsync;
    }

    private Task LoadAsync(LoadingRetainedMessagesEventArgs e)
    {
        using var sql = SqlSession.Open(data.Value);
        using var reader = sql.Query("SELECT topic, payload, qos, content_type, payload_format FROM mqtt_retained ORDER BY topic");
        while (reader.Read())
        {
            e.LoadedRetainedMessages.Add(MqttTopics.Stored(
                reader.GetString(0), (byte[])reader.GetValue(1), reader.GetInt32(2), reader.IsDBNull(3) ? "" : reader.GetString(3), reader.GetInt32(4), retain: true));
        }

        return Task.CompletedTask;
    }

    private Task ChangedAsync(RetainedMessageChangedEventArgs e)
    {
        var message = e.ChangedRetainedMessage;
        var topic = message.Topic;
        if (message.Payload.Length == 0)
        {
            // An empty retained payload clears the topic's retained message (MQTT-3.3.1-6 / 3.3.1-10).
            return writes.ExecuteSqlAsync(new CommandInfo("MqttRetainedCleared", "mqtt", "", topic), sql => sql.Execute("DELETE FROM mqtt_retained WHERE topic = @p0", topic));
        }

        var payload = System.Buffers.BuffersExtensions.ToArray(message.Payload);
        return writes.ExecuteSqlAsync(new CommandInfo("MqttRetained", "mqtt", "", topic), sql => sql.Execute(
            """
            INSERT INTO mqtt_retained (topic, payload, qos, content_type, payload_format) VALUES (@p0, @p1, @p2, @p3, @p4)
            ON CONFLICT (topic) DO UPDATE SET payload = excluded.payload, qos = excluded.qos, content_type = excluded.content_type, payload_format = excluded.payload_format
            """,
            topic, payload, (int)message.QualityOfServiceLevel, MqttTopics.StoredContentType(message.ContentType), (int)message.PayloadFormatIndicator));
    }

    private Task ClearedAsync(EventArgs e) =>
        writes.ExecuteSqlAsync(new CommandInfo("MqttRetainedCleared", "mqtt", "", "all"), sql => sql.Execute("DELETE FROM mqtt_retained"));
}
