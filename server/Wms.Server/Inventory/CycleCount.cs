using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Layout;
using Wms.Server.Common;

namespace Wms.Server.Inventory;

public enum CycleCountStatus
{
    /// <summary>Raised (by a short pick, a scale, a supervisor) and waiting for a counter.</summary>
    Open = 1,

    /// <summary>The first count differed beyond tolerance: a second, blind count is asked for.</summary>
    RecountRequested = 2,

    Posted = 3,

    Cancelled = 4,
}

/// <summary>A blind count of one bin: the counter never sees the book quantity.</summary>
public sealed class CycleCount
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long BinId { get; set; }

    public CycleCountStatus Status { get; set; } = CycleCountStatus.Open;

    /// <summary>Why it was raised: "short pick", "weight mismatch", "scheduled", ...</summary>
    public string Reason { get; set; } = "";

    public string RaisedBy { get; set; } = "";

    public DateTimeOffset RaisedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? PostedAt { get; set; }
}

internal sealed class CycleCountConfiguration : IEntityTypeConfiguration<CycleCount>
{
    public void Configure(EntityTypeBuilder<CycleCount> b)
    {
        b.ToTable("cycle_counts");
        b.HasIndex(c => new { c.BinId, c.Status });
        b.HasIndex(c => new { c.WarehouseId, c.Status });
        b.Property(c => c.Reason).HasMaxLength(Limits.Reason);
        b.Property(c => c.RaisedBy).HasMaxLength(Limits.Actor);
        b.HasOne<Bin>().WithMany().HasForeignKey(c => c.BinId).OnDelete(DeleteBehavior.Restrict);
    }
}
