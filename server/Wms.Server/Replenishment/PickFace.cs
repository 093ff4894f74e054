using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Layout;

namespace Wms.Server.Replenishment;

public enum PickFaceLevels
{
    /// <summary>Min and max set by a supervisor: planning leaves them alone.</summary>
    Manual = 1,

    /// <summary>Min and max derived by the nightly planning job from demand and lead time.</summary>
    Planned = 2,
}

/// <summary>
/// A pick face's assignment to a SKU with the levels that drive top-off: when on hand plus open
/// replenishment falls below <see cref="MinQuantity"/>, reserve stock is brought up to <see cref="MaxQuantity"/>.
/// </summary>
public sealed class PickFace
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long BinId { get; set; }

    public long SkuId { get; set; }

    public long MinQuantity { get; set; }

    public long MaxQuantity { get; set; }

    public PickFaceLevels Levels { get; set; } = PickFaceLevels.Manual;

    public DateTimeOffset UpdatedAt { get; set; }

    public static void EnsureValidLevels(long min, long max)
    {
        if (min < 0)
        {
            throw DomainException.Invalid("min_quantity", "must not be negative.");
        }

        if (max <= 0)
        {
            throw DomainException.Invalid("max_quantity", "must be positive.");
        }

        if (max < min)
        {
            throw DomainException.Invalid("max_quantity", $"({max}) must not be below min_quantity ({min}).");
        }
    }

    /// <summary>What to bring in so the face reaches max, or 0 when on hand plus what is on its way is not below min.</summary>
    public long Shortfall(long onHand, long inbound) => onHand + inbound < MinQuantity ? MaxQuantity - onHand - inbound : 0;
}

internal sealed class PickFaceConfiguration : IEntityTypeConfiguration<PickFace>
{
    public void Configure(EntityTypeBuilder<PickFace> b)
    {
        b.ToTable("pick_faces", t =>
        {
            t.HasCheckConstraint("ck_pick_faces_min", "min_quantity >= 0");
            t.HasCheckConstraint("ck_pick_faces_max", "max_quantity >= min_quantity AND max_quantity > 0");
        });
        b.HasIndex(x => new { x.BinId, x.SkuId }).IsUnique();
        b.HasIndex(x => new { x.WarehouseId, x.SkuId });
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
