using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;

namespace Wms.Server.Inventory;

public enum LedgerReason
{
    Receipt = 1,
    Putaway = 2,
    Move = 3,
    Adjustment = 4,
    CycleCount = 5,
    Pick = 6,
    Replenishment = 7,
    Return = 8,
}

/// <summary>
/// One change of on-hand stock, append-only. Its id is the ledger position clients follow; the sum of a
/// balance's entries is its on-hand quantity.
/// </summary>
public sealed class LedgerEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public long WarehouseId { get; set; }

    public long BinId { get; set; }

    public long SkuId { get; set; }

    public string Lot { get; set; } = "";

    public long StockBalanceId { get; set; }

    /// <summary>Lets EF fill <see cref="StockBalanceId"/> when the balance is new in the same command.</summary>
    public StockBalance? Balance { get; set; }

    /// <summary>Signed change of on hand.</summary>
    public long Quantity { get; set; }

    public LedgerReason Reason { get; set; }

    /// <summary>A reason code for adjustments (damaged, found, lost, count variance).</summary>
    public string ReasonCode { get; set; } = "";

    public string Actor { get; set; } = "";

    public string RequestId { get; set; } = "";

    /// <summary>What the change belongs to: a receipt, an order, a pick task ("pick-task:42").</summary>
    public string Reference { get; set; } = "";

    /// <summary>Free text from the person who made the change (why an adjustment was needed).</summary>
    public string Note { get; set; } = "";
}

/// <summary>Who, why and when for the ledger rows a command writes.</summary>
public sealed record LedgerContext(LedgerReason Reason, string Actor, string RequestId, DateTimeOffset At, string Reference = "", string ReasonCode = "", string Note = "")
{
    public LedgerEntry Entry(StockBalance balance, long quantity) => new()
    {
        At = At,
        WarehouseId = balance.WarehouseId,
        BinId = balance.BinId,
        SkuId = balance.SkuId,
        Lot = balance.Lot,
        Balance = balance,
        StockBalanceId = balance.Id,
        Quantity = quantity,
        Reason = Reason,
        ReasonCode = ReasonCode,
        Actor = Actor,
        RequestId = RequestId,
        Reference = Reference,
        Note = Note,
    };
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.ToTable("ledger", t => t.HasCheckConstraint("ck_ledger_quantity_not_zero", "quantity <> 0"));
        b.HasIndex(e => new { e.BinId, e.SkuId });
        b.HasOne(e => e.Balance).WithMany().HasForeignKey(e => e.StockBalanceId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.WarehouseId, e.Id });
        b.Property(e => e.Lot).HasMaxLength(Limits.Lot);
        b.Property(e => e.ReasonCode).HasMaxLength(32);
        b.Property(e => e.Actor).HasMaxLength(Limits.Actor);
        b.Property(e => e.RequestId).HasMaxLength(Limits.RequestId);
        b.Property(e => e.Reference).HasMaxLength(100);
        b.Property(e => e.Note).HasMaxLength(Limits.Text);
    }
}
