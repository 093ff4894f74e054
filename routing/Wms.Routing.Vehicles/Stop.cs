namespace Wms.Routing.Vehicles;

/// <summary>A delivery stop. Times are in the travel model's time unit (seconds for haversine).</summary>
/// <param name="UnservedPenalty">
/// Cost of leaving the stop out. <see cref="double.PositiveInfinity"/> (the default) means the stop is
/// required: it is only left out when no plan can serve it, and is then reported with the reason.
/// </param>
public readonly record struct Stop(
    string Id,
    Location Location,
    double Weight = 0,
    double Volume = 0,
    double ServiceTime = 0,
    double ReadyTime = 0,
    double DueTime = double.PositiveInfinity,
    double UnservedPenalty = double.PositiveInfinity)
{
    public bool IsRequired => double.IsPositiveInfinity(UnservedPenalty);
}
