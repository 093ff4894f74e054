using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

/// <summary>The dispatch flow on PostgreSQL: the tables of the postgres script, dates, nullable links and the commit's checks.</summary>
public sealed class DispatchPostgresTests
{
    [Fact]
    public async Task PlanPinReplanCommit_OnPostgres_ShipmentsCarryTheirRoutes()
    {
        TestPostgres.Require();
        await using var factory = new PostgresServerFactory();
        var invoker = factory.CreateInvoker();
        var options = new CallOptions(cancellationToken: TestContext.Current.CancellationToken);
        var site = await SiteAsync(factory, new Drop(30, "08:00", "12:00"), new Drop(40, North: -0.03), new Drop(20, "13:00", "16:00", 0.04, -0.02), new Drop(900));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"), Van("VAN-2"));

        var plan = await invoker.AsyncUnaryCall(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, 150), options);
        await invoker.AsyncUnaryCall(WmsMethods.Dispatch.PinStop,
            new PinStopRequest { RequestId = Guid.NewGuid().ToString(), PlanId = plan.PlanId, ShipmentId = site.ShipmentIds[0], VehicleCode = "VAN-2" }, options);
        var replanned = await invoker.AsyncUnaryCall(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Guid.NewGuid().ToString(), PlanId = plan.PlanId }, options);
        var committed = await invoker.AsyncUnaryCall(WmsMethods.Dispatch.CommitRoutePlan,
            new CommitRoutePlanRequest { RequestId = Guid.NewGuid().ToString(), PlanId = plan.PlanId, ExpectedVersion = replanned.Version }, options);
        var pinned = await invoker.AsyncUnaryCall(WmsMethods.Shipping.GetShipment, new GetShipmentRequest { ShipmentId = site.ShipmentIds[0] }, options);

        Assert.Equal(site.ShipmentIds[3], Assert.Single(plan.Unserved).ShipmentId);
        Assert.Equal(RoutePlanStatus.Committed, committed.Status);
        Assert.Equal(($"{site.WarehouseCode}-20261123-VAN-2", true), (pinned.RouteCode, pinned.StopNumber > 0));
    }
}
