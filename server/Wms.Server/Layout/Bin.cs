using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;

namespace Wms.Server.Layout;

public enum BinKind
{
    PickFace = 1,
    Reserve = 2,
    Staging = 3,
    Dock = 4,
    Quarantine = 5,
}

public enum MixPolicy
{
    /// <summary>Only into an empty bin: one SKU and lot at a time (pallet positions).</summary>
    EmptyOnly = 1,
    SameSku = 2,
    Mixed = 3,
}

/// <summary>A storage location with a barcode, a place on the floor and a capacity.</summary>
public sealed class Bin
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public long ZoneId { get; set; }

    /// <summary>The code printed on the bin's label, unique within the warehouse (e.g. A-01-02).</summary>
    public required string Code { get; set; }

    public BinKind Kind { get; set; }

    public MixPolicy MixPolicy { get; set; } = MixPolicy.Mixed;

    /// <summary>Aisle number, position along the aisle and shelf level, as the pick-path planner sees them.</summary>
    public int Aisle { get; set; }

    public int Position { get; set; }

    public int Level { get; set; }

    /// <summary>Floor coordinates in metres, for travel distances.</summary>
    public double X { get; set; }

    public double Y { get; set; }

    /// <summary>Capacity limits; 0 means no limit of that kind.</summary>
    public long CapacityUnits { get; set; }

    public double CapacityWeightKg { get; set; }

    public double CapacityVolumeM3 { get; set; }

    /// <summary>A bin on hold takes no putaway and gives no stock to allocation.</summary>
    public bool OnHold { get; set; }

    public string HoldReason { get; set; } = "";

    /// <summary>Who put the bin on hold and when (a supervisor's PlaceHold, a picker's exception report); empty when not on hold.</summary>
    public string HoldPlacedBy { get; set; } = "";

    public DateTimeOffset? HoldPlacedAt { get; set; }

    public bool CanGiveStock => !OnHold && Kind != BinKind.Quarantine;

    /// <summary>Puts the bin on hold, saying why, by whom and when (holding it again restates all three).</summary>
    public void Hold(string reason, string placedBy, DateTimeOffset placedAt)
    {
        OnHold = true;
        HoldReason = reason;
        HoldPlacedBy = placedBy;
        HoldPlacedAt = placedAt;
    }

    public void ReleaseHold()
    {
        OnHold = false;
        HoldReason = "";
        HoldPlacedBy = "";
        HoldPlacedAt = null;
    }

    /// <summary>
    /// Rounding room for weight and volume (1 g, 1 cm³): sums of unit weights times quantities are floating
    /// point, and 0.1 kg × 3 must fit a 0.3 kg limit.
    /// </summary>
    public const double Slack = 1e-6;

    public void EnsureCanReceive()
    {
        if (OnHold)
        {
            throw DomainException.Precondition($"Bin {Code} is on hold ({HoldReason}): nothing can be put into it.");
        }
    }

    /// <summary>
    /// Refuses what would take the bin beyond any capacity it has (units, weight, volume; 0 = no limit),
    /// naming the limit: "Bin A-01-02 holds 40 kg of 50 kg: 12 kg more would exceed it."
    /// </summary>
    public void EnsureRoomFor(BinLoad held, BinLoad adding)
    {
        if (CapacityUnits > 0 && held.Units + adding.Units > CapacityUnits)
        {
            throw DomainException.Precondition($"Bin {Code} holds {held.Units} of {CapacityUnits} units: no room for {adding.Units} more.");
        }

        if (CapacityWeightKg > 0 && held.WeightKg + adding.WeightKg > CapacityWeightKg + Slack)
        {
            throw DomainException.Precondition(
                $"Bin {Code} holds {Number(held.WeightKg)} kg of {Number(CapacityWeightKg)} kg: {Number(adding.WeightKg)} kg more would exceed it.");
        }

        if (CapacityVolumeM3 > 0 && held.VolumeM3 + adding.VolumeM3 > CapacityVolumeM3 + Slack)
        {
            throw DomainException.Precondition(
                $"Bin {Code} holds {Number(held.VolumeM3)} m3 of {Number(CapacityVolumeM3)} m3: {Number(adding.VolumeM3)} m3 more would exceed it.");
        }
    }

    /// <summary>
    /// How many more units of one item the bin takes by units, weight and volume, the limits <see cref="EnsureRoomFor"/>
    /// enforces (a capacity of 0, or an item without a unit weight or volume, sets no limit of that kind).
    /// </summary>
    public long RoomFor(BinLoad held, double unitWeightKg, double unitVolumeM3)
    {
        var room = long.MaxValue;
        if (CapacityUnits > 0)
        {
            room = Math.Min(room, CapacityUnits - held.Units);
        }

        if (CapacityWeightKg > 0 && unitWeightKg > 0)
        {
            room = Math.Min(room, (long)Math.Floor((CapacityWeightKg - held.WeightKg + Slack) / unitWeightKg));
        }

        if (CapacityVolumeM3 > 0 && unitVolumeM3 > 0)
        {
            room = Math.Min(room, (long)Math.Floor((CapacityVolumeM3 - held.VolumeM3 + Slack) / unitVolumeM3));
        }

        return Math.Max(0, room);
    }

    private static string Number(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>What is (or goes) in a bin, in each unit a capacity can be given in.</summary>
public readonly record struct BinLoad(long Units, double WeightKg, double VolumeM3)
{
    /// <summary>A quantity of one SKU; a SKU without a unit weight or volume adds none of it.</summary>
    public static BinLoad Of(long units, double unitWeightKg, double unitVolumeM3) => new(units, units * unitWeightKg, units * unitVolumeM3);

    public static BinLoad operator +(BinLoad a, BinLoad b) => new(a.Units + b.Units, a.WeightKg + b.WeightKg, a.VolumeM3 + b.VolumeM3);
}

internal sealed class BinConfiguration : IEntityTypeConfiguration<Bin>
{
    public void Configure(EntityTypeBuilder<Bin> b)
    {
        b.ToTable("bins", t =>
        {
            t.HasCheckConstraint("ck_bins_capacity_units", "capacity_units >= 0");
            t.HasCheckConstraint("ck_bins_capacity_weight", "capacity_weight_kg >= 0");
            t.HasCheckConstraint("ck_bins_capacity_volume", "capacity_volume_m3 >= 0");
        });
        b.HasIndex(x => new { x.WarehouseId, x.Code }).IsUnique();
        b.HasIndex(x => new { x.WarehouseId, x.ZoneId, x.Kind });
        b.Property(x => x.Code).HasMaxLength(Limits.BinCode);
        b.Property(x => x.HoldReason).HasMaxLength(Limits.Reason);
        b.Property(x => x.HoldPlacedBy).HasMaxLength(Limits.Actor);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(x => x.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Zone>().WithMany().HasForeignKey(x => x.ZoneId).OnDelete(DeleteBehavior.Restrict);
    }
}
