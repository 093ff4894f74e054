namespace Wms.Server.Dispatch;

public sealed record VehicleView(
    string Code, string Name, double WeightCapacityKg, double VolumeCapacityM3, int ShiftStartMinutes, int ShiftEndMinutes,
    double CostPerKm, double FixedCost, int MaxRouteMinutes, bool Active, int MaxDrivingMinutes, int BreakAfterDrivingMinutes, int BreakMinutes,
    int MaxTrips = 1, int ReloadMinutes = 0, string DepotWarehouseCode = "");

public sealed record PlannedStopView(
    int StopNumber, long ShipmentId, string OrderReference, string CustomerName, string AddressLine, double Latitude, double Longitude,
    int WindowStartMinutes, int WindowEndMinutes, int ArrivalSecond, int ServiceStartSecond, int DepartureSecond,
    double WeightKg, double VolumeM3, double LoadAfterKg, string PinnedVehicleCode,
    int EtaSecond = 0, int BreakAfterSeconds = 0, int? DeliveredSecond = null, string ReceivedBy = "", string PhotoReference = "", int Trip = 1);

public sealed record PlannedRouteView(
    string VehicleCode, string VehicleName, bool Locked, string RouteCode, int StartSecond, int EndSecond, double DistanceKm,
    double LoadWeightKg, double LoadVolumeM3, double Cost, List<PlannedStopView> Stops, string DepotWarehouseCode = "")
{
    public int DurationSeconds => Stops.Count == 0 ? 0 : EndSecond - StartSecond;

    /// <summary>Trips the vehicle drives: it is back at its depot and reloaded between two.</summary>
    public int Trips => Stops.Count == 0 ? 0 : Stops.Max(s => s.Trip);
}

public sealed record UnservedStopView(
    long ShipmentId, string OrderReference, string CustomerName, UnservedReason Reason, string Detail, double WeightKg, string PinnedVehicleCode);

public sealed record RoutePlanView(
    long PlanId, string WarehouseCode, DateOnly DeliveryDate, RoutePlanStatus Status, int Version, int Seed, int TimeBudgetMs,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? CommittedAt, string CommittedBy,
    List<PlannedRouteView> Routes, List<UnservedStopView> Unserved, string Engine = "hgs", string SolvedBy = "hgs")
{
    public int RoutesUsed => Routes.Count(r => r.Stops.Count > 0);

    public int StopsRouted => Routes.Sum(r => r.Stops.Count);

    public double DistanceKm => Routes.Sum(r => r.DistanceKm);

    public double Cost => Routes.Sum(r => r.Cost);

    public int DurationSeconds => Routes.Sum(r => r.DurationSeconds);

    public double LoadWeightKg => Routes.Sum(r => r.LoadWeightKg);

    /// <summary>What a committed plan writes on the shipments of a vehicle's route: warehouse, day, vehicle.</summary>
    public static string RouteCode(string warehouseCode, DateOnly date, string vehicleCode) =>
        $"{warehouseCode}-{date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}-{vehicleCode}";
}
