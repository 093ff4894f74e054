using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Dispatch;

/// <summary>Creates or updates vehicles of a warehouse's fleet by code; all or nothing, one bad vehicle names its index.</summary>
public static class UpsertVehicles
{
    public const int MaxCodeLength = 32;

    /// <summary>More trips than this in a day is a typing error, not a delivery van.</summary>
    public const int MaxTripsPerDay = 10;

    public sealed record VehicleInput(
        string Code, string Name, double WeightCapacityKg, double VolumeCapacityM3, string ShiftStart, string ShiftEnd,
        double CostPerKm, double FixedCost, int MaxRouteMinutes, bool Active, int MaxDrivingMinutes = 0, int BreakAfterDrivingMinutes = 0, int BreakMinutes = 0,
        int MaxTrips = 0, int ReloadMinutes = 0, string DepotWarehouseCode = "");

    public sealed record Command(string RequestId, string Actor, string WarehouseCode, IReadOnlyList<VehicleInput> Vehicles);

    public sealed record Result(int Created, int Updated);

    public sealed class Handler(WriteBatcher writes)
    {
        public Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code");
            var vehicles = Validate(command.Vehicles);
            var summary = $"{vehicles.Count} vehicles of {warehouseCode}: {string.Join(", ", vehicles.Select(v => v.Code))}";
            return writes.ExecuteAsync(new CommandInfo(nameof(UpsertVehicles), command.Actor, requestId, summary[..Math.Min(summary.Length, 1000)]), async (db, ct) =>
            {
                var warehouse = await DispatchQueries.FindWarehouseAsync(db, warehouseCode, ct);
                var existing = await db.Set<Vehicle>().Where(v => v.WarehouseId == warehouse.Id).ToDictionaryAsync(v => v.Code, StringComparer.Ordinal, ct);
                var depots = await DepotsAsync(db, vehicles, ct);
                int created = 0;
                foreach (var input in vehicles)
                {
                    if (!existing.TryGetValue(input.Code, out var vehicle))
                    {
                        vehicle = new Vehicle { WarehouseId = warehouse.Id, Code = input.Code };
                        db.Add(vehicle);
                        created++;
                    }

                    vehicle.Name = input.Name;
                    vehicle.WeightCapacityKg = input.WeightCapacityKg;
                    vehicle.VolumeCapacityM3 = input.VolumeCapacityM3;
                    vehicle.ShiftStartMinutes = input.ShiftStartMinutes;
                    vehicle.ShiftEndMinutes = input.ShiftEndMinutes;
                    vehicle.CostPerKm = input.CostPerKm;
                    vehicle.FixedCost = input.FixedCost;
                    vehicle.MaxRouteMinutes = input.MaxRouteMinutes;
                    vehicle.Active = input.Active;
                    (vehicle.MaxDrivingMinutes, vehicle.BreakAfterDrivingMinutes, vehicle.BreakMinutes) = (input.MaxDrivingMinutes, input.BreakAfterDrivingMinutes, input.BreakMinutes);
                    (vehicle.MaxTrips, vehicle.ReloadMinutes) = (input.MaxTrips, input.ReloadMinutes);
                    // Based at its own warehouse unless another one is named.
                    vehicle.DepotWarehouseId = input.DepotWarehouseCode.Length == 0 || depots[input.DepotWarehouseCode] == warehouse.Id ? null : depots[input.DepotWarehouseCode];
                }

                await db.SaveChangesAsync(ct);
                return new Result(created, vehicles.Count - created);
            }, cancellationToken);
        }
    }

    private sealed record Valid(
        string Code, string Name, double WeightCapacityKg, double VolumeCapacityM3, int ShiftStartMinutes, int ShiftEndMinutes,
        double CostPerKm, double FixedCost, int MaxRouteMinutes, bool Active, int MaxDrivingMinutes, int BreakAfterDrivingMinutes, int BreakMinutes,
        int MaxTrips, int ReloadMinutes, string DepotWarehouseCode);

    /// <summary>Warehouse ids of the depots named; an unknown code is NOT_FOUND naming the vehicle's field.</summary>
    private static async Task<Dictionary<string, long>> DepotsAsync(WmsDbContext db, List<Valid> vehicles, CancellationToken ct)
    {
        var codes = vehicles.Select(v => v.DepotWarehouseCode).Where(c => c.Length > 0).Distinct().ToList();
        var found = await db.Set<Layout.Warehouse>().AsNoTracking().Where(w => codes.Contains(w.Code)).ToDictionaryAsync(w => w.Code, w => w.Id, StringComparer.Ordinal, ct);
        var missing = vehicles.Select((v, i) => (v.DepotWarehouseCode, i)).FirstOrDefault(x => x.DepotWarehouseCode.Length > 0 && !found.ContainsKey(x.DepotWarehouseCode));
        if (missing.DepotWarehouseCode is { Length: > 0 } code)
        {
            throw DomainException.NotFound($"Warehouse (vehicles[{missing.i}].depot_warehouse_code)", code);
        }

        return found;
    }

    private static List<Valid> Validate(IReadOnlyList<VehicleInput> vehicles)
    {
        if (vehicles.Count == 0)
        {
            throw DomainException.Invalid("vehicles", "at least one vehicle is required.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<Valid>(vehicles.Count);
        for (var i = 0; i < vehicles.Count; i++)
        {
            var v = vehicles[i];
            var p = $"vehicles[{i}]";
            var code = Require.NotEmpty(v.Code, p + ".code");
            if (code.Length > MaxCodeLength || code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw DomainException.Invalid(p + ".code", $"at most {MaxCodeLength} characters without spaces, got '{code}'.");
            }

            if (!seen.Add(code))
            {
                throw DomainException.Invalid(p + ".code", $"'{code}' appears twice in the request.");
            }

            if (!double.IsFinite(v.WeightCapacityKg) || v.WeightCapacityKg <= 0)
            {
                throw DomainException.Invalid(p + ".weight_capacity_kg", $"must be greater than zero, got {Number(v.WeightCapacityKg)}.");
            }

            NotNegative(v.VolumeCapacityM3, p + ".volume_capacity_m3");
            NotNegative(v.CostPerKm, p + ".cost_per_km");
            NotNegative(v.FixedCost, p + ".fixed_cost");
            if (v.MaxRouteMinutes < 0)
            {
                throw DomainException.Invalid(p + ".max_route_minutes", $"must not be negative (0 for no limit), got {v.MaxRouteMinutes}.");
            }

            var start = string.IsNullOrWhiteSpace(v.ShiftStart) ? 0 : Require.Clock(v.ShiftStart, p + ".shift_start");
            var end = string.IsNullOrWhiteSpace(v.ShiftEnd) ? 24 * 60 : Require.Clock(v.ShiftEnd, p + ".shift_end");
            if (end <= start)
            {
                throw DomainException.Invalid(p + ".shift_end", $"must be after shift_start ({ClockTime.Format(start)}), got {ClockTime.Format(end)}.");
            }

            ValidateDriverRules(v, p);
            if (v.MaxTrips is < 0 or > MaxTripsPerDay)
            {
                throw DomainException.Invalid(p + ".max_trips", $"must be between 1 and {MaxTripsPerDay} (0 for one), got {v.MaxTrips}.");
            }

            if (v.ReloadMinutes is < 0 or > 24 * 60)
            {
                throw DomainException.Invalid(p + ".reload_minutes", $"must be between 0 and 1440, got {v.ReloadMinutes}.");
            }

            var depot = v.DepotWarehouseCode?.Trim() ?? "";
            if (depot.Length > Limits.WarehouseCode)
            {
                throw DomainException.Invalid(p + ".depot_warehouse_code", $"at most {Limits.WarehouseCode} characters, got {depot.Length}.");
            }

            valid.Add(new Valid(code, v.Name?.Trim() ?? "", v.WeightCapacityKg, v.VolumeCapacityM3, start, end, v.CostPerKm, v.FixedCost, v.MaxRouteMinutes, v.Active,
                v.MaxDrivingMinutes, v.BreakAfterDrivingMinutes, v.BreakMinutes, Math.Max(1, v.MaxTrips), v.ReloadMinutes, depot));
        }

        return valid;
    }

    private static void ValidateDriverRules(VehicleInput v, string p)
    {
        if (v.MaxDrivingMinutes is < 0 or > 24 * 60)
        {
            throw DomainException.Invalid(p + ".max_driving_minutes", $"must be between 0 (no limit) and 1440, got {v.MaxDrivingMinutes}.");
        }

        if (v.BreakAfterDrivingMinutes is < 0 or > 24 * 60)
        {
            throw DomainException.Invalid(p + ".break_after_driving_minutes", $"must be between 0 (no break rule) and 1440, got {v.BreakAfterDrivingMinutes}.");
        }

        if (v.BreakMinutes is < 0 or > 24 * 60 || (v.BreakMinutes == 0) != (v.BreakAfterDrivingMinutes == 0))
        {
            throw DomainException.Invalid(p + ".break_minutes", $"must be set (1..1440) exactly when break_after_driving_minutes is, got {v.BreakMinutes} with {v.BreakAfterDrivingMinutes}.");
        }
    }

    private static void NotNegative(double value, string field)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw DomainException.Invalid(field, $"must not be negative, got {Number(value)}.");
        }
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
