using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;

namespace Wms.Server.Catalog;

/// <summary>A stock-keeping unit. Quantities of it are whole units of <see cref="UnitOfMeasure"/>.</summary>
public sealed class Sku
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public string Description { get; set; } = "";

    public string UnitOfMeasure { get; set; } = "EA";

    public double UnitWeightKg { get; set; }

    public double UnitVolumeM3 { get; set; }

    public bool LotTracked { get; set; }

    public bool ExpiryTracked { get; set; }

    /// <summary>Units in a case, for replenishment in whole cases; 0 when not set.</summary>
    public long CaseSize { get; set; }
}

/// <summary>Any code that identifies a SKU when scanned: GTIN-13/14, UPC, internal labels.</summary>
public sealed class SkuBarcode
{
    public required string Barcode { get; set; }

    public long SkuId { get; set; }
}

internal sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>, IEntityTypeConfiguration<SkuBarcode>
{
    public void Configure(EntityTypeBuilder<Sku> b)
    {
        b.ToTable("skus", t =>
        {
            t.HasCheckConstraint("ck_skus_case_size", "case_size >= 0");
            t.HasCheckConstraint("ck_skus_unit_weight", "unit_weight_kg >= 0");
            t.HasCheckConstraint("ck_skus_unit_volume", "unit_volume_m3 >= 0");
        });
        b.HasIndex(s => s.Code).IsUnique();
        b.Property(s => s.Code).HasMaxLength(Limits.SkuCode);
        b.Property(s => s.Description).HasMaxLength(Limits.Text);
        b.Property(s => s.UnitOfMeasure).HasMaxLength(Limits.UnitOfMeasure);
    }

    public void Configure(EntityTypeBuilder<SkuBarcode> b)
    {
        b.ToTable("sku_barcodes");
        b.HasKey(x => x.Barcode);
        b.Property(x => x.Barcode).HasMaxLength(Limits.Barcode);
        b.HasIndex(x => x.SkuId);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Cascade);
    }
}
