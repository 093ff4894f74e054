using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Layout;

namespace Wms.Server.Alerts;

public enum AlertKind
{
    DeviceOffline = 1,
    TemperatureExcursion = 2,
    WeightMismatch = 3,
    LowStock = 4,

    /// <summary>A picker reported a bin they could not pick from (damaged, wrong item, blocked); the bin is on hold.</summary>
    PickException = 5,
}

/// <summary>
/// Something a person should look at. At most one alert per (warehouse, kind, subject) is open at a time:
/// raising it again returns the open one. <see cref="Position"/> grows with every change (raise or
/// resolve), so followers read "everything after position N" and miss nothing.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public AlertKind Kind { get; set; }

    /// <summary>What it is about: a device code, a bin code, a SKU code.</summary>
    public required string Subject { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string Resolution { get; set; } = "";

    public long Position { get; set; }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.ToTable("alerts");
        b.HasIndex(a => a.Position).IsUnique();
        b.HasIndex(a => new { a.WarehouseId, a.Kind, a.Subject });
        b.Property(a => a.Subject).HasMaxLength(64);
        b.Property(a => a.Message).HasMaxLength(400);
        b.Property(a => a.Resolution).HasMaxLength(200);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(a => a.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
