using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

/// <summary>Issue 13, defects 2–4: re-plans never worse, locks with pending pins, re-plans of drafts overtaken by a commit.</summary>
public sealed class ReplanTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>A day of 30 drops up to about 12 km out with mixed windows, for three vans of 250 kg.</summary>
    private async Task<Site> DayAsync()
    {
        var rng = new Random(13);
        (string From, string To)[] windows = [("08:00", "17:00"), ("08:00", "12:00"), ("12:00", "16:00"), ("09:00", "11:00"), ("13:00", "15:00")];
        var drops = Enumerable.Range(0, 30).Select(_ =>
        {
            var (from, to) = windows[rng.Next(windows.Length)];
            return new Drop(5 + rng.Next(30), from, to, (rng.NextDouble() - 0.5) * 0.2, (rng.NextDouble() - 0.5) * 0.3);
        }).ToArray();
        var site = await SiteAsync(factory, drops);
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1", 250), Van("VAN-2", 250), Van("VAN-3", 250));
        return site;
    }

    [Fact]
    public async Task PlanRoutes_StopNoShiftReaches_LeftOutSayingWhyAndTheRestPlanned()
    {
        var site = await SiteAsync(factory, new Drop(10, "08:00", "12:00", 0.02, 0.03), new Drop(10, "09:00", "15:00", -0.03, 0.02), new Drop(10, "19:00", "21:00", 0.01, -0.04));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1", shiftStart: "06:00", shiftEnd: "18:00"));

        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode));

        Assert.Equal(site.ShipmentIds[..2].Order(), plan.Routes.Single().Stops.Select(s => s.ShipmentId).Order());
        var late = Assert.Single(plan.Unserved);
        Assert.Equal((site.ShipmentIds[2], UnservedReason.NoVehicleCanServe), (late.ShipmentId, late.Reason));
        Assert.Contains("its delivery window 19:00-21:00 cannot be reached", late.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replan_ShortBudgetsOtherSeeds_NeverWorseThanTheCurrentPlan()
    {
        var site = await DayAsync();
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, budgetMs: 1500));
        var locked = await factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-3" });

        var current = locked;
        foreach (var seed in new[] { 2, 3, 4 })
        {
            var replanned = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, Seed = seed, TimeBudgetMs = 100 });

            Assert.Equal(current.Totals.StopsUnserved, replanned.Totals.StopsUnserved);
            Assert.True(replanned.Totals.Cost <= current.Totals.Cost + 0.01, $"seed {seed}: {replanned.Totals.Cost} > {current.Totals.Cost}");
            current = replanned;
        }
    }

    [Fact]
    public async Task LockRoute_PendingPinToThatVehicle_RefusedNamingTheShipmentUntilReplanned()
    {
        var site = await DayAsync();
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, budgetMs: 300));
        var moved = plan.Routes.First(r => r.VehicleCode != "VAN-2" && r.Stops.Count > 0).Stops[0].ShipmentId;
        await factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = plan.PlanId, ShipmentId = moved, VehicleCode = "VAN-2" });

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-2" }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"Shipments {moved} are pinned to VAN-2 but not on its route yet", error.Status.Detail, StringComparison.Ordinal);
        var unchanged = await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = plan.PlanId });
        Assert.False(unchanged.Routes.Single(r => r.VehicleCode == "VAN-2").Locked);

        await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, TimeBudgetMs = 200 });
        var locked = await factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = plan.PlanId, VehicleCode = "VAN-2" });
        var again = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = plan.PlanId, Seed = 5, TimeBudgetMs = 200 });

        Assert.Contains(locked.Routes.Single(r => r.VehicleCode == "VAN-2").Stops, s => s.ShipmentId == moved);
        Assert.Contains(again.Routes.Single(r => r.VehicleCode == "VAN-2").Stops, s => s.ShipmentId == moved);
    }

    [Fact]
    public async Task Replan_ShipmentsCommittedByAnotherPlanSince_FailedPreconditionNamingThatPlan()
    {
        var site = await DayAsync();
        var draft = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, budgetMs: 200));
        var other = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, budgetMs: 200, seed: 2));
        await factory.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = Id(), PlanId = other.PlanId });

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = draft.PlanId }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"committed since by route plan {other.PlanId} (shipments ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(draft.Version, (await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = draft.PlanId })).Version);
    }
}
