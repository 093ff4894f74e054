using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Layout;

namespace Wms.Server.Dispatch;

/// <summary>A delivery vehicle of a warehouse's fleet. Shift times are minutes after midnight, local time, like order windows.</summary>
public sealed class Vehicle
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    /// <summary>Unique within the warehouse; part of the route code a committed plan writes on shipments.</summary>
    public required string Code { get; set; }

    public string Name { get; set; } = "";

    public double WeightCapacityKg { get; set; }

    /// <summary>0 means no volume limit.</summary>
    public double VolumeCapacityM3 { get; set; }

    public int ShiftStartMinutes { get; set; }

    public int ShiftEndMinutes { get; set; } = 24 * 60;

    public double CostPerKm { get; set; }

    public double FixedCost { get; set; }

    /// <summary>Depot to depot, waiting included; 0 means no limit.</summary>
    public int MaxRouteMinutes { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Legal driving limit of a route (travel only); 0 means no limit.</summary>
    public int MaxDrivingMinutes { get; set; }

    /// <summary>The driver takes a break of <see cref="BreakMinutes"/> before driving longer than this in a row; 0 means no break rule.</summary>
    public int BreakAfterDrivingMinutes { get; set; }

    public int BreakMinutes { get; set; }

    /// <summary>Trips a day: the vehicle comes back to its depot, is reloaded and goes out again within its shift.</summary>
    public int MaxTrips { get; set; } = 1;

    /// <summary>Minutes at the depot between two trips (unloading returns, loading the next trip).</summary>
    public int ReloadMinutes { get; set; }

    /// <summary>
    /// The warehouse the vehicle starts and ends at, when not its own (a regional warehouse that receives the
    /// central's shipments by the nightly trunk and delivers them in its area); null = its own warehouse.
    /// </summary>
    public long? DepotWarehouseId { get; set; }
}

internal sealed class VehicleConfiguration : IEntityTypeConfiguration<Vehicle>
{
    public void Configure(EntityTypeBuilder<Vehicle> b)
    {
        b.ToTable("vehicles", t =>
        {
            t.HasCheckConstraint("ck_vehicles_capacity", "weight_capacity_kg > 0 AND volume_capacity_m3 >= 0");
            t.HasCheckConstraint("ck_vehicles_shift", "shift_start_minutes >= 0 AND shift_end_minutes <= 1440 AND shift_start_minutes < shift_end_minutes");
        });
        b.HasIndex(v => new { v.WarehouseId, v.Code }).IsUnique();
        b.Property(v => v.Code).HasMaxLength(32);
        b.Property(v => v.Name).HasMaxLength(200);
        b.Property(v => v.MaxDrivingMinutes).HasDefaultValue(0);
        b.Property(v => v.BreakAfterDrivingMinutes).HasDefaultValue(0);
        b.Property(v => v.BreakMinutes).HasDefaultValue(0);
        b.Property(v => v.MaxTrips).HasDefaultValue(1);
        b.Property(v => v.ReloadMinutes).HasDefaultValue(0);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(v => v.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}
