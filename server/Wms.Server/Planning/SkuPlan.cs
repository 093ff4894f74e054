using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Layout;

namespace Wms.Server.Planning;

/// <summary>The nightly plan of one SKU in one warehouse: its forecast, the error that chose it, its classes and stock levels.</summary>
public sealed class SkuPlan
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long SkuId { get; set; }

    public DateTimeOffset ComputedAt { get; set; }

    public ForecastMethod Method { get; set; }

    public double DailyMean { get; set; }

    public double DailySigma { get; set; }

    /// <summary>Holdout error of the chosen method (NaN stored as -1 when history was too short to hold out).</summary>
    public double Mae { get; set; }

    public double Mase { get; set; }

    public string AbcClass { get; set; } = "C";

    public string XyzClass { get; set; } = "Z";

    public double LeadTimeDays { get; set; }

    public double LeadTimeSigmaDays { get; set; }

    public double ServiceLevel { get; set; }

    public double SafetyStock { get; set; }

    public double ReorderPoint { get; set; }

    public double OrderUpTo { get; set; }

    /// <summary>The supplier whose lead time the plan used (central warehouses); null: the settings' lead time.</summary>
    public long? SupplierId { get; set; }

    /// <summary>Regional warehouses: the central warehouse whose transfer lead time the plan used (and its suggestions come from).</summary>
    public long? SourceWarehouseId { get; set; }
}

internal sealed class SkuPlanConfiguration : IEntityTypeConfiguration<SkuPlan>
{
    public void Configure(EntityTypeBuilder<SkuPlan> b)
    {
        b.ToTable("sku_plans");
        b.HasIndex(x => new { x.WarehouseId, x.SkuId }).IsUnique();
        b.Property(x => x.AbcClass).HasMaxLength(1);
        b.Property(x => x.XyzClass).HasMaxLength(1);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Supplier>().WithMany().HasForeignKey(x => x.SupplierId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.SourceWarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
