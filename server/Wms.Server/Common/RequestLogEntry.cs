using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Wms.Server.Common;

/// <summary>
/// The first answer to a mutating call, kept by caller, command and request id in the same transaction as
/// the change, so a retry (handheld resend, QoS 1 redelivery) gets that answer back and changes nothing.
/// </summary>
public sealed class RequestLogEntry
{
    public required string RequestId { get; set; }

    /// <summary>Which command the id was used for: part of the key, with <see cref="Actor"/>.</summary>
    public required string Command { get; set; }

    public required string Actor { get; set; }

    /// <summary>The command's result as JSON (feature types, not protobuf).</summary>
    public required string ResultJson { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>Who changed what, when, with which request id: one row per applied command.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Command { get; set; }

    public required string RequestId { get; set; }

    public string Summary { get; set; } = "";

    /// <summary>Where the call came from: the peer's address, and "for" the address a front end (the console) names.</summary>
    public string Origin { get; set; } = "";
}

internal sealed class RequestLogConfiguration : IEntityTypeConfiguration<RequestLogEntry>, IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<RequestLogEntry> b)
    {
        b.ToTable("request_log");
        // Scoped to the caller and the method: another caller's id, or the same id on another method, is a
        // new request, never a replay of someone else's answer. The request id leads the key, so the batch's
        // lookup by request ids stays an index search.
        b.HasKey(r => new { r.RequestId, r.Actor, r.Command });
        b.Property(r => r.RequestId).HasMaxLength(Limits.RequestId);
        b.Property(r => r.Command).HasMaxLength(100);
        b.Property(r => r.Actor).HasMaxLength(Limits.Actor);
    }

    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit");
        b.HasIndex(a => a.At);
        b.Property(a => a.Actor).HasMaxLength(Limits.Actor);
        b.Property(a => a.Command).HasMaxLength(100);
        b.Property(a => a.RequestId).HasMaxLength(Limits.RequestId);
        b.Property(a => a.Summary).HasMaxLength(1000);
        b.Property(a => a.Origin).HasMaxLength(100).HasDefaultValue("");
    }
}
