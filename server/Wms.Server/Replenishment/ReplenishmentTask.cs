using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Layout;

namespace Wms.Server.Replenishment;

public enum ReplenishmentTaskStatus
{
    Open = 1,
    Done = 2,
    Cancelled = 3,
}

public enum ReplenishmentTrigger
{
    /// <summary>The periodic scan (Quartz).</summary>
    Schedule = 1,

    /// <summary>A pick took the face under its min.</summary>
    Pick = 2,

    /// <summary>A supervisor asked for a scan now.</summary>
    Manual = 3,
}

/// <summary>
/// Move a quantity of one SKU and lot from a reserve bin to a pick face. At most one open task exists for
/// the same face, SKU, source bin and lot (a partial unique index), so a scan that runs twice cannot plan
/// the same move twice even past the writer's serialisation (two servers on PostgreSQL).
/// </summary>
public sealed class ReplenishmentTask
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long SkuId { get; set; }

    public string Lot { get; set; } = "";

    public long FromBinId { get; set; }

    public long ToBinId { get; set; }

    public long Quantity { get; set; }

    public long MovedQuantity { get; set; }

    public ReplenishmentTaskStatus Status { get; set; } = ReplenishmentTaskStatus.Open;

    /// <summary>1 = urgent (the face is empty or orders wait on backorder for the SKU), 2 = below min.</summary>
    public int Priority { get; set; } = 2;

    public ReplenishmentTrigger Trigger { get; set; }

    /// <summary>Walking distance reserve bin → pick face in metres, for the handheld's path.</summary>
    public double DistanceM { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string DoneBy { get; set; } = "";

    public long Version { get; set; }

    /// <summary>The operator who took the task on the handheld; empty while it is free. Nobody else may take or confirm it while the claim lasts.</summary>
    public string ClaimedBy { get; set; } = "";

    /// <summary>When the claim was made or last refreshed by progress; a claim older than the timeout has lapsed.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Why the task was cancelled (a hold on its reserve bin, its face or its lot), as the handheld shows it.</summary>
    public string CancelReason { get; set; } = "";

    public long Remaining => Quantity - MovedQuantity;

    /// <summary>Held by another operator whose claim has not lapsed.</summary>
    public bool IsClaimedByOther(string actor, DateTimeOffset now, TimeSpan timeout) =>
        ClaimedBy.Length > 0 && ClaimedBy != actor && ClaimedAt is { } at && now - at < timeout;

    /// <summary>
    /// Takes the task for <paramref name="actor"/> (again: refreshes the claim). A task another operator holds is
    /// refused naming them; a lapsed claim is taken over.
    /// </summary>
    public void Claim(string actor, DateTimeOffset now, TimeSpan timeout)
    {
        EnsureOpen();
        if (IsClaimedByOther(actor, now, timeout))
        {
            throw DomainException.Precondition(
                $"Replenishment task {Id} is taken by {ClaimedBy} (since {ClaimedAt!.Value.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)} UTC): take another task, or ask a supervisor to release it.");
        }

        ClaimedBy = actor;
        ClaimedAt = now;
        Version++;
    }

    /// <summary>Gives the task back to the queue: the holder may, and a supervisor may for anyone. A free task stays free.</summary>
    public void Release(string actor, bool supervisor)
    {
        EnsureOpen();
        if (ClaimedBy.Length == 0)
        {
            return;
        }

        if (ClaimedBy != actor && !supervisor)
        {
            throw DomainException.Precondition($"Replenishment task {Id} is taken by {ClaimedBy}: only {ClaimedBy} or a supervisor can release it.");
        }

        ClaimedBy = "";
        ClaimedAt = null;
        Version++;
    }

    /// <summary>Stops an open task (its stock was put on hold); what was moved stays moved.</summary>
    public void Cancel(string reason, DateTimeOffset now)
    {
        if (Status != ReplenishmentTaskStatus.Open)
        {
            return;
        }

        Status = ReplenishmentTaskStatus.Cancelled;
        CancelReason = reason.Length <= Limits.Reason ? reason : reason[..Limits.Reason];
        DoneAt = now;
        Version++;
    }

    /// <summary>Books a confirmed move; the task is done when nothing is left, or when the operator says the rest is not coming.</summary>
    public void Record(long moved, bool close, string actor, DateTimeOffset now, TimeSpan claimTimeout)
    {
        // A confirmation claims the task (a device that never claimed, or a move queued offline) unless another operator holds it.
        Claim(actor, now, claimTimeout);
        if (moved > Remaining)
        {
            throw DomainException.Precondition($"over-move: task {Id} has {Remaining} left to move, {moved} confirmed (a face never gets more than its max).");
        }

        MovedQuantity += moved;
        Version++;
        if (MovedQuantity == Quantity || close)
        {
            Status = ReplenishmentTaskStatus.Done;
            DoneAt = now;
            DoneBy = actor;
        }
    }

    private void EnsureOpen()
    {
        if (Status == ReplenishmentTaskStatus.Cancelled && CancelReason.Length > 0)
        {
            throw DomainException.Precondition($"Replenishment task {Id} was cancelled: {CancelReason}.");
        }

        if (Status != ReplenishmentTaskStatus.Open)
        {
            throw DomainException.Precondition($"Replenishment task {Id} is {Status.ToString().ToLowerInvariant()}.");
        }
    }
}

internal sealed class ReplenishmentTaskConfiguration : IEntityTypeConfiguration<ReplenishmentTask>
{
    public void Configure(EntityTypeBuilder<ReplenishmentTask> b)
    {
        b.ToTable("replenishment_tasks", t =>
        {
            t.HasCheckConstraint("ck_replenishment_tasks_quantity", "quantity > 0");
            t.HasCheckConstraint("ck_replenishment_tasks_moved", "moved_quantity >= 0 AND moved_quantity <= quantity");
        });
        b.HasIndex(x => new { x.WarehouseId, x.Status, x.Priority });
        b.HasIndex(x => new { x.ToBinId, x.SkuId, x.FromBinId, x.Lot }).IsUnique().HasFilter("status = 1");
        b.HasIndex(x => new { x.FromBinId, x.SkuId });
        b.Property(x => x.Lot).HasMaxLength(64);
        b.Property(x => x.DoneBy).HasMaxLength(100);
        b.Property(x => x.ClaimedBy).HasMaxLength(100).HasDefaultValue("");
        b.Property(x => x.CancelReason).HasMaxLength(Limits.Reason).HasDefaultValue("");
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Ignore(x => x.Remaining);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Sku>().WithMany().HasForeignKey(x => x.SkuId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(x => x.FromBinId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Bin>().WithMany().HasForeignKey(x => x.ToBinId).OnDelete(DeleteBehavior.Restrict);
    }
}
