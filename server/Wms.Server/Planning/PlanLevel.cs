using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Layout;

namespace Wms.Server.Planning;

/// <summary>
/// The levels the nightly plan set for one SKU in one warehouse on one UTC day (a second run that day overwrites it).
/// <see cref="SkuPlan"/> holds only the newest plan; these rows let the KPIs measure a past day's stock against the
/// level in force that day (the newest row on or before it), not against today's.
/// </summary>
public sealed class PlanLevel
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long SkuId { get; set; }

    /// <summary>The UTC day the plan was made; it holds from then until the next row.</summary>
    public DateOnly Day { get; set; }

    public double ReorderPoint { get; set; }

    public double OrderUpTo { get; set; }
}

internal sealed class PlanLevelConfiguration : IEntityTypeConfiguration<PlanLevel>
{
    public void Configure(EntityTypeBuilder<PlanLevel> b)
    {
        b.ToTable("sku_plan_levels");
        // Warehouse and day lead: the KPIs read a warehouse's range, the nightly run prunes by day.
        b.HasIndex(x => new { x.WarehouseId, x.Day, x.SkuId }).IsUnique();
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
