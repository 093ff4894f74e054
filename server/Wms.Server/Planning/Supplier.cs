using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Common;

namespace Wms.Server.Planning;

/// <summary>A company a central warehouse buys from; what it sells and on which terms are its <see cref="SupplierSku"/> rows.</summary>
public sealed class Supplier
{
    public long Id { get; set; }

    public required string Code { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One supplier's terms for one SKU: how long an order takes to arrive (mean and standard deviation in days, which
/// the safety stock covers) and how it must be ordered (at least <see cref="MinOrderQuantity"/>, in multiples of
/// <see cref="PackMultiple"/>), and at which price per unit (0: no price given).
/// </summary>
public sealed class SupplierSku
{
    public long Id { get; set; }

    public long SupplierId { get; set; }

    public long SkuId { get; set; }

    public double LeadTimeDays { get; set; }

    public double LeadTimeSigmaDays { get; set; }

    public long MinOrderQuantity { get; set; } = 1;

    public long PackMultiple { get; set; } = 1;

    /// <summary>Price of one unit on these terms; 0 when the supplier gave none (the choice of supplier then ignores prices).</summary>
    public double UnitPrice { get; set; }
}

internal sealed class SupplierConfiguration : IEntityTypeConfiguration<Supplier>
{
    public void Configure(EntityTypeBuilder<Supplier> b)
    {
        b.ToTable("suppliers");
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.Code).HasMaxLength(Limits.SupplierCode);
        b.Property(x => x.Name).HasMaxLength(Limits.Name);
    }
}

internal sealed class SupplierSkuConfiguration : IEntityTypeConfiguration<SupplierSku>
{
    public void Configure(EntityTypeBuilder<SupplierSku> b)
    {
        b.ToTable("supplier_skus", t =>
        {
            t.HasCheckConstraint("ck_supplier_skus_lead_time", "lead_time_days > 0 AND lead_time_sigma_days >= 0");
            t.HasCheckConstraint("ck_supplier_skus_order", "min_order_quantity >= 1 AND pack_multiple >= 1");
            t.HasCheckConstraint("ck_supplier_skus_unit_price", "unit_price >= 0");
        });
        b.Property(x => x.UnitPrice).HasDefaultValue(0.0);
        b.HasIndex(x => new { x.SupplierId, x.SkuId }).IsUnique();
        b.HasIndex(x => x.SkuId);
        b.HasOne<Supplier>().WithMany().HasForeignKey(x => x.SupplierId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
