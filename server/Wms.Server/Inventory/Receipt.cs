using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Layout;
using Wms.Server.Common;

namespace Wms.Server.Inventory;

public enum ReceiptStatus
{
    Open = 1,
    Receiving = 2,
    Closed = 3,
}

/// <summary>An expected receipt (ASN): what a supplier said it would deliver.</summary>
public sealed class Receipt
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    /// <summary>The supplier's or purchase order's reference, scanned at the dock; unique per warehouse.</summary>
    public required string Reference { get; set; }

    public ReceiptStatus Status { get; set; } = ReceiptStatus.Open;

    public DateTimeOffset CreatedAt { get; set; }

    public List<ReceiptLine> Lines { get; set; } = [];
}

public sealed class ReceiptLine
{
    public long Id { get; set; }

    public long ReceiptId { get; set; }

    public long SkuId { get; set; }

    public long ExpectedQuantity { get; set; }

    public long ReceivedQuantity { get; set; }
}

internal sealed class ReceiptConfiguration : IEntityTypeConfiguration<Receipt>, IEntityTypeConfiguration<ReceiptLine>
{
    public void Configure(EntityTypeBuilder<Receipt> b)
    {
        b.ToTable("receipts");
        b.HasIndex(r => new { r.WarehouseId, r.Reference }).IsUnique();
        b.Property(r => r.Reference).HasMaxLength(Limits.Reference);
        b.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReceiptId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(r => r.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ReceiptLine> b)
    {
        b.ToTable("receipt_lines", t =>
        {
            t.HasCheckConstraint("ck_receipt_lines_expected", "expected_quantity > 0");
            t.HasCheckConstraint("ck_receipt_lines_received", "received_quantity >= 0");
        });
        b.HasOne<Sku>().WithMany().HasForeignKey(l => l.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
