using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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
        b.Property(w => w.Code).HasMaxLength(32);
        b.Property(w => w.Name).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<Zone> b)
    {
        b.ToTable("zones");
        b.HasIndex(z => new { z.WarehouseId, z.Code }).IsUnique();
        b.Property(z => z.Code).HasMaxLength(32);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(z => z.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
