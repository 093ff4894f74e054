using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Data;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

/// <summary>Issue 13: several trips per vehicle a day, and vehicles based at a regional warehouse, through the API.</summary>
public sealed class TripsAndDepotsTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    // Four drops of 40 kg; a van carries 100 kg, so one trip takes two of them.
    private Task<Site> FourDropsAsync() => SiteAsync(factory, new Drop(40, North: 0.02, East: 0.03), new Drop(40, North: -0.03, East: 0.05),
        new Drop(40, North: 0.05, East: -0.02), new Drop(40, North: -0.04, East: -0.04));

    [Fact]
    public async Task PlanRoutes_VanWithTwoTrips_ServesWhatOneTripCannotAndTheRouteShowsItsTrips()
    {
        var one = await FourDropsAsync();
        await FleetAsync(factory, one.WarehouseCode, Van("VAN-1"));
        var two = await FourDropsAsync();
        await FleetAsync(factory, two.WarehouseCode, Van("VAN-1").Also(v => (v.MaxTrips, v.ReloadMinutes) = (2, 30)));

        var single = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(one.WarehouseCode));
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(two.WarehouseCode));

        Assert.Equal(2, single.Unserved.Count);
        Assert.Empty(plan.Unserved);
        var route = plan.Routes.Single();
        Assert.Equal(2, route.Trips);
        Assert.Equal([1, 2, 3, 4], route.Stops.Select(s => s.StopNumber));
        Assert.Equal([1, 1, 2, 2], route.Stops.Select(s => s.Trip));
        Assert.Equal(160, route.LoadWeightKg, 6);
        // On board after each stop: the load of its own trip only.
        Assert.Equal([40.0, 0, 40, 0], route.Stops.Select(s => Math.Round(s.LoadAfterKg, 6)));
        // Trip 2 arrives after trip 1 drove back and the van was reloaded for 30 minutes.
        Assert.True(route.Stops[2].ArrivalSecond >= route.Stops[1].DepartureSecond + (30 * 60));
        Assert.Equal(two.WarehouseCode, route.DepotWarehouseCode);

        var sheet = (await factory.Call(WmsMethods.Dispatch.GetRunSheet, new GetRunSheetRequest { PlanId = plan.PlanId, VehicleCode = "VAN-1" })).Content.ToStringUtf8();
        Assert.Contains("2 trips", sheet, StringComparison.Ordinal);
        Assert.Contains("reload for trip 2 (2 cartons, 80 kg)", sheet, StringComparison.Ordinal);
        var csv = (await factory.Call(WmsMethods.Dispatch.ExportRoutePlan, new ExportRoutePlanRequest { PlanId = plan.PlanId, Format = "csv" })).Content.ToStringUtf8();
        Assert.EndsWith(",trip", csv.Split('\n')[0].TrimEnd('\r'), StringComparison.Ordinal);
        var listed = await factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = two.WarehouseCode });
        Assert.Equal((2, 30, ""), (listed.Vehicles[0].MaxTrips, listed.Vehicles[0].ReloadMinutes, listed.Vehicles[0].DepotWarehouseCode));
    }

    [Fact]
    public async Task Replan_LockedRouteWithTwoTrips_KeepsBothTripsAsTheyWere()
    {
        var site = await FourDropsAsync();
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1").Also(v => (v.MaxTrips, v.ReloadMinutes) = (2, 30)));
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode));
        var before = plan.Routes.Single().Stops.Select(s => (s.ShipmentId, s.Trip)).ToList();

        await factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-1" });
        var again = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, Seed = 7 });
        var free = await factory.Call(WmsMethods.Dispatch.UnlockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-1" });
        var unlocked = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = free.PlanId, Seed = 9 });

        Assert.Equal(before, again.Routes.Single().Stops.Select(s => (s.ShipmentId, s.Trip)));
        Assert.Empty(unlocked.Unserved);
        Assert.True(unlocked.Totals.Cost <= plan.Totals.Cost + 0.01);
    }

    [Fact]
    public async Task PlanRoutes_VanBasedAtRegionalWarehouse_DeliversItsAreaFromThere()
    {
        // Two drops near the central warehouse, two about 55 km north near the regional one.
        var site = await SiteAsync(factory, new Drop(20, North: 0.02, East: 0.02), new Drop(20, North: -0.02, East: 0.01),
            new Drop(20, North: 0.52, East: 0.02), new Drop(20, North: 0.48, East: -0.02));
        var regional = await RegionalWarehouseAsync(North: 0.5);
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-C"), Van("VAN-R").Also(v => v.DepotWarehouseCode = regional));

        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode));

        Assert.Empty(plan.Unserved);
        var central = plan.Routes.Single(r => r.VehicleCode == "VAN-C");
        var north = plan.Routes.Single(r => r.VehicleCode == "VAN-R");
        Assert.Equal((site.WarehouseCode, regional), (central.DepotWarehouseCode, north.DepotWarehouseCode));
        Assert.All(central.Stops, s => Assert.True(s.Latitude < DepotLatitude + 0.1));
        Assert.All(north.Stops, s => Assert.True(s.Latitude > DepotLatitude + 0.4));
        Assert.Equal(2, north.Stops.Count);
        // From the regional warehouse the northern drops are a short round, not 110 km there and back.
        Assert.InRange(north.DistanceKm, 1, 25);
        var listed = await factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = site.WarehouseCode });
        Assert.Equal(regional, listed.Vehicles.Single(v => v.Code == "VAN-R").DepotWarehouseCode);
    }

    [Theory]
    [InlineData("vehicles[0].max_trips", 11, 0)]
    [InlineData("vehicles[0].max_trips", -1, 0)]
    [InlineData("vehicles[0].reload_minutes", 2, -5)]
    [InlineData("vehicles[0].reload_minutes", 2, 1441)]
    public async Task UpsertVehicles_TripsOutOfRange_InvalidArgumentNamingTheField(string field, int maxTrips, int reloadMinutes)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => FleetAsync(factory, "ANY", Van("VAN-1").Also(v => (v.MaxTrips, v.ReloadMinutes) = (maxTrips, reloadMinutes))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertVehicles_UnknownDepotWarehouse_NotFoundAndNothingStored()
    {
        var site = await SiteAsync(factory, new Drop(10));

        var error = await Assert.ThrowsAsync<RpcException>(() => FleetAsync(factory, site.WarehouseCode, Van("VAN-1"), Van("VAN-2").Also(v => v.DepotWarehouseCode = "NOWHERE")));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("vehicles[1].depot_warehouse_code", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = site.WarehouseCode })).Vehicles);
    }

    private Task<string> RegionalWarehouseAsync(double North)
    {
        var code = "R" + Guid.NewGuid().ToString("N")[..8];
        return factory.Services.GetRequiredService<WriteBatcher>().ExecuteAsync(new CommandInfo("TestSetup", "test", ""), async (db, ct) =>
        {
            db.Add(new Wms.Server.Layout.Warehouse { Code = code, Name = "Regional " + code, Kind = Wms.Server.Layout.WarehouseKind.Regional, Latitude = DepotLatitude + North, Longitude = DepotLongitude });
            await db.SaveChangesAsync(ct);
            return code;
        }, TestContext.Current.CancellationToken);
    }
}
