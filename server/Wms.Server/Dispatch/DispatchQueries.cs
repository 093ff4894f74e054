using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Outbound;
using Wms.Server.Shipping;

namespace Wms.Server.Dispatch;

/// <summary>Read-only views of the fleet and of route plans, on their own pooled contexts beside the writer.</summary>
public sealed class DispatchQueries(IDbContextFactory<WmsDbContext> contexts)
{
    public async Task<List<VehicleView>> ListVehiclesAsync(string? warehouseCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(warehouseCode, "warehouse_code");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var warehouse = await FindWarehouseAsync(db, code, cancellationToken);
        var vehicles = await db.Set<Vehicle>().AsNoTracking().Where(v => v.WarehouseId == warehouse.Id).OrderBy(v => v.Code).ToListAsync(cancellationToken);
        var depots = await DepotsAsync(db, vehicles, cancellationToken);
        return vehicles.Select(v => ToView(v, v.DepotWarehouseId is { } id ? depots[id].Code : "")).ToList();
    }

    public async Task<RoutePlanView> GetRoutePlanAsync(long planId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var plan = await FindPlanAsync(db.Set<RoutePlan>().AsNoTracking(), planId, cancellationToken);
        return await LoadViewAsync(db, plan, cancellationToken);
    }

    internal static VehicleView ToView(Vehicle v, string depotWarehouseCode) =>
        new(v.Code, v.Name, v.WeightCapacityKg, v.VolumeCapacityM3, v.ShiftStartMinutes, v.ShiftEndMinutes, v.CostPerKm, v.FixedCost, v.MaxRouteMinutes, v.Active, v.MaxDrivingMinutes, v.BreakAfterDrivingMinutes, v.BreakMinutes,
            v.MaxTrips, v.ReloadMinutes, depotWarehouseCode);

    /// <summary>The warehouses vehicles are based at when not their own (regional depots), by id.</summary>
    internal static async Task<Dictionary<long, Warehouse>> DepotsAsync(WmsDbContext db, IEnumerable<Vehicle> vehicles, CancellationToken cancellationToken)
    {
        var ids = vehicles.Where(v => v.DepotWarehouseId != null).Select(v => v.DepotWarehouseId!.Value).Distinct().ToList();
        return ids.Count == 0 ? [] : await db.Set<Warehouse>().AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
    }

    internal static async Task<Warehouse> FindWarehouseAsync(WmsDbContext db, string code, CancellationToken cancellationToken) =>
        await LayoutLookup.WarehouseAsync(db, code, cancellationToken);

    /// <summary>The plan with its routes and stops (tracked or not, as the query given).</summary>
    internal static async Task<RoutePlan> FindPlanAsync(IQueryable<RoutePlan> plans, long planId, CancellationToken cancellationToken)
    {
        Require.Positive(planId, "plan_id");
        return await plans.Include(p => p.Routes).Include(p => p.Stops).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == planId, cancellationToken)
            ?? throw DomainException.NotFound("Route plan", planId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    internal static async Task<Vehicle> FindVehicleAsync(WmsDbContext db, long warehouseId, string? vehicleCode, CancellationToken cancellationToken)
    {
        var code = Require.NotEmpty(vehicleCode, "vehicle_code");
        return await db.Set<Vehicle>().FirstOrDefaultAsync(v => v.WarehouseId == warehouseId && v.Code == code, cancellationToken)
            ?? throw DomainException.NotFound("Vehicle", code);
    }

    /// <summary>The plan as the dispatcher reviews it: routes in vehicle code order, stops in route order, then what is left out.</summary>
    internal static async Task<RoutePlanView> LoadViewAsync(WmsDbContext db, RoutePlan plan, CancellationToken cancellationToken)
    {
        var warehouseCode = await db.Set<Warehouse>().Where(w => w.Id == plan.WarehouseId).Select(w => w.Code).FirstAsync(cancellationToken);
        var vehicleIds = plan.Routes.Select(r => r.VehicleId).Concat(plan.Stops.Where(s => s.PinnedVehicleId != null).Select(s => s.PinnedVehicleId!.Value)).Distinct().ToList();
        var vehicles = await db.Set<Vehicle>().AsNoTracking().Where(v => vehicleIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        var shipmentIds = plan.Stops.Select(s => s.ShipmentId).ToList();
        var orders = await (from s in db.Set<Shipment>().AsNoTracking()
                            join o in db.Set<Order>() on s.OrderId equals o.Id
                            where shipmentIds.Contains(s.Id)
                            select new { ShipmentId = s.Id, o.Reference, o.CustomerName, o.AddressLine, o.Latitude, o.Longitude, o.WindowStartMinutes, o.WindowEndMinutes })
            .ToDictionaryAsync(x => x.ShipmentId, cancellationToken);
        string Pinned(PlannedStop s) => s.PinnedVehicleId is { } id ? vehicles[id].Code : "";
        var depots = await DepotsAsync(db, vehicles.Values, cancellationToken);

        var routes = plan.Routes.OrderBy(r => vehicles[r.VehicleId].Code, StringComparer.Ordinal).Select(r =>
        {
            var vehicle = vehicles[r.VehicleId];
            var stops = plan.Stops.Where(s => s.RouteId == r.Id).OrderBy(s => s.StopNumber).Select(s =>
            {
                var o = orders[s.ShipmentId];
                return new PlannedStopView(
                    s.StopNumber, s.ShipmentId, o.Reference, o.CustomerName, o.AddressLine, o.Latitude, o.Longitude, o.WindowStartMinutes, o.WindowEndMinutes,
                    s.ArrivalSecond, s.ServiceStartSecond, s.DepartureSecond, s.WeightKg, s.VolumeM3, s.LoadAfterKg, Pinned(s),
                    s.EtaSecond, s.BreakAfterSeconds, s.DeliveredSecond, s.ReceivedBy, s.PhotoReference, s.Trip);
            }).ToList();
            var code = stops.Count == 0 ? "" : RoutePlanView.RouteCode(warehouseCode, plan.DeliveryDate, vehicle.Code);
            return new PlannedRouteView(vehicle.Code, vehicle.Name, r.Locked, code, r.StartSecond, r.EndSecond, r.DistanceKm, r.LoadWeightKg, r.LoadVolumeM3, r.Cost, stops,
                vehicle.DepotWarehouseId is { } depot ? depots[depot].Code : warehouseCode);
        }).ToList();
        var unserved = plan.Stops.Where(s => s.RouteId == null).OrderBy(s => s.ShipmentId).Select(s => new UnservedStopView(
            s.ShipmentId, orders[s.ShipmentId].Reference, orders[s.ShipmentId].CustomerName, s.UnservedReason ?? UnservedReason.FleetExhausted, s.UnservedDetail, s.WeightKg, Pinned(s))).ToList();
        return new RoutePlanView(
            plan.Id, warehouseCode, plan.DeliveryDate, plan.Status, plan.Version, plan.Seed, plan.TimeBudgetMs, plan.CreatedAt, plan.CreatedBy,
            plan.CommittedAt, plan.CommittedBy, routes, unserved, plan.Engine, plan.SolvedBy);
    }
}
