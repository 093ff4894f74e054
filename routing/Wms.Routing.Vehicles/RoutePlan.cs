namespace Wms.Routing.Vehicles;

/// <summary>A delivery plan: one route per trip of each used vehicle and every stop that is left out, with why.</summary>
/// <param name="TotalCost">Travel cost + fixed vehicle cost + penalties of optional stops left out.</param>
public sealed record RoutePlan(
    IReadOnlyList<VehicleRoute> Routes,
    IReadOnlyList<UnservedStop> Unserved,
    double TotalCost,
    double TotalDistance,
    double TravelCost,
    double FixedCost,
    double UnservedPenalty);

/// <summary>One trip of a vehicle (a vehicle with several trips has one route per trip, <see cref="Trip"/> 1, 2, ...); times are in the travel model's time unit.</summary>
public sealed record VehicleRoute(
    int VehicleIndex,
    string VehicleId,
    IReadOnlyList<RouteVisit> Visits,
    double StartTime,
    double EndTime,
    double Weight,
    double Volume,
    double Distance,
    double Cost)
{
    public double Duration => EndTime - StartTime;

    /// <summary>Drivers' breaks on the route, in order (none without a break rule).</summary>
    public IReadOnlyList<DriverBreak> Breaks { get; init; } = [];

    /// <summary>Time spent driving (travel), which the vehicle's <see cref="Vehicle.MaxDrivingTime"/> limits.</summary>
    public double DrivingTime { get; init; }

    /// <summary>Which of the vehicle's trips of the day this is, from 1 (see <see cref="Vehicle.MaxTrips"/>).</summary>
    public int Trip { get; init; } = 1;
}

/// <summary>A driver's break, taken at the stop of visit <paramref name="AfterVisit"/> (0-based) right after its service.</summary>
public readonly record struct DriverBreak(int AfterVisit, double Start, double Duration);

/// <summary>A visit: the vehicle arrives, waits if early, serves from ServiceStart and leaves at Departure.</summary>
public readonly record struct RouteVisit(int StopIndex, string StopId, double Arrival, double ServiceStart, double Departure);

public readonly record struct UnservedStop(int StopIndex, string StopId, UnservedReason Reason, double Penalty);

public enum UnservedReason
{
    /// <summary>No vehicle of the fleet can serve the stop even on its own (capacity, time window, shift, duration or driving limit).</summary>
    NoVehicleCanServe,

    /// <summary>The fleet as a whole has no room for it in the best plan found.</summary>
    FleetExhausted,

    /// <summary>An optional stop whose penalty is lower than the cost of serving it.</summary>
    CheaperToSkip,
}
