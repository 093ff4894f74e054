using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

public sealed class RoutePlanTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>Six drops around the depot with windows, two vans of 100 kg, and one drop no van can carry.</summary>
    private async Task<(Site Site, RoutePlan Plan)> PlannedAsync()
    {
        var site = await SiteAsync(factory,
            new Drop(30, "08:00", "12:00", 0.02, 0.05), new Drop(25, "09:00", "11:00", -0.03, 0.04), new Drop(40, "13:00", "17:00", 0.05, -0.02),
            new Drop(20, North: -0.04, East: -0.05), new Drop(35, "07:00", "10:00", 0.01, 0.08), new Drop(15, "14:00", "18:00", -0.06, 0.01),
            new Drop(500, North: 0.02, East: 0.02));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"), Van("VAN-2"));
        return (site, await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode)));
    }

    private static IEnumerable<PlannedStop> Stops(RoutePlan plan) => plan.Routes.SelectMany(r => r.Stops);

    [Fact]
    public async Task PlanRoutes_NamedShipmentsAndVehicle_ReadsTheShipmentsOnce()
    {
        var site = await SiteAsync(factory, new Drop(30), new Drop(20, North: -0.02));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"));
        var handler = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Wms.Server.Dispatch.PlanRoutes.Handler>(factory.Services);

        Wms.Server.Dispatch.RoutePlanView plan;
        using (var log = SqlCommandLog.Start())
        {
            await log.ReadyAsync();
            plan = await handler.HandleAsync(
                new Wms.Server.Dispatch.PlanRoutes.Command(Id(), "test", site.WarehouseCode, DeliveryDate, site.ShipmentIds, ["VAN-1"], 200, 1), TestContext.Current.CancellationToken);

            // Checked, placed and loaded from one read of the shipments with their orders (it was two before).
            Assert.Equal(1, log.Reading("shipments"));
            Assert.Equal(1, log.Reading("orders"));
        }

        Assert.Equal(site.ShipmentIds.Order(), plan.Routes.SelectMany(r => r.Stops).Select(s => s.ShipmentId).Order());
    }

    [Fact]
    public async Task PlanRoutes_HandfulOfShipments_EachRoutedInWindowWithinCapacityOrUnservedWithReason()
    {
        var (site, plan) = await PlannedAsync();

        Assert.Equal((RoutePlanStatus.Draft, 1, DeliveryDate), (plan.Status, plan.Version, plan.DeliveryDate));
        Assert.Equal(["VAN-1", "VAN-2"], plan.Routes.Select(r => r.VehicleCode));
        Assert.Equal(site.ShipmentIds.Order(), Stops(plan).Select(s => s.ShipmentId).Concat(plan.Unserved.Select(u => u.ShipmentId)).Order());
        var heavy = Assert.Single(plan.Unserved);
        Assert.Equal((site.ShipmentIds[6], UnservedReason.NoVehicleCanServe), (heavy.ShipmentId, heavy.Reason));
        Assert.Contains("weighs 500 kg", heavy.Detail, StringComparison.Ordinal);
        foreach (var route in plan.Routes.Where(r => r.Stops.Count > 0))
        {
            Assert.InRange(route.LoadWeightKg, 0, 100);
            Assert.Equal(route.LoadWeightKg, route.Stops.Sum(s => s.WeightKg), 6);
            Assert.Equal(Enumerable.Range(1, route.Stops.Count), route.Stops.Select(s => s.StopNumber));
            Assert.Equal($"{site.WarehouseCode}-20261123-{route.VehicleCode}", route.RouteCode);
            Assert.InRange(route.StartSecond, 6 * 3600, 20 * 3600);
            Assert.InRange(route.EndSecond, route.StartSecond, 20 * 3600);
            Assert.True(route.DistanceKm > 0 && route.Cost > 0);
            Assert.Equal(0, route.Stops[^1].LoadAfterKg, 6);
            foreach (var stop in route.Stops)
            {
                var from = (int.Parse(stop.WindowStart[..2], System.Globalization.CultureInfo.InvariantCulture) * 3600) + (int.Parse(stop.WindowStart[3..], System.Globalization.CultureInfo.InvariantCulture) * 60);
                var to = (int.Parse(stop.WindowEnd[..2], System.Globalization.CultureInfo.InvariantCulture) * 3600) + (int.Parse(stop.WindowEnd[3..], System.Globalization.CultureInfo.InvariantCulture) * 60);
                Assert.InRange(stop.ServiceStartSecond, from, to);
                Assert.True(stop.ArrivalSecond <= stop.ServiceStartSecond && stop.ServiceStartSecond < stop.DepartureSecond, stop.ToString());
            }
        }

        Assert.Equal((6, 1), (plan.Totals.StopsRouted, plan.Totals.StopsUnserved));
        Assert.Equal(plan.Routes.Sum(r => r.DistanceKm), plan.Totals.DistanceKm, 6);
        Assert.Equal(plan, await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = plan.PlanId }));
    }

    [Fact]
    public async Task PinStop_ThenReplan_StopOnPinnedVehicle()
    {
        var (_, plan) = await PlannedAsync();
        var route = plan.Routes.First(r => r.Stops.Count > 0);
        var other = plan.Routes.First(r => r.VehicleCode != route.VehicleCode).VehicleCode;
        var moved = route.Stops[0].ShipmentId;

        var pinned = await factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = moved, VehicleCode = other });
        var replanned = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, Seed = 7 });

        Assert.Equal(2, pinned.Version);
        Assert.Equal(other, Stops(pinned).Single(s => s.ShipmentId == moved).PinnedVehicleCode);
        var stop = Assert.Single(replanned.Routes.Single(r => r.VehicleCode == other).Stops, s => s.ShipmentId == moved);
        Assert.Equal(other, stop.PinnedVehicleCode);
        Assert.Equal((3, 7), (replanned.Version, replanned.Seed));
        Assert.Equal(7, Stops(replanned).Count() + replanned.Unserved.Count);

        var unpinned = await factory.Call(WmsMethods.Dispatch.UnpinStop, new UnpinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = moved });
        Assert.Equal("", Stops(unpinned).Single(s => s.ShipmentId == moved).PinnedVehicleCode);
    }

    [Fact]
    public async Task LockRoute_ThenReplanWithAnotherSeed_LockedRouteUnchanged()
    {
        var (_, plan) = await PlannedAsync();
        var kept = plan.Routes.OrderByDescending(r => r.Stops.Count).First();

        var locked = await factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = kept.VehicleCode });
        var replanned = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, Seed = 99, TimeBudgetMs = 150 });

        Assert.True(locked.Routes.Single(r => r.VehicleCode == kept.VehicleCode).Locked);
        var after = replanned.Routes.Single(r => r.VehicleCode == kept.VehicleCode);
        Assert.True(after.Locked);
        Assert.Equal(kept.Stops.Select(s => (s.ShipmentId, s.ArrivalSecond, s.LoadAfterKg)), after.Stops.Select(s => (s.ShipmentId, s.ArrivalSecond, s.LoadAfterKg)));
        Assert.Equal(kept.DistanceKm, after.DistanceKm, 6);
        Assert.Equal(7, Stops(replanned).Count() + replanned.Unserved.Count);

        var pinIntoLocked = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.PinStop,
            new PinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = replanned.Unserved[0].ShipmentId, VehicleCode = kept.VehicleCode }));
        Assert.Equal(StatusCode.FailedPrecondition, pinIntoLocked.StatusCode);
        Assert.Contains("locked", pinIntoLocked.Status.Detail, StringComparison.Ordinal);
        var unlocked = await factory.Call(WmsMethods.Dispatch.UnlockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = kept.VehicleCode });
        Assert.False(unlocked.Routes.Single(r => r.VehicleCode == kept.VehicleCode).Locked);
    }

    [Fact]
    public async Task CommitRoutePlan_WritesRouteCodeAndStopNumber_ReplayIdempotentAndPlanFrozen()
    {
        var (site, plan) = await PlannedAsync();
        var request = new CommitRoutePlanRequest { RequestId = Id(), PlanId = plan.PlanId, ExpectedVersion = plan.Version };

        var committed = await factory.Call(WmsMethods.Dispatch.CommitRoutePlan, request);
        var replay = await factory.Call(WmsMethods.Dispatch.CommitRoutePlan, request);

        Assert.Equal(RoutePlanStatus.Committed, committed.Status);
        Assert.NotEqual("", committed.CommittedBy);
        Assert.NotNull(committed.CommittedAt);
        Assert.Equal(committed, replay);
        foreach (var route in committed.Routes)
        {
            foreach (var stop in route.Stops)
            {
                var shipment = await factory.Call(WmsMethods.Shipping.GetShipment, new GetShipmentRequest { ShipmentId = stop.ShipmentId });
                Assert.Equal((route.RouteCode, stop.StopNumber), (shipment.RouteCode, shipment.StopNumber));
            }
        }

        var audit = await factory.Call(WmsMethods.Access.ListAudit, new ListAuditRequest { Command = "CommitRoutePlan" });
        Assert.Single(audit.Entries, e => e.RequestId == request.RequestId && e.Summary == $"route plan {plan.PlanId}");
        var heavy = await factory.Call(WmsMethods.Shipping.GetShipment, new GetShipmentRequest { ShipmentId = site.ShipmentIds[6] });
        Assert.Equal(("", 0), (heavy.RouteCode, heavy.StopNumber));

        var changes = new Func<Task>[]
        {
            () => factory.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = Id(), PlanId = plan.PlanId }),
            () => factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId }),
            () => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = site.ShipmentIds[0], VehicleCode = "VAN-1" }),
            () => factory.Call(WmsMethods.Dispatch.UnpinStop, new UnpinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = site.ShipmentIds[0] }),
            () => factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-1" }),
        };
        foreach (var change in changes)
        {
            var error = await Assert.ThrowsAsync<RpcException>(change);
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Contains("committed", error.Status.Detail, StringComparison.Ordinal);
        }

        // Only the shipment no van can carry is still ready to go, and only a van without a committed route is offered.
        var allTaken = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, 100)));
        Assert.Equal(StatusCode.FailedPrecondition, allTaken.StatusCode);
        Assert.Contains("already has a committed route on 2026-11-23", allTaken.Status.Detail, StringComparison.Ordinal);
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-3"));
        var next = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, 100));
        Assert.Equal(["VAN-3"], next.Routes.Select(r => r.VehicleCode));
        Assert.Equal([site.ShipmentIds[6]], next.Unserved.Select(u => u.ShipmentId));
    }

    [Fact]
    public async Task CommitRoutePlan_ShipmentShippedMeanwhile_FailedPreconditionNamingIt()
    {
        var (_, plan) = await PlannedAsync();
        var gone = plan.Routes.First(r => r.Stops.Count > 0).Stops[0].ShipmentId;
        await factory.Call(WmsMethods.Shipping.MarkLoaded, new ShipmentTransitionRequest { RequestId = Id(), ShipmentId = gone });
        await factory.Call(WmsMethods.Shipping.MarkShipped, new ShipmentTransitionRequest { RequestId = Id(), ShipmentId = gone });

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = Id(), PlanId = plan.PlanId }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"{gone} (shipped)", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(RoutePlanStatus.Draft, (await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = plan.PlanId })).Status);
    }

    [Fact]
    public async Task CommitRoutePlan_PlanChangedSinceReviewed_Aborted()
    {
        var (_, plan) = await PlannedAsync();
        await factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-2" });

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.CommitRoutePlan,
            new CommitRoutePlanRequest { RequestId = Id(), PlanId = plan.PlanId, ExpectedVersion = plan.Version }));

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Contains("version 1 → 2", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replan_PlanChangedWhileSolving_AbortedAndChangeKept()
    {
        var (_, plan) = await PlannedAsync();
        var shipment = plan.Routes.First(r => r.Stops.Count > 0).Stops[0].ShipmentId;

        // The solve takes its whole budget outside the write path; the pin lands in the middle of it. The margin
        // before the pin is wide because on a loaded machine the re-plan may take a while to read its snapshot:
        // a pin before that read is no conflict at all.
        var replan = factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, TimeBudgetMs = 5000 });
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var pinned = await factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = shipment, VehicleCode = "VAN-2" });
        var error = await Assert.ThrowsAsync<RpcException>(() => replan);

        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Contains("changed while it was being re-planned", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(pinned, await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = plan.PlanId }));
    }

    [Fact]
    public async Task PlanRoutes_ShipmentWithoutCoordinates_UnservedSayingSo()
    {
        var site = await SiteAsync(factory, new Drop(10), new Drop(10, North: -DepotLatitude, East: -DepotLongitude));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"));

        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, 100));

        Assert.Equal([site.ShipmentIds[0]], Stops(plan).Select(s => s.ShipmentId));
        var nowhere = Assert.Single(plan.Unserved);
        Assert.Equal((site.ShipmentIds[1], UnservedReason.NoVehicleCanServe), (nowhere.ShipmentId, nowhere.Reason));
        Assert.Contains("no delivery coordinates", nowhere.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertVehicles_CreateThenUpdate_ListedByCode()
    {
        var site = await SiteAsync(factory);

        var first = await FleetAsync(factory, site.WarehouseCode, Van("B"), Van("A"));
        var retired = Van("A", 250, "05:30", "24:00");
        retired.Inactive = true;
        var second = await FleetAsync(factory, site.WarehouseCode, retired, Van("C"));
        var list = await factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = site.WarehouseCode });

        Assert.Equal((2, 0), (first.Created, first.Updated));
        Assert.Equal((1, 1), (second.Created, second.Updated));
        Assert.Equal(["A", "B", "C"], list.Vehicles.Select(v => v.Code));
        Assert.Equal((250.0, "05:30", "24:00", true), (list.Vehicles[0].WeightCapacityKg, list.Vehicles[0].ShiftStart, list.Vehicles[0].ShiftEnd, list.Vehicles[0].Inactive));
    }

    [Theory]
    [InlineData(Role.Dispatcher, true)]
    [InlineData(Role.Supervisor, true)]
    [InlineData(Role.Picker, false)]
    [InlineData(Role.Device, false)]
    public async Task DispatchCalls_Roles(Role role, bool allowed)
    {
        var token = factory.RegisterToken(role + "-" + Guid.NewGuid().ToString("N")[..4], role);

        var plan = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan("NOPE"), token));
        var list = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = "NOPE" }, token));

        // An allowed caller gets past the role check to the missing warehouse.
        Assert.Equal(allowed ? StatusCode.NotFound : StatusCode.PermissionDenied, plan.StatusCode);
        Assert.Equal(allowed ? StatusCode.NotFound : StatusCode.PermissionDenied, list.StatusCode);
    }
}
