using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Layout;
using Wms.Server.Common;
using Wms.Server.Inventory;

namespace Wms.Server.Outbound;

public enum OrderStatus
{
    Open = 1,
    Allocated = 2,
    PartiallyAllocated = 3,
    Released = 4,
    Picking = 5,
    Picked = 6,
    Packed = 7,
    Shipped = 8,
    Cancelled = 9,
}

/// <summary>A customer order: lines to pick, a priority, a ship date and where it goes.</summary>
public sealed class Order
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    /// <summary>The customer's or shop's order number, unique per warehouse.</summary>
    public required string Reference { get; set; }

    public OrderStatus Status { get; set; } = OrderStatus.Open;

    /// <summary>Higher goes first.</summary>
    public int Priority { get; set; }

    public DateOnly RequestedShipDate { get; set; }

    public string CustomerName { get; set; } = "";

    public string AddressLine { get; set; } = "";

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>The delivery time window, minutes after midnight local time; 0..1440 for any time.</summary>
    public int WindowStartMinutes { get; set; }

    public int WindowEndMinutes { get; set; } = 24 * 60;

    public DateTimeOffset CreatedAt { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>Released orders start picking at the first pick, and are picked when nothing is left reserved.</summary>
    public void PickRecorded(bool anyLineStillAllocated)
    {
        if (Status == OrderStatus.Released)
        {
            Status = OrderStatus.Picking;
        }

        if (!anyLineStillAllocated)
        {
            Status = OrderStatus.Picked;
        }
    }
}

public sealed class OrderLine
{
    public long Id { get; set; }

    public long OrderId { get; set; }

    public int LineNumber { get; set; }

    public long SkuId { get; set; }

    public long Quantity { get; set; }

    public long AllocatedQuantity { get; set; }

    public long PickedQuantity { get; set; }

    /// <summary>What could not be found or allocated and waits for stock.</summary>
    public long BackorderedQuantity { get; set; }
}

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>, IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders");
        b.HasIndex(o => new { o.WarehouseId, o.Reference }).IsUnique();
        b.HasIndex(o => new { o.WarehouseId, o.Status });
        b.Property(o => o.Reference).HasMaxLength(Limits.Reference);
        b.Property(o => o.CustomerName).HasMaxLength(Limits.Name);
        b.Property(o => o.AddressLine).HasMaxLength(Limits.Text);
        b.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(o => o.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<OrderLine> b)
    {
        b.ToTable("order_lines", t =>
        {
            t.HasCheckConstraint("ck_order_lines_quantity", "quantity > 0");
            t.HasCheckConstraint("ck_order_lines_allocated", "allocated_quantity >= 0 AND allocated_quantity + picked_quantity <= quantity");
            t.HasCheckConstraint("ck_order_lines_picked", "picked_quantity >= 0");
            t.HasCheckConstraint("ck_order_lines_backordered", "backordered_quantity >= 0");

            // The most one request line asks for (CreateOrder refuses more at the edge); allocated and picked stay below it.
            t.HasCheckConstraint("ck_order_lines_quantity_max", FormattableString.Invariant($"quantity <= {Limits.LineQuantity}"));
        });
        b.HasIndex(l => new { l.OrderId, l.LineNumber }).IsUnique();
        b.HasOne<Sku>().WithMany().HasForeignKey(l => l.SkuId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany<Reservation>().WithOne().HasForeignKey(r => r.OrderLineId).OnDelete(DeleteBehavior.Restrict);
    }
}
