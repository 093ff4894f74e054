namespace Wms.Routing.Vehicles;

/// <summary>A delivery stop. Times are in the travel model's time unit (seconds for haversine).</summary>
/// <param name="UnservedPenalty">
/// Cost of leaving the stop out. <see cref="double.PositiveInfinity"/> (the default) means the stop is
/// required: it is only left out when no plan can serve it, and is then reported with the reason.
/// </param>
/// <param name="AllowedVehicles">
/// Ids of the only vehicles that may serve the stop (a dispatcher's pin, a refrigerated truck); null or
/// empty means any vehicle. A stop none of its allowed vehicles can take is left out, never put elsewhere.
/// The list takes part in equality by reference.
/// </param>
public readonly record struct Stop(
    string Id,
    Location Location,
    double Weight = 0,
    double Volume = 0,
    double ServiceTime = 0,
    double ReadyTime = 0,
    double DueTime = double.PositiveInfinity,
    double UnservedPenalty = double.PositiveInfinity,
    IReadOnlyList<string>? AllowedVehicles = null)
{
    public bool IsRequired => double.IsPositiveInfinity(UnservedPenalty);

    /// <summary>Whether <paramref name="vehicleId"/> may serve the stop.</summary>
    public bool Allows(string vehicleId) => AllowedVehicles is not { Count: > 0 } allowed || allowed.Contains(vehicleId, StringComparer.Ordinal);
}
