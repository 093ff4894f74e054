using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;

namespace Wms.Server.Layout;

public enum WarehouseKind
{
    Central = 1,
    Regional = 2,
}

public sealed class Warehouse
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public WarehouseKind Kind { get; set; }

    /// <summary>Where delivery routes start: the depot, in degrees.</summary>
    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>IANA time zone id (Europe/Berlin): what "today" means for this warehouse.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The calendar date at <paramref name="now"/> in <paramref name="timeZone"/>.</summary>
    public static DateOnly LocalDate(string timeZone, DateTimeOffset now) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, FindTimeZone(timeZone) ?? TimeZoneInfo.Utc).DateTime);

    /// <summary>Null when the machine does not know the id.</summary>
    public static TimeZoneInfo? FindTimeZone(string timeZone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : null;
}

public sealed class Zone
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public required string Code { get; set; }

    public string Name { get; set; } = "";
}

internal sealed class WarehouseConfiguration : IEntityTypeConfiguration<Warehouse>, IEntityTypeConfiguration<Zone>
{
    public void Configure(EntityTypeBuilder<Warehouse> b)
    {
        b.ToTable("warehouses");
        b.HasIndex(w => w.Code).IsUnique();
        b.Property(w => w.Code).HasMaxLength(Limits.WarehouseCode);
        b.Property(w => w.Name).HasMaxLength(Limits.Name);
        b.Property(w => w.TimeZone).HasMaxLength(Limits.TimeZone).HasDefaultValue("UTC");
    }

    public void Configure(EntityTypeBuilder<Zone> b)
    {
        b.ToTable("zones");
        b.HasIndex(z => new { z.WarehouseId, z.Code }).IsUnique();
        b.Property(z => z.Code).HasMaxLength(Limits.ZoneCode);
        b.Property(z => z.Name).HasMaxLength(Limits.Name);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(z => z.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
