using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wms.Server.Transport.Mqtt;

/// <summary>
/// A persistent MQTT session of the embedded broker (clean start off, or MQTT 5 session expiry above 0), kept in
/// the database so a restarted server takes it up again (<see cref="PersistentSessions"/>).
/// </summary>
public sealed class StoredSession
{
    /// <summary>Session expiry that never ends: MQTT 5's 0xFFFFFFFF, and every MQTT 3.1.1 session with clean session off.</summary>
    public const long NeverExpires = uint.MaxValue;

    public required string ClientId { get; set; }

    /// <summary>The session belongs to a device (its code is the client id); otherwise to a watcher.</summary>
    public bool IsDevice { get; set; }

    public long ExpirySeconds { get; set; }

    /// <summary>When its connection ended; null while connected (a server killed then counts from its restart).</summary>
    public DateTimeOffset? DisconnectedAt { get; set; }
}

/// <summary>A subscription of a persistent session, with the MQTT 5 options it was made with.</summary>
public sealed class StoredSubscription
{
    public required string ClientId { get; set; }

    public required string TopicFilter { get; set; }

    public int Qos { get; set; }

    public bool NoLocal { get; set; }

    public bool RetainAsPublished { get; set; }
}

/// <summary>
/// A QoS 1 or 2 message queued for a persistent session and not yet acknowledged by its client: written before
/// MQTTnet queues it, deleted when the client acknowledges it (PUBACK, or PUBCOMP for QoS 2).
/// </summary>
public sealed class StoredSessionMessage
{
    public long Id { get; set; }

    public required string ClientId { get; set; }

    public required string Topic { get; set; }

    public byte[] Payload { get; set; } = [];

    /// <summary>The QoS it is delivered at: the lower of the message's and the subscription's.</summary>
    public int Qos { get; set; }

    public string ContentType { get; set; } = "";

    public int PayloadFormat { get; set; }
}

internal sealed class StoredSessionConfiguration :
    IEntityTypeConfiguration<StoredSession>, IEntityTypeConfiguration<StoredSubscription>, IEntityTypeConfiguration<StoredSessionMessage>
{
    public void Configure(EntityTypeBuilder<StoredSession> b)
    {
        b.ToTable("mqtt_sessions");
        b.HasKey(s => s.ClientId);
        b.Property(s => s.ClientId).HasMaxLength(256);
    }

    public void Configure(EntityTypeBuilder<StoredSubscription> b)
    {
        b.ToTable("mqtt_subscriptions");
        b.HasKey(s => new { s.ClientId, s.TopicFilter });
        b.Property(s => s.ClientId).HasMaxLength(256);
        b.Property(s => s.TopicFilter).HasMaxLength(1024);
        b.HasOne<StoredSession>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<StoredSessionMessage> b)
    {
        b.ToTable("mqtt_session_messages");
        b.HasIndex(m => new { m.ClientId, m.Id });
        b.Property(m => m.ClientId).HasMaxLength(256);
        b.Property(m => m.ContentType).HasMaxLength(200);
        b.HasOne<StoredSession>().WithMany().HasForeignKey(m => m.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
