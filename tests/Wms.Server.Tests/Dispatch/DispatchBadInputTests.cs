using Google.Protobuf;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

/// <summary>Every kind of bad input gets its status code and a message naming the field or the thing.</summary>
public sealed class DispatchBadInputTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    public static TheoryData<string, StatusCode, string> PlanRoutesCases => new()
    {
        { "no request id", StatusCode.InvalidArgument, "request_id" },
        { "no warehouse", StatusCode.InvalidArgument, "warehouse_code" },
        { "bad date", StatusCode.InvalidArgument, "delivery_date" },
        { "budget too small", StatusCode.InvalidArgument, "time_budget_ms" },
        { "budget too large", StatusCode.InvalidArgument, "time_budget_ms" },
        { "shipment id zero", StatusCode.InvalidArgument, "shipment_ids[0]" },
        { "shipment twice", StatusCode.InvalidArgument, "shipment_ids[1]" },
        { "empty vehicle code", StatusCode.InvalidArgument, "vehicle_codes[0]" },
        { "unknown warehouse", StatusCode.NotFound, "Warehouse 'NOPE'" },
        { "unknown vehicle", StatusCode.NotFound, "/TRUCK-9'" },
        { "unknown shipment", StatusCode.NotFound, "'987654321'" },
        { "no fleet", StatusCode.FailedPrecondition, "vehicle_codes: warehouse" },
        { "nothing ready", StatusCode.FailedPrecondition, "No shipment" },
    };

    [Theory]
    [MemberData(nameof(PlanRoutesCases))]
    public async Task PlanRoutes_BadInput_ErrorNamesField(string scenario, StatusCode code, string named)
    {
        var withFleet = await SiteAsync(factory, new Drop(10));
        await FleetAsync(factory, withFleet.WarehouseCode, Van("VAN-1"));
        var noFleet = await SiteAsync(factory, new Drop(10));
        var nothingReady = await SiteAsync(factory);
        await FleetAsync(factory, nothingReady.WarehouseCode, Van("VAN-1"));
        var request = Plan(withFleet.WarehouseCode);
        switch (scenario)
        {
            case "no request id": request.RequestId = ""; break;
            case "no warehouse": request.WarehouseCode = " "; break;
            case "bad date": request.DeliveryDate = "23.11.2026"; break;
            case "budget too small": request.TimeBudgetMs = 99; break;
            case "budget too large": request.TimeBudgetMs = 30_001; break;
            case "shipment id zero": request.ShipmentIds.Add(0); break;
            case "shipment twice": request.ShipmentIds.Add([withFleet.ShipmentIds[0], withFleet.ShipmentIds[0]]); break;
            case "empty vehicle code": request.VehicleCodes.Add(""); break;
            case "unknown warehouse": request.WarehouseCode = "NOPE"; break;
            case "unknown vehicle": request.VehicleCodes.Add("TRUCK-9"); break;
            case "unknown shipment": request.ShipmentIds.Add(987_654_321); break;
            case "no fleet": request.WarehouseCode = noFleet.WarehouseCode; break;
            case "nothing ready": request.WarehouseCode = nothingReady.WarehouseCode; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.PlanRoutes, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, StatusCode, string> PlanChangeCases => new()
    {
        { "get: plan id zero", StatusCode.InvalidArgument, "plan_id" },
        { "get: unknown plan", StatusCode.NotFound, "Route plan '987654321'" },
        { "pin: no request id", StatusCode.InvalidArgument, "request_id" },
        { "pin: no vehicle", StatusCode.InvalidArgument, "vehicle_code" },
        { "pin: unknown vehicle", StatusCode.NotFound, "Vehicle 'TRUCK-9'" },
        { "pin: vehicle not in plan", StatusCode.FailedPrecondition, "VAN-3 is not in route plan" },
        { "pin: shipment not in plan", StatusCode.NotFound, "'987654321'" },
        { "pin: unknown plan", StatusCode.NotFound, "Route plan '987654321'" },
        { "unpin: shipment id zero", StatusCode.InvalidArgument, "shipment_id" },
        { "lock: unknown vehicle", StatusCode.NotFound, "Vehicle 'TRUCK-9'" },
        { "lock: vehicle not in plan", StatusCode.FailedPrecondition, "VAN-3 is not in route plan" },
        { "unlock: plan id negative", StatusCode.InvalidArgument, "plan_id" },
        { "replan: budget too large", StatusCode.InvalidArgument, "time_budget_ms" },
        { "replan: unknown plan", StatusCode.NotFound, "Route plan '987654321'" },
        { "commit: negative version", StatusCode.InvalidArgument, "expected_version" },
        { "commit: unknown plan", StatusCode.NotFound, "Route plan '987654321'" },
    };

    [Theory]
    [MemberData(nameof(PlanChangeCases))]
    public async Task PlanCalls_BadInput_ErrorNamesThing(string scenario, StatusCode code, string named)
    {
        var site = await SiteAsync(factory, new Drop(10), new Drop(12, North: -0.02));
        await FleetAsync(factory, site.WarehouseCode, Van("VAN-1"), Van("VAN-2"), Van("VAN-3"));
        var plan = Plan(site.WarehouseCode, 100);
        plan.VehicleCodes.Add(["VAN-1", "VAN-2"]);
        var planId = (await factory.Call(WmsMethods.Dispatch.PlanRoutes, plan)).PlanId;
        var shipment = site.ShipmentIds[0];
        const long unknown = 987_654_321;

        Task call = scenario switch
        {
            "get: plan id zero" => factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest()),
            "get: unknown plan" => factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = unknown }),
            "pin: no request id" => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { PlanId = planId, ShipmentId = shipment, VehicleCode = "VAN-1" }),
            "pin: no vehicle" => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = planId, ShipmentId = shipment }),
            "pin: unknown vehicle" => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = planId, ShipmentId = shipment, VehicleCode = "TRUCK-9" }),
            "pin: vehicle not in plan" => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = planId, ShipmentId = shipment, VehicleCode = "VAN-3" }),
            "pin: shipment not in plan" => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = planId, ShipmentId = unknown, VehicleCode = "VAN-1" }),
            "pin: unknown plan" => factory.Call(WmsMethods.Dispatch.PinStop, new PinStopRequest { RequestId = Id(), PlanId = unknown, ShipmentId = shipment, VehicleCode = "VAN-1" }),
            "unpin: shipment id zero" => factory.Call(WmsMethods.Dispatch.UnpinStop, new UnpinStopRequest { RequestId = Id(), PlanId = planId }),
            "lock: unknown vehicle" => factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = planId, VehicleCode = "TRUCK-9" }),
            "lock: vehicle not in plan" => factory.Call(WmsMethods.Dispatch.LockRoute, new LockRouteRequest { RequestId = Id(), PlanId = planId, VehicleCode = "VAN-3" }),
            "unlock: plan id negative" => factory.Call(WmsMethods.Dispatch.UnlockRoute, new LockRouteRequest { RequestId = Id(), PlanId = -1, VehicleCode = "VAN-1" }),
            "replan: budget too large" => factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = planId, TimeBudgetMs = 60_000 }),
            "replan: unknown plan" => factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Id(), PlanId = unknown }),
            "commit: negative version" => factory.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = Id(), PlanId = planId, ExpectedVersion = -1 }),
            "commit: unknown plan" => factory.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = Id(), PlanId = unknown }),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => call);

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, (await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = planId })).Version);
    }

    public static TheoryData<string, string> VehicleCases => new()
    {
        { "no vehicles", "vehicles:" },
        { "no code", "vehicles[0].code" },
        { "code with space", "vehicles[0].code" },
        { "code twice", "vehicles[1].code" },
        { "zero capacity", "vehicles[0].weight_capacity_kg" },
        { "negative volume", "vehicles[0].volume_capacity_m3" },
        { "bad shift", "vehicles[0].shift_start" },
        { "shift ends first", "vehicles[0].shift_end" },
        { "negative cost", "vehicles[0].cost_per_km" },
        { "negative max minutes", "vehicles[0].max_route_minutes" },
    };

    [Theory]
    [MemberData(nameof(VehicleCases))]
    public async Task UpsertVehicles_BadVehicle_InvalidArgumentNamingFieldAndNothingStored(string scenario, string named)
    {
        var site = await SiteAsync(factory);
        var request = new UpsertVehiclesRequest { RequestId = Id(), WarehouseCode = site.WarehouseCode };
        var van = Van("VAN-1");
        switch (scenario)
        {
            case "no code": van.Code = ""; break;
            case "code with space": van.Code = "VAN 1"; break;
            case "zero capacity": van.WeightCapacityKg = 0; break;
            case "negative volume": van.VolumeCapacityM3 = -1; break;
            case "bad shift": van.ShiftStart = "7am"; break;
            case "shift ends first": van.ShiftEnd = "05:00"; break;
            case "negative cost": van.CostPerKm = -0.1; break;
            case "negative max minutes": van.MaxRouteMinutes = -5; break;
        }

        if (scenario != "no vehicles")
        {
            request.Vehicles.Add(van);
        }

        if (scenario == "code twice")
        {
            request.Vehicles.Add(van.Clone());
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.UpsertVehicles, request));

        Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await factory.Call(WmsMethods.Dispatch.ListVehicles, new ListVehiclesRequest { WarehouseCode = site.WarehouseCode })).Vehicles);
    }
}
