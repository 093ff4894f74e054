using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Layout;

namespace Wms.Server.Planning;

public enum SuggestionKind
{
    /// <summary>Buy from a supplier (a central warehouse).</summary>
    Purchase = 1,

    /// <summary>Send from the central warehouse to a regional one.</summary>
    Transfer = 2,
}

public enum SuggestionStatus
{
    Proposed = 1,
    Accepted = 2,
    Rejected = 3,

    /// <summary>A newer plan proposed again for the same SKU before anyone decided.</summary>
    Superseded = 4,
}

/// <summary>
/// What the nightly plan proposes to order for a SKU whose inventory position fell to its reorder point. Nothing
/// is ordered until a supervisor accepts it (possibly with another quantity); the reason says why, in figures.
/// </summary>
public sealed class StockSuggestion
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long SkuId { get; set; }

    public SuggestionKind Kind { get; set; }

    /// <summary>The central warehouse a transfer comes from.</summary>
    public long? SourceWarehouseId { get; set; }

    public long Quantity { get; set; }

    public SuggestionStatus Status { get; set; } = SuggestionStatus.Proposed;

    public string Reason { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string DecidedBy { get; set; } = "";

    /// <summary>The expected receipt (and for a transfer, the order out of the source) made on acceptance.</summary>
    public string Reference { get; set; } = "";

    /// <summary>Purchases: the supplier to order from (the plan's), whose minimum order and pack the quantity respects.</summary>
    public long? SupplierId { get; set; }

    /// <summary>Purchases: the supplier's price per unit when proposed (0: none given); the order's value is quantity × price.</summary>
    public double UnitPrice { get; set; }

    public double OrderValue => Quantity * UnitPrice;

    public void Decide(SuggestionStatus status, string actor, DateTimeOffset now)
    {
        if (Status != SuggestionStatus.Proposed)
        {
            throw DomainException.Precondition($"Suggestion {Id} is already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = status;
        DecidedBy = actor;
        DecidedAt = now;
    }
}

internal sealed class StockSuggestionConfiguration : IEntityTypeConfiguration<StockSuggestion>
{
    public void Configure(EntityTypeBuilder<StockSuggestion> b)
    {
        b.ToTable("stock_suggestions", t =>
        {
            t.HasCheckConstraint("ck_stock_suggestions_quantity", "quantity > 0");
            t.HasCheckConstraint("ck_stock_suggestions_unit_price", "unit_price >= 0");
        });
        b.HasIndex(x => new { x.WarehouseId, x.Status });
        b.HasIndex(x => new { x.WarehouseId, x.SkuId, x.Status });
        b.Property(x => x.Reason).HasMaxLength(300);
        b.Property(x => x.DecidedBy).HasMaxLength(100);
        b.Property(x => x.Reference).HasMaxLength(64);
        b.Property(x => x.UnitPrice).HasDefaultValue(0.0);
        b.Ignore(x => x.OrderValue);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.SourceWarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Supplier>().WithMany().HasForeignKey(x => x.SupplierId).OnDelete(DeleteBehavior.Restrict);
    }
}
