using Wms.Server.Dispatch;
using Wms.Server.Layout;

namespace Wms.Server.Demo;

/// <summary>Delivery vehicles of a demo warehouse, so a dispatcher can plan routes at once.</summary>
internal static class DemoFleet
{
    public static List<Vehicle> Vehicles(Warehouse warehouse, bool central)
    {
        Vehicle Van(int n) => new()
        {
            WarehouseId = warehouse.Id, Code = $"VAN-{n}", Name = $"Delivery van {n}", WeightCapacityKg = 800, VolumeCapacityM3 = 6,
            ShiftStartMinutes = 6 * 60, ShiftEndMinutes = 18 * 60, CostPerKm = 0.45, FixedCost = 60, MaxRouteMinutes = 10 * 60,
        };

        var vehicles = Enumerable.Range(1, central ? 3 : 2).Select(Van).ToList();
        if (central)
        {
            vehicles.Add(new Vehicle
            {
                WarehouseId = warehouse.Id, Code = "TRUCK-1", Name = "7.5 t box truck", WeightCapacityKg = 3000, VolumeCapacityM3 = 20,
                ShiftStartMinutes = 5 * 60, ShiftEndMinutes = 15 * 60, CostPerKm = 0.9, FixedCost = 120, MaxRouteMinutes = 9 * 60,
            });
        }

        return vehicles;
    }
}
