namespace Wms.Routing.Vehicles;

/// <summary>A vehicle of the fleet; it leaves the depot no earlier than the shift start and is back by its end.</summary>
public readonly record struct Vehicle(
    string Id,
    double WeightCapacity,
    double VolumeCapacity = double.PositiveInfinity,
    double ShiftStart = 0,
    double ShiftEnd = double.PositiveInfinity,
    double CostPerDistance = 1,
    double FixedCost = 0,
    double MaxRouteDuration = double.PositiveInfinity);
