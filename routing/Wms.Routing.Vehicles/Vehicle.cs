namespace Wms.Routing.Vehicles;

/// <summary>A vehicle of the fleet; it leaves the depot no earlier than the shift start and is back by its end.</summary>
/// <param name="MaxDrivingTime">Legal limit on the driving (travel) time of the route, e.g. 9 h a day; waiting and service do not count.</param>
/// <param name="BreakAfterDriving">
/// The driver takes a break of <paramref name="BreakDuration"/> before driving more than this in a row (EU: 45 min after 4.5 h).
/// The break is taken at a stop, after its service; waiting for a window after it is absorbed by the break.
/// </param>
/// <param name="BreakDuration">Length of each break; 0 with an infinite <paramref name="BreakAfterDriving"/> means no break rule.</param>
/// <param name="MaxTrips">
/// How many trips the vehicle may drive in its shift: it comes back to its depot, reloads and goes out
/// again. Capacity holds per trip; the shift, <paramref name="MaxRouteDuration"/> (first departure to last
/// return) and <paramref name="MaxDrivingTime"/> hold for the whole day.
/// </param>
/// <param name="ReloadTime">Time at the depot between two trips (unloading returns, loading the next trip).</param>
/// <param name="Depot">Where the vehicle starts and ends (a regional warehouse); null means the problem's depot.</param>
public readonly record struct Vehicle(
    string Id,
    double WeightCapacity,
    double VolumeCapacity = double.PositiveInfinity,
    double ShiftStart = 0,
    double ShiftEnd = double.PositiveInfinity,
    double CostPerDistance = 1,
    double FixedCost = 0,
    double MaxRouteDuration = double.PositiveInfinity,
    double MaxDrivingTime = double.PositiveInfinity,
    double BreakAfterDriving = double.PositiveInfinity,
    double BreakDuration = 0,
    int MaxTrips = 1,
    double ReloadTime = 0,
    Location? Depot = null)
{
    /// <summary>
    /// Least time at the depot between two trips: the reload, and with a break rule at least a break, which
    /// the driver takes there so each trip starts rested (the planner's rule; the checker accepts shorter
    /// gaps and then counts the driving in a row across them).
    /// </summary>
    public double TripGap => Math.Max(ReloadTime, HasBreakRule ? BreakDuration : 0);

    /// <summary>Whether the driver must take breaks at all.</summary>
    public bool HasBreakRule => double.IsFinite(BreakAfterDriving) && BreakDuration > 0;
}
