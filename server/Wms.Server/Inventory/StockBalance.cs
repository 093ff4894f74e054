using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Layout;

namespace Wms.Server.Inventory;

/// <summary>
/// What one bin holds of one SKU and lot: on hand and reserved. Every change goes through the methods
/// here, each of which returns the ledger row that explains it; the database's CHECK constraints stop
/// a race that got past them.
/// </summary>
public sealed class StockBalance
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long BinId { get; set; }

    public long SkuId { get; set; }

    /// <summary>The lot, or empty for SKUs that are not lot-tracked.</summary>
    public string Lot { get; set; } = "";

    public DateOnly? Expiry { get; set; }

    public long OnHand { get; set; }

    public long Reserved { get; set; }

    /// <summary>When this stock first arrived in the bin, for FIFO.</summary>
    public DateTimeOffset ReceivedAt { get; set; }

    public long Available => OnHand - Reserved;

    /// <summary>Optimistic concurrency on PostgreSQL and SQLite alike: a stale read fails the write.</summary>
    public long Version { get; set; }

    public LedgerEntry Add(long quantity, LedgerContext context)
    {
        Require.Quantity(quantity, "quantity");
        if (OnHand > Limits.BinQuantity - quantity)
        {
            throw DomainException.Invalid("quantity", $"{quantity} more would bring bin {BinId} to {OnHand + quantity} units of SKU {SkuId}; one bin holds at most {Limits.BinQuantity} of a SKU and lot.");
        }

        OnHand += quantity;
        Version++;
        return context.Entry(this, quantity);
    }

    /// <summary>Takes stock out that nobody has reserved (moves, adjustments down, counts).</summary>
    public LedgerEntry RemoveUnreserved(long quantity, LedgerContext context)
    {
        Require.Positive(quantity, "quantity");
        if (quantity > Available)
        {
            throw DomainException.Precondition($"Only {Available} of SKU {SkuId} lot '{Lot}' are free in bin {BinId} ({OnHand} on hand, {Reserved} reserved); {quantity} requested.");
        }

        OnHand -= quantity;
        Version++;
        return context.Entry(this, -quantity);
    }

    public void Reserve(long quantity)
    {
        Require.Positive(quantity, "quantity");
        if (quantity > Available)
        {
            throw DomainException.Precondition($"Only {Available} available to reserve in bin {BinId}; {quantity} requested.");
        }

        Reserved += quantity;
        Version++;
    }

    public void ReleaseReservation(long quantity)
    {
        Require.Positive(quantity, "quantity");
        if (quantity > Reserved)
        {
            throw DomainException.Precondition($"Cannot release {quantity}: only {Reserved} reserved in bin {BinId}.");
        }

        Reserved -= quantity;
        Version++;
    }

    /// <summary>A confirmed pick: the reserved units leave the bin.</summary>
    public LedgerEntry PickReserved(long quantity, LedgerContext context)
    {
        Require.Positive(quantity, "quantity");
        if (quantity > Reserved || quantity > OnHand)
        {
            throw DomainException.Precondition($"Cannot pick {quantity} from bin {BinId}: {Reserved} reserved, {OnHand} on hand.");
        }

        Reserved -= quantity;
        OnHand -= quantity;
        Version++;
        return context.Entry(this, -quantity);
    }
}

internal sealed class StockBalanceConfiguration : IEntityTypeConfiguration<StockBalance>
{
    public void Configure(EntityTypeBuilder<StockBalance> b)
    {
        b.ToTable("stock_balances", t =>
        {
            t.HasCheckConstraint("ck_stock_on_hand_not_negative", "on_hand >= 0");
            t.HasCheckConstraint("ck_stock_reserved_not_negative", "reserved >= 0");
            t.HasCheckConstraint("ck_stock_reserved_within_on_hand", "reserved <= on_hand");

            // The most one bin holds of a SKU and lot (StockBalance.Add refuses more); reserved stays below it.
            t.HasCheckConstraint("ck_stock_on_hand_max", FormattableString.Invariant($"on_hand <= {Limits.BinQuantity}"));
        });
        b.HasIndex(s => new { s.BinId, s.SkuId, s.Lot }).IsUnique();
        b.HasIndex(s => new { s.WarehouseId, s.SkuId });
        b.Property(s => s.Lot).HasMaxLength(Limits.Lot);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.Available);
        b.HasOne<Bin>().WithMany().HasForeignKey(s => s.BinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(s => s.SkuId).OnDelete(DeleteBehavior.Restrict);
    }
}
