using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Layout;

namespace Wms.Server.Devices;

public enum DeviceKind
{
    Scanner = 1,
    Scale = 2,
    Probe = 3,
}

/// <summary>
/// A device registered in the WMS: what it is, where it is, how it signs in to the broker, and the last
/// state its readings left. Its code is also its MQTT client id and user name, unique across warehouses.
/// The state columns are written by the ingest alone (one writer), in the same transaction as the reading
/// that changed them.
/// </summary>
public sealed class Device
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public required string Code { get; set; }

    public DeviceKind Kind { get; set; }

    /// <summary>SHA-256 of the device's secret; the secret itself is shown once, at registration or rotation.</summary>
    public required string SecretHash { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Scales: the shelf (bin) and SKU they weigh.</summary>
    public long? BinId { get; set; }

    public long? SkuId { get; set; }

    /// <summary>Probes: the cold room (zone) they watch.</summary>
    public long? ZoneId { get; set; }

    public double TareGrams { get; set; }

    /// <summary>Scales: how many units the estimate may differ from the book before it counts as a mismatch.</summary>
    public double ToleranceUnits { get; set; }

    /// <summary>How long a mismatch or an excursion must last before it raises anything.</summary>
    public int GraceSeconds { get; set; }

    public double MinCelsius { get; set; }

    public double MaxCelsius { get; set; }

    /// <summary>0: the device sends no heartbeats and is never marked offline for silence.</summary>
    public int HeartbeatSeconds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long LastSequence { get; set; }

    public DateTimeOffset? LastDeviceTime { get; set; }

    public double LastValue { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public bool Online { get; set; }

    /// <summary>Device time at which the current weight mismatch or temperature excursion began.</summary>
    public DateTimeOffset? DeviationSince { get; set; }

    /// <summary>Probes: seconds out of range so far (the cold-chain KPI).</summary>
    public double OutOfRangeSeconds { get; set; }

    public long Accepted { get; set; }

    public long Rejected { get; set; }

    public string LastRejection { get; set; } = "";
}

/// <summary>One stored reading; (device, sequence) is the key, which is what deduplicates redeliveries.</summary>
public sealed class DeviceReading
{
    public long DeviceId { get; set; }

    public long Sequence { get; set; }

    public DeviceKind Kind { get; set; }

    public DateTimeOffset DeviceTime { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public double Value { get; set; }
}

internal sealed class DeviceConfiguration : IEntityTypeConfiguration<Device>, IEntityTypeConfiguration<DeviceReading>
{
    public void Configure(EntityTypeBuilder<Device> b)
    {
        b.ToTable("devices", t =>
        {
            t.HasCheckConstraint("ck_devices_settings", "grace_seconds >= 0 AND heartbeat_seconds >= 0 AND tolerance_units >= 0");
        });
        b.HasIndex(d => d.Code).IsUnique();
        b.HasIndex(d => d.WarehouseId);
        b.Property(d => d.Code).HasMaxLength(64);
        b.Property(d => d.SecretHash).HasMaxLength(64);
        b.Property(d => d.LastRejection).HasMaxLength(200);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(d => d.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(d => d.BinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(d => d.SkuId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Zone>().WithMany().HasForeignKey(d => d.ZoneId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<DeviceReading> b)
    {
        b.ToTable("device_readings");
        b.HasKey(r => new { r.DeviceId, r.Sequence });
        b.HasIndex(r => new { r.DeviceId, r.DeviceTime });
        b.HasIndex(r => r.ReceivedAt);
        b.HasOne<Device>().WithMany().HasForeignKey(r => r.DeviceId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>
/// Cold chain: how long a lot sat in a cold room while that room's probe read out of range. Accrued by the
/// ingest, in the reading's transaction, for every lot with stock in the probe's zone at the time; one row per
/// probe and lot (two probes in one room each count what they saw).
/// </summary>
public sealed class LotExposure
{
    public long DeviceId { get; set; }

    public long SkuId { get; set; }

    public required string Lot { get; set; }

    public double Seconds { get; set; }

    /// <summary>Device times of the first and the latest stretch out of range counted.</summary>
    public DateTimeOffset FirstAt { get; set; }

    public DateTimeOffset LastAt { get; set; }
}

internal sealed class LotExposureConfiguration : IEntityTypeConfiguration<LotExposure>
{
    public void Configure(EntityTypeBuilder<LotExposure> b)
    {
        b.ToTable("lot_exposures");
        b.HasKey(e => new { e.DeviceId, e.SkuId, e.Lot });
        b.HasIndex(e => new { e.SkuId, e.Lot });
        b.Property(e => e.Lot).HasMaxLength(Wms.Server.Common.Limits.Lot);
        b.HasOne<Device>().WithMany().HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Sku>().WithMany().HasForeignKey(e => e.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
