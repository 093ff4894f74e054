using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Shipping;

public enum ShipmentStatus
{
    Open = 1,
    Loaded = 2,
    Shipped = 3,
}

/// <summary>A packed box of picked lines, weighed.</summary>
public sealed class Carton
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    /// <summary>The carton's label (an SSCC when printed as GS1).</summary>
    public required string Label { get; set; }

    public double WeightKg { get; set; }

    public long? ShipmentId { get; set; }

    public List<CartonLine> Lines { get; set; } = [];
}

public sealed class CartonLine
{
    public long Id { get; set; }

    public long CartonId { get; set; }

    public long OrderLineId { get; set; }

    public long Quantity { get; set; }
}

/// <summary>What leaves the dock together for one destination; routes and stops come from dispatch.</summary>
public sealed class Shipment
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long OrderId { get; set; }

    public ShipmentStatus Status { get; set; } = ShipmentStatus.Open;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LoadedAt { get; set; }

    public DateTimeOffset? ShippedAt { get; set; }

    /// <summary>Set when a dispatcher commits a route plan.</summary>
    public string RouteCode { get; set; } = "";

    public int StopNumber { get; set; }

    /// <summary>Open → Loaded; any other start is refused, naming the status it is in.</summary>
    public void Load(DateTimeOffset at)
    {
        if (Status != ShipmentStatus.Open)
        {
            throw DomainException.Precondition($"Shipment {Id} is {Status}: only an Open shipment can be loaded.");
        }

        Status = ShipmentStatus.Loaded;
        LoadedAt = at;
    }

    /// <summary>Loaded → Shipped: a shipment must be on the truck before it can leave.</summary>
    public void Ship(DateTimeOffset at)
    {
        if (Status != ShipmentStatus.Loaded)
        {
            throw DomainException.Precondition($"Shipment {Id} is {Status}: only a Loaded shipment can be shipped.");
        }

        Status = ShipmentStatus.Shipped;
        ShippedAt = at;
    }
}

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Carton>, IEntityTypeConfiguration<CartonLine>, IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Carton> b)
    {
        b.ToTable("cartons", t => t.HasCheckConstraint("ck_cartons_weight", "weight_kg >= 0"));
        b.HasIndex(c => c.Label).IsUnique();
        b.HasIndex(c => c.OrderId);
        b.Property(c => c.Label).HasMaxLength(Limits.Reference);
        b.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Shipment>().WithMany().HasForeignKey(c => c.ShipmentId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CartonLine> b)
    {
        b.ToTable("carton_lines", t => t.HasCheckConstraint("ck_carton_lines_quantity", "quantity > 0"));
        b.HasOne<OrderLine>().WithMany().HasForeignKey(l => l.OrderLineId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Shipment> b)
    {
        b.ToTable("shipments");
        b.HasIndex(s => new { s.WarehouseId, s.Status });
        b.HasIndex(s => s.OrderId);
        b.Property(s => s.RouteCode).HasMaxLength(64);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(s => s.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
