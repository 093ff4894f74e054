using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Layout;
using Wms.Server.Common;
using Wms.Server.Outbound;

namespace Wms.Server.Picking;

public enum WaveStatus
{
    Released = 1,
    Completed = 2,
}

/// <summary>Why a wave went to the floor.</summary>
public enum WaveKind
{
    /// <summary>Orders released by ReleaseWave (every wave before schema version 2).</summary>
    Release = 1,

    /// <summary>Backordered quantity of orders already on the floor, reserved once stock arrived (AllocateBackorders).</summary>
    Backorder = 2,
}

public enum TripStatus
{
    /// <summary>Waiting for a picker.</summary>
    Ready = 1,
    InProgress = 2,
    Completed = 3,
}

public enum PickTaskStatus
{
    Open = 1,
    Picked = 2,
    /// <summary>Less was found than asked; the rest was reallocated or backordered.</summary>
    Short = 3,
    Cancelled = 4,
}

/// <summary>A group of orders released to the floor together.</summary>
public sealed class Wave
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public WaveStatus Status { get; set; } = WaveStatus.Released;

    public DateTimeOffset ReleasedAt { get; set; }

    public string ReleasedBy { get; set; } = "";

    /// <summary>Added in schema version 2; existing waves default to <see cref="WaveKind.Release"/>.</summary>
    public WaveKind Kind { get; set; } = WaveKind.Release;
}

/// <summary>One picker's walk: pick tasks of one or more orders (batch picking), in path order.</summary>
public sealed class Trip
{
    public long Id { get; set; }

    public long WaveId { get; set; }

    public long WarehouseId { get; set; }

    public TripStatus Status { get; set; } = TripStatus.Ready;

    /// <summary>The picker who took the trip, once taken.</summary>
    public string AssignedTo { get; set; } = "";

    /// <summary>Travel distance of the planned path in metres (from the pick-path planner).</summary>
    public double PlannedDistanceM { get; set; }
}

/// <summary>Pick this much of this SKU and lot from this bin, for this order line.</summary>
public sealed class PickTask
{
    public long Id { get; set; }

    public long TripId { get; set; }

    /// <summary>Position in the trip's path, 1-based.</summary>
    public int Sequence { get; set; }

    public long OrderId { get; set; }

    public long OrderLineId { get; set; }

    public long ReservationId { get; set; }

    public long BinId { get; set; }

    public long SkuId { get; set; }

    public string Lot { get; set; } = "";

    public long Quantity { get; set; }

    public long PickedQuantity { get; set; }

    public PickTaskStatus Status { get; set; } = PickTaskStatus.Open;

    /// <summary>Skipped tasks go to the end of the trip; the count keeps their order stable.</summary>
    public int Skips { get; set; }

    public string ShortReason { get; set; } = "";
}

internal sealed class WaveConfiguration : IEntityTypeConfiguration<Wave>, IEntityTypeConfiguration<Trip>, IEntityTypeConfiguration<PickTask>
{
    public void Configure(EntityTypeBuilder<Wave> b)
    {
        b.ToTable("waves");
        b.Property(w => w.ReleasedBy).HasMaxLength(Limits.Actor);
        b.Property(w => w.Kind).HasDefaultValue(WaveKind.Release).HasSentinel((WaveKind)0);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(w => w.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Trip> b)
    {
        b.ToTable("trips");
        b.HasIndex(t => new { t.WarehouseId, t.Status });
        b.Property(t => t.AssignedTo).HasMaxLength(Limits.Actor);
        b.HasOne<Wave>().WithMany().HasForeignKey(t => t.WaveId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PickTask> b)
    {
        b.ToTable("pick_tasks", t =>
        {
            t.HasCheckConstraint("ck_pick_tasks_quantity", "quantity > 0");
            t.HasCheckConstraint("ck_pick_tasks_picked", "picked_quantity >= 0 AND picked_quantity <= quantity");
        });
        b.HasIndex(p => new { p.TripId, p.Sequence });
        b.HasIndex(p => p.OrderLineId);
        b.Property(p => p.Lot).HasMaxLength(Limits.Lot);
        b.Property(p => p.ShortReason).HasMaxLength(Limits.Reason);
        b.HasOne<Trip>().WithMany().HasForeignKey(p => p.TripId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(p => p.BinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(p => p.SkuId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OrderLine>().WithMany().HasForeignKey(p => p.OrderLineId).OnDelete(DeleteBehavior.Restrict);
    }
}
