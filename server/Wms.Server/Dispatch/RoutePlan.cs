using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;
using Wms.Server.Layout;
using Wms.Server.Shipping;

namespace Wms.Server.Dispatch;

public enum RoutePlanStatus
{
    Draft = 1,
    Committed = 2,
}

public enum UnservedReason
{
    NoVehicleCanServe = 1,
    FleetExhausted = 2,
}

/// <summary>
/// A dispatcher's plan of delivery routes for one warehouse and day. A draft can be adjusted (pins,
/// locks) and re-planned; committing writes the routes onto the shipments and freezes the plan.
/// </summary>
public sealed class RoutePlan
{
    public long Id { get; set; }

    public long WarehouseId { get; set; }

    public DateOnly DeliveryDate { get; set; }

    public RoutePlanStatus Status { get; set; } = RoutePlanStatus.Draft;

    /// <summary>Goes up with every change: what a solve started from is compared with it before its result is stored.</summary>
    public int Version { get; set; } = 1;

    public int Seed { get; set; }

    public int TimeBudgetMs { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset? CommittedAt { get; set; }

    public string CommittedBy { get; set; } = "";

    /// <summary>The route engine asked for (hgs | ortools | best-of), kept so that a re-plan uses it again.</summary>
    public string Engine { get; set; } = "hgs";

    /// <summary>Whose plan this is: hgs or ortools (for best-of, the winner), or "current" (see <see cref="SolvedPlan"/>).</summary>
    public string SolvedBy { get; set; } = "hgs";

    public List<PlannedRoute> Routes { get; set; } = [];

    public List<PlannedStop> Stops { get; set; } = [];

    /// <summary>Refuses any change of a committed plan.</summary>
    public void EnsureDraft()
    {
        if (Status != RoutePlanStatus.Draft)
        {
            throw DomainException.Precondition($"Route plan {Id} is committed: it cannot be changed; plan the day again for further changes.");
        }
    }

    /// <summary>The plan must still be what a caller read (a solve, a review) before their change is stored.</summary>
    public void EnsureVersion(int expected, string what)
    {
        if (Version != expected)
        {
            throw new DomainException(ErrorKind.Aborted, $"Route plan {Id} changed while {what} (version {expected} → {Version}): get it and try again.");
        }
    }

    public void Touch() => Version++;

    public void Commit(string actor, DateTimeOffset at)
    {
        EnsureDraft();
        Status = RoutePlanStatus.Committed;
        CommittedAt = at;
        CommittedBy = actor;
        Touch();
    }

    /// <summary>
    /// Proof of delivery for a stop of a committed plan, and new estimated arrivals for the later stops of its
    /// route: from the reported time on, each keeps its planned travel time, break and service time, and
    /// service still waits for the window's start. A later stop already reported done ends the chain.
    /// </summary>
    public void ReportDone(PlannedStop stop, int doneSecond, string receivedBy, string photoReference, IReadOnlyDictionary<long, int> windowStartSecond)
    {
        if (Status != RoutePlanStatus.Committed)
        {
            throw DomainException.Precondition($"Route plan {Id} is a draft: stops are reported done on committed plans only.");
        }

        if (stop.RouteId is null)
        {
            throw DomainException.Precondition($"Shipment {stop.ShipmentId} is not on a route of plan {Id}: it was left out.");
        }

        if (stop.DeliveredSecond is { } earlier)
        {
            throw DomainException.Precondition(
                $"Shipment {stop.ShipmentId} was already reported done at {ClockTime.Format(earlier / 60)}, received by {stop.ReceivedBy}.");
        }

        (stop.DeliveredSecond, stop.ReceivedBy, stop.PhotoReference) = (doneSecond, receivedBy, photoReference);
        var previous = stop;
        var time = doneSecond;
        foreach (var next in Stops.Where(s => s.RouteId == stop.RouteId && s.StopNumber > stop.StopNumber).OrderBy(s => s.StopNumber))
        {
            if (next.DeliveredSecond is not null)
            {
                break;
            }

            // Planned departure to planned arrival: the travel time plus the break taken after the previous stop.
            time += next.ArrivalSecond - previous.DepartureSecond;
            next.EtaSecond = time;
            time = Math.Max(time, windowStartSecond.GetValueOrDefault(next.ShipmentId)) + (next.DepartureSecond - next.ServiceStartSecond);
            previous = next;
        }

        Touch();
    }

    public PlannedRoute RouteOf(Vehicle vehicle) =>
        Routes.FirstOrDefault(r => r.VehicleId == vehicle.Id)
        ?? throw DomainException.Precondition($"Vehicle {vehicle.Code} is not in route plan {Id}: plan with it to use it.");

    public PlannedStop StopOf(long shipmentId) =>
        Stops.FirstOrDefault(s => s.ShipmentId == shipmentId)
        ?? throw DomainException.NotFound($"Shipment in route plan {Id}", shipmentId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>One vehicle of a plan and its route (no stops when the vehicle is not needed).</summary>
public sealed class PlannedRoute
{
    public long Id { get; set; }

    public long PlanId { get; set; }

    public long VehicleId { get; set; }

    /// <summary>A locked route keeps its stops and their order when the plan is solved again.</summary>
    public bool Locked { get; set; }

    public int StartSecond { get; set; }

    public int EndSecond { get; set; }

    public double DistanceKm { get; set; }

    public double LoadWeightKg { get; set; }

    public double LoadVolumeM3 { get; set; }

    public double Cost { get; set; }
}

/// <summary>A shipment of the plan: on a route (route and stop number set) or left out with the reason.</summary>
public sealed class PlannedStop
{
    public long Id { get; set; }

    public long PlanId { get; set; }

    public long ShipmentId { get; set; }

    /// <summary>The vehicle the dispatcher pinned it to; re-plans put it there or leave it out.</summary>
    public long? PinnedVehicleId { get; set; }

    public long? RouteId { get; set; }

    /// <summary>1-based position on the route; 0 when unserved.</summary>
    public int StopNumber { get; set; }

    public int ArrivalSecond { get; set; }

    public int ServiceStartSecond { get; set; }

    public int DepartureSecond { get; set; }

    public double WeightKg { get; set; }

    public double VolumeM3 { get; set; }

    public double LoadAfterKg { get; set; }

    public UnservedReason? UnservedReason { get; set; }

    public string UnservedDetail { get; set; } = "";

    /// <summary>The driver's break right after this stop's service, in seconds (0: none).</summary>
    public int BreakAfterSeconds { get; set; }

    /// <summary>Estimated arrival: the planned one until a stop before it on the route is reported done.</summary>
    public int EtaSecond { get; set; }

    /// <summary>Proof of delivery: when the driver reported it done (seconds after midnight of the delivery date), to whom, and a photo's reference.</summary>
    public int? DeliveredSecond { get; set; }

    public string ReceivedBy { get; set; } = "";

    public string PhotoReference { get; set; } = "";

    /// <summary>Which of its vehicle's trips of the day the stop is on, from 1 (stop numbers run on across trips).</summary>
    public int Trip { get; set; } = 1;
}

internal sealed class RoutePlanConfiguration : IEntityTypeConfiguration<RoutePlan>, IEntityTypeConfiguration<PlannedRoute>, IEntityTypeConfiguration<PlannedStop>
{
    public void Configure(EntityTypeBuilder<RoutePlan> b)
    {
        b.ToTable("route_plans");
        b.HasIndex(p => new { p.WarehouseId, p.DeliveryDate });
        b.Property(p => p.Version).IsConcurrencyToken();
        b.Property(p => p.CreatedBy).HasMaxLength(100);
        b.Property(p => p.CommittedBy).HasMaxLength(100);
        b.Property(p => p.Engine).HasMaxLength(16).HasDefaultValue("hgs");
        b.Property(p => p.SolvedBy).HasMaxLength(16).HasDefaultValue("hgs");
        b.HasMany(p => p.Routes).WithOne().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(p => p.Stops).WithOne().HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Warehouse>().WithMany().HasForeignKey(p => p.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlannedRoute> b)
    {
        b.ToTable("planned_routes");
        b.HasIndex(r => new { r.PlanId, r.VehicleId }).IsUnique();
        b.HasOne<Vehicle>().WithMany().HasForeignKey(r => r.VehicleId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PlannedStop> b)
    {
        b.ToTable("planned_stops", t => t.HasCheckConstraint("ck_planned_stops_number", "stop_number >= 0"));
        b.HasIndex(s => new { s.PlanId, s.ShipmentId }).IsUnique();
        b.HasIndex(s => s.ShipmentId);
        b.Property(s => s.UnservedDetail).HasMaxLength(500);
        b.Property(s => s.BreakAfterSeconds).HasDefaultValue(0);
        b.Property(s => s.EtaSecond).HasDefaultValue(0);
        b.Property(s => s.ReceivedBy).HasMaxLength(200).HasDefaultValue("");
        b.Property(s => s.PhotoReference).HasMaxLength(500).HasDefaultValue("");
        b.Property(s => s.Trip).HasDefaultValue(1);
        b.HasOne<Shipment>().WithMany().HasForeignKey(s => s.ShipmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Vehicle>().WithMany().HasForeignKey(s => s.PinnedVehicleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PlannedRoute>().WithMany().HasForeignKey(s => s.RouteId).OnDelete(DeleteBehavior.SetNull);
    }
}
