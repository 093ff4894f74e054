using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// A hold on one SKU and lot in one bin (a temperature excursion, a damaged lot), narrower than a bin hold: that
/// stock gives nothing to allocation, replenishment or picking and moves only into a quarantine bin, while the
/// bin's other lots stay pickable. One row per bin, SKU and lot; holding it again updates the reason.
/// </summary>
public sealed class LotHold
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long BinId { get; set; }

    public long SkuId { get; set; }

    /// <summary>The lot, or empty for a SKU that is not lot-tracked (the SKU's stock in that bin).</summary>
    public string Lot { get; set; } = "";

    public string Reason { get; set; } = "";

    public string PlacedBy { get; set; } = "";

    public DateTimeOffset PlacedAt { get; set; }

    /// <summary>The hold as every refusal states it: "Lot L7 of SKU K1 in bin A-01 is on hold (temperature excursion)".</summary>
    public static string Describe(string binCode, string skuCode, string lot, string reason) =>
        $"{(lot.Length > 0 ? $"Lot {lot} of SKU {skuCode}" : $"SKU {skuCode}")} in bin {binCode} is on hold ({reason})";

    /// <summary>
    /// Refuses to pick held stock (the pick path's plain SQL): stock reserved before the hold stays reserved, but
    /// none of it leaves for an order. The picker reports the line short from the exceptions menu, which takes
    /// the order's units from another bin.
    /// </summary>
    /// <param name="reason">The hold's reason on the stock about to be picked, read with it; null when it is not held.</param>
    public static void EnsureNotHeld(string? reason, string binCode, string skuCode, string lot)
    {
        if (reason is not null)
        {
            throw DomainException.Precondition($"{Describe(binCode, skuCode, lot, reason)}: do not pick it; report the line short (exceptions menu) so the order is served from another bin.");
        }
    }
}

internal sealed class LotHoldConfiguration : IEntityTypeConfiguration<LotHold>
{
    public void Configure(EntityTypeBuilder<LotHold> b)
    {
        b.ToTable("lot_holds");
        b.HasIndex(x => new { x.BinId, x.SkuId, x.Lot }).IsUnique();
        b.HasIndex(x => x.WarehouseId);
        b.HasIndex(x => x.SkuId);
        b.Property(x => x.Lot).HasMaxLength(Limits.Lot);
        b.Property(x => x.Reason).HasMaxLength(Limits.Reason);
        b.Property(x => x.PlacedBy).HasMaxLength(100);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(x => x.BinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
