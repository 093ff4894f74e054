using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Dispatch;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Floor;

/// <summary>The supervisors' floor views through the real gRPC stack: pickers' progress, holds, short picks and the operations KPIs.</summary>
public sealed class FloorTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins = [new("A-01-02", BinKind.PickFace, 1, 2)];

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task GetFloorStatus_PicksAndAShortPick_PickerProgressHoldAndShortLine()
    {
        var (warehouse, name, shortTask) = await FloorKit.PickedAndShortAsync(factory);

        var status = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });

        var picker = Assert.Single(status.Pickers);
        Assert.Equal(name, picker.Picker);
        Assert.Equal(2, picker.LinesPickedToday);
        Assert.Equal(7, picker.UnitsPickedToday);
        Assert.NotNull(picker.LastPickAt);
        // The damaged report holds the SKU's stock in that bin, not the whole bin.
        var hold = Assert.Single(status.Holds);
        Assert.Equal("A-01-03", hold.BinCode);
        Assert.Equal(3, hold.UnitsOnHand);
        Assert.NotEmpty(hold.SkuCode);
        var line = Assert.Single(status.ShortPicks);
        Assert.Equal((shortTask, name, "SO-2", "A-01-03", 4L, 1L), (line.TaskId, line.Picker, line.OrderReference, line.BinCode, line.Quantity, line.PickedQuantity));
    }

    [Fact]
    public async Task GetFloorStatus_HoldsByAPickersReportAndBySupervisor_EachSaysWhoPlacedItAndWhen()
    {
        var (warehouse, picker, _) = await FloorKit.PickedAndShortAsync(factory);
        var supervisorName = "sup-" + OutboundKit.NewId()[..6];
        var supervisor = factory.RegisterToken(supervisorName, Role.Supervisor);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await _kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, BinCode = "R-09-01", Reason = "racking check" }, supervisor);

        var held = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });
        await _kit.Call(WmsMethods.Inventory.ReleaseHold, new ReleaseHoldRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, BinCode = "R-09-01" });
        var released = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });
        await _kit.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, BinCode = "R-09-01", Reason = "again" });
        var again = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });

        var lot = Assert.Single(held.Holds, h => h.BinCode == "A-01-03");
        var bin = Assert.Single(held.Holds, h => h.BinCode == "R-09-01");
        Assert.Equal(picker, lot.PlacedBy);
        Assert.Equal(supervisorName, bin.PlacedBy);
        Assert.Equal(("racking check", ""), (bin.Reason, bin.SkuCode));
        Assert.InRange(bin.PlacedAt.ToDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.InRange(lot.PlacedAt.ToDateTimeOffset(), before.AddMinutes(-5), bin.PlacedAt.ToDateTimeOffset());
        Assert.DoesNotContain(released.Holds, h => h.BinCode == "R-09-01");
        // Held again by someone else: the new hold's who and when, not the first one's.
        var second = Assert.Single(again.Holds, h => h.BinCode == "R-09-01");
        Assert.Equal(("admin", "again"), (second.PlacedBy, second.Reason));
        Assert.True(second.PlacedAt.ToDateTimeOffset() >= bin.PlacedAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task GetFloorStatus_WaveReleasedThenTakenThenPicked_OnTheFloorUntilItsLastTripIsDone()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-02", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-W1", 1, (sku, 3));
        var wave = await _kit.ReleaseAsync(warehouse, 0, "SO-W1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

        var released = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });
        var task = (await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        var taken = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });
        await _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = task.SkuCode, Lot = task.Lot, Quantity = task.QuantityRemaining,
        }, picker);
        var picked = await _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse });

        var first = Assert.Single(released.Waves);
        Assert.Equal((wave.WaveId, "release", "admin"), (first.WaveId, first.Kind, first.ReleasedBy));
        Assert.Equal((1, 0, 0, 0, 1), (first.TripsReady, first.TripsInProgress, first.TripsCompleted, first.LinesDone, first.Lines));
        var second = Assert.Single(taken.Waves);
        Assert.Equal((0, 1, 0, 0, 1), (second.TripsReady, second.TripsInProgress, second.TripsCompleted, second.LinesDone, second.Lines));
        Assert.Empty(picked.Waves);
    }

    [Fact]
    public async Task GetOperationsKpis_PickedOrderToday_CycleTimeWithinTargetAndLinesPerPickerHour()
    {
        var (warehouse, _, _) = await FloorKit.PickedAndShortAsync(factory);

        var kpis = await _kit.Call(WmsMethods.Floor.GetOperationsKpis, new GetOperationsKpisRequest { WarehouseCode = warehouse, From = Today, To = Today });

        var total = kpis.Total;
        Assert.Equal(30, kpis.CycleTargetMinutes);
        Assert.Single(kpis.Days);
        Assert.True(total.OrdersCompleted >= 1, $"orders completed: {total.OrdersCompleted}");
        Assert.InRange(total.AverageCycleMinutes, 0, 30);
        Assert.Equal(1, total.WithinTarget);
        Assert.Equal(2, total.PickLines);
        Assert.InRange(total.PickerHours, 1, 2);
        Assert.Equal((double)total.PickLines / total.PickerHours, total.LinesPerPickerHour);
        Assert.Equal(0, total.Deliveries);
        Assert.Equal(-1, total.OnTime);
    }

    [Fact]
    public async Task GetOperationsKpis_OneStopInsideItsWindowOneAfter_OnTimeHalf()
    {
        var site = await DispatchSetup.SiteAsync(factory, new DispatchSetup.Drop(10, "08:00", "10:00", 0.02, 0.01), new DispatchSetup.Drop(12, North: -0.02, East: 0.02));
        await DispatchSetup.FleetAsync(factory, site.WarehouseCode, DispatchSetup.Van("VAN-1"));
        var plan = await _kit.Call(WmsMethods.Dispatch.PlanRoutes, DispatchSetup.Plan(site.WarehouseCode));
        plan = await _kit.Call(WmsMethods.Dispatch.CommitRoutePlan, new CommitRoutePlanRequest { RequestId = OutboundKit.NewId(), PlanId = plan.PlanId });
        var stops = plan.Routes.Single().Stops;
        var windowed = stops.Single(s => s.ShipmentId == site.ShipmentIds[0]);
        var open = stops.Single(s => s.ShipmentId == site.ShipmentIds[1]);
        await _kit.Call(WmsMethods.Dispatch.ReportStopDone, new ReportStopDoneRequest { RequestId = OutboundKit.NewId(), PlanId = plan.PlanId, ShipmentId = windowed.ShipmentId, DoneTime = "11:30", ReceivedBy = "M. Weber" });
        await _kit.Call(WmsMethods.Dispatch.ReportStopDone, new ReportStopDoneRequest { RequestId = OutboundKit.NewId(), PlanId = plan.PlanId, ShipmentId = open.ShipmentId, DoneTime = "12:00", ReceivedBy = "J. Doe" });

        var kpis = await _kit.Call(WmsMethods.Floor.GetOperationsKpis, new GetOperationsKpisRequest { WarehouseCode = site.WarehouseCode, From = DispatchSetup.DeliveryDate, To = DispatchSetup.DeliveryDate });

        Assert.Equal(2, kpis.Total.Deliveries);
        Assert.Equal(0.5, kpis.Total.OnTime);
    }

    [Fact]
    public async Task FloorService_PickerOrBadRange_RefusedNamingWhy()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

        var denied = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = warehouse }, picker));
        var backwards = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Floor.GetOperationsKpis, new GetOperationsKpisRequest { WarehouseCode = warehouse, From = "2026-12-05", To = "2026-12-01" }));
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Floor.GetOperationsKpis, new GetOperationsKpisRequest { WarehouseCode = warehouse, From = "2024-01-01", To = "2026-12-01" }));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Floor.GetFloorStatus, new GetFloorStatusRequest { WarehouseCode = "NOPE" }));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Contains("to", backwards.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, tooLong.StatusCode);
        Assert.Contains("366", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
