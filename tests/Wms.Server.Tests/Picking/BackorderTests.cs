using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;
using StockIntegrity = Wms.Server.Inventory.StockIntegrity;

namespace Wms.Server.Tests.Picking;

/// <summary>Backorders of orders on the floor: reserved once stock arrives, picked in a backorder wave.</summary>
public sealed class BackorderTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins =
    [
        new("DOCK", BinKind.Dock, 0, 0),
        new("A-01-01", BinKind.PickFace, 1, 1), new("A-01-02", BinKind.PickFace, 1, 2), new("A-01-03", BinKind.PickFace, 1, 3),
    ];

    private Task<GetNextPickTaskResponse> Next(string warehouse, string token) =>
        _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, token);

    private Task<ConfirmPickResponse> Confirm(string token, Contracts.V1.PickTask task, string sku) =>
        _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = sku, Quantity = task.QuantityRemaining,
        }, token);

    private Task<AllocateBackordersResponse> AllocateBackordersAsync(string warehouse, params string[] references)
    {
        var request = new AllocateBackordersRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse };
        request.OrderReferences.AddRange(references);
        return _kit.Call(WmsMethods.Order.AllocateBackorders, request);
    }

    private string Picker() => factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

    /// <summary>SO-1 wants 6 of a SKU; A-01-02 has 6 on the book but only 2 on the shelf: short pick, 4 backordered.</summary>
    private async Task<(string Warehouse, string Sku, string Picker, long FirstTripId)> ShortPickedAsync()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-02", sku, 6);
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 6));
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        var picker = Picker();
        var task = (await Next(warehouse, picker)).Task;
        var shortPick = await _kit.Call(WmsMethods.Picking.ShortPick, new ShortPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, QuantityFound = 2, Reason = "only 2 on the shelf",
        }, picker);
        Assert.Equal((4L, true), (shortPick.BackorderedQuantity, shortPick.TripCompleted));
        return (warehouse, sku, picker, task.TripId);
    }

    /// <summary>Receives stock at the dock against a receipt and puts it away into a bin, through the real calls.</summary>
    private async Task ReceiveAndPutAwayAsync(string warehouse, string sku, long quantity, string bin)
    {
        var receipt = "PO-" + OutboundKit.NewId()[..6];
        var create = new CreateReceiptRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = receipt };
        create.Lines.Add(new ReceiptLine { SkuCode = sku, ExpectedQuantity = quantity });
        await _kit.Call(WmsMethods.Inventory.CreateReceipt, create);
        await _kit.Call(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, ReceiptReference = receipt, SkuCode = sku, Quantity = quantity, BinCode = "DOCK",
        });
        await _kit.Call(WmsMethods.Inventory.ConfirmPutaway, new MoveStockRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, FromBinCode = "DOCK", ToBinCode = bin, SkuCode = sku, Quantity = quantity,
        });
    }

    private async Task AssertIntegrityAsync()
    {
        await _kit.AssertStockIntegrityAsync();
        var problems = await _kit.QueryAsync(db => StockIntegrity.VerifyAsync(db, TestContext.Current.CancellationToken));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task AllocateBackorders_AfterShortPickAndReceipt_NewBackorderTripPickedAndOrderPackedComplete()
    {
        var (warehouse, sku, picker, firstTrip) = await ShortPickedAsync();
        await ReceiveAndPutAwayAsync(warehouse, sku, 4, "A-01-03");

        var result = await AllocateBackordersAsync(warehouse, "SO-1");
        var task = (await Next(warehouse, picker)).Task;
        var confirmed = await Confirm(picker, task, sku);
        var order = await _kit.GetOrderAsync(warehouse, "SO-1");
        await _kit.Call(WmsMethods.Shipping.PackCarton, new PackCartonRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, OrderReference = "SO-1", CartonLabel = "C-" + OutboundKit.NewId()[..8], WeightKg = 3,
            Lines = { new CartonLine { LineNumber = 1, Quantity = 6 } },
        });
        var shipment = await _kit.Call(WmsMethods.Shipping.CreateShipment, new CreateShipmentRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, OrderReference = "SO-1" });
        var packed = await _kit.GetOrderAsync(warehouse, "SO-1");

        Assert.Equal((WaveKind.Backorder, 1), (result.Wave.Kind, result.Wave.Trips.Count));
        Assert.Equal(["SO-1"], result.Wave.ReleasedOrderReferences);
        Assert.Equal((OrderStatus.Picking, 4L, 0L), (result.Orders[0].Status, result.Orders[0].Lines[0].AllocatedQuantity, result.Orders[0].Lines[0].BackorderedQuantity));

        // Not the bin that came up short: it waits for its count with 4 still on the book.
        Assert.Equal(("A-01-03", 4L), (task.BinCode, task.QuantityRemaining));
        Assert.NotEqual(firstTrip, task.TripId);
        Assert.Equal(result.Wave.Trips[0].TripId, task.TripId);
        Assert.Equal((4L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Equal((0L, 0L), await _kit.BalanceAsync(warehouse, "A-01-03", sku));

        Assert.True(confirmed.TripCompleted);
        Assert.Equal(OrderStatus.Picked, confirmed.OrderStatus);
        Assert.Equal((OrderStatus.Picked, 6L, 0L, 0L), (order.Status, order.Lines[0].PickedQuantity, order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal(ShipmentStatus.Open, shipment.Status);
        Assert.Equal(OrderStatus.Packed, packed.Status);
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task AllocateBackorders_PartlyReservedAtRelease_RestInBackorderWaveOrderStaysReleased()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 3);
        await _kit.CreateOrderAsync(warehouse, "SO-2", 1, (sku, 5));
        var released = await _kit.ReleaseAsync(warehouse, 0, "SO-2");
        await _kit.StockAsync(warehouse, "A-01-03", sku, 10);

        var result = await AllocateBackordersAsync(warehouse);
        var picker = Picker();
        var first = (await Next(warehouse, picker)).Task;

        Assert.Equal(WaveKind.Release, released.Kind);
        Assert.Equal((WaveKind.Backorder, 1), (result.Wave.Kind, result.Wave.Trips[0].TaskCount));
        var line = Assert.Single(Assert.Single(result.Orders).Lines);
        Assert.Equal((OrderStatus.Released, 5L, 0L), (result.Orders[0].Status, line.AllocatedQuantity, line.BackorderedQuantity));
        Assert.Equal((3L, 2L), ((await _kit.BalanceAsync(warehouse, "A-01-01", sku)).Reserved, (await _kit.BalanceAsync(warehouse, "A-01-03", sku)).Reserved));

        // The release wave's trip is older: pickers take it first.
        Assert.Equal((released.Trips[0].TripId, "A-01-01"), (first.TripId, first.BinCode));
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task AllocateBackorders_NoStockYet_NoWaveAndTheOrderStillWaits()
    {
        var (warehouse, _, _, _) = await ShortPickedAsync();

        var result = await AllocateBackordersAsync(warehouse, "SO-1");
        // The factory's database is shared by the class's tests: count this warehouse's waves only.
        var waves = await _kit.QueryAsync(db => (from w in db.Set<Wms.Server.Picking.Wave>()
                                                 join h in db.Set<Wms.Server.Layout.Warehouse>() on w.WarehouseId equals h.Id
                                                 where h.Code == warehouse && w.Kind == Wms.Server.Picking.WaveKind.Backorder
                                                 select w).CountAsync(TestContext.Current.CancellationToken));

        Assert.Equal((0L, WaveKind.Unspecified), (result.Wave.WaveId, result.Wave.Kind));
        Assert.Empty(result.Wave.Trips);
        Assert.Equal(["SO-1"], result.Wave.NotReleasedOrderReferences);
        Assert.Equal((OrderStatus.Picked, 4L), (result.Orders[0].Status, result.Orders[0].Lines[0].BackorderedQuantity));
        Assert.Equal(0, waves);
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task AllocateBackorders_ScarceStock_HigherPriorityOrderServedFirst()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var present = await _kit.SkuAsync();
        var missing = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", present, 2);
        await _kit.CreateOrderAsync(warehouse, "SO-LOW", 1, (present, 1), (missing, 3));
        await _kit.CreateOrderAsync(warehouse, "SO-HIGH", 5, (present, 1), (missing, 3));
        await _kit.ReleaseAsync(warehouse, 0, "SO-LOW", "SO-HIGH");
        await _kit.StockAsync(warehouse, "A-01-03", missing, 4);

        var result = await AllocateBackordersAsync(warehouse);
        var lines = result.Orders.ToDictionary(o => o.Reference, o => o.Lines.Single(l => l.SkuCode == missing));

        Assert.Equal(["SO-HIGH", "SO-LOW"], result.Wave.ReleasedOrderReferences);
        Assert.Equal((3L, 0L), (lines["SO-HIGH"].AllocatedQuantity, lines["SO-HIGH"].BackorderedQuantity));
        Assert.Equal((1L, 2L), (lines["SO-LOW"].AllocatedQuantity, lines["SO-LOW"].BackorderedQuantity));
        Assert.Equal(2, Assert.Single(result.Wave.Trips).TaskCount);
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task AllocateBackorders_SameRequestIdTwice_OneWaveAndTheSameAnswer()
    {
        var (warehouse, sku, _, _) = await ShortPickedAsync();
        await _kit.StockAsync(warehouse, "A-01-03", sku, 10);
        var request = new AllocateBackordersRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, OrderReferences = { "SO-1" } };

        var first = await _kit.Call(WmsMethods.Order.AllocateBackorders, request);
        var second = await _kit.Call(WmsMethods.Order.AllocateBackorders, request);

        Assert.Equal(first, second);
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(warehouse, "A-01-03", sku));
        await AssertIntegrityAsync();
    }

    [Fact]
    public async Task AllocateOrder_OrderOnTheFloor_RefusedPointingToAllocateBackorders()
    {
        var (warehouse, _, _, _) = await ShortPickedAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.AllocateAsync(warehouse, "SO-1"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("AllocateBackorders", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<AllocateBackordersRequest>, StatusCode, string> BadRequests => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no warehouse", r => r.WarehouseCode = "", StatusCode.InvalidArgument, "warehouse_code" },
        { "empty reference", r => r.OrderReferences.Add(" "), StatusCode.InvalidArgument, "order_references[1]" },
        { "reference twice", r => r.OrderReferences.Add("SO-1"), StatusCode.InvalidArgument, "order_references[1]" },
        { "negative max_orders", r => r.MaxOrders = -1, StatusCode.InvalidArgument, "max_orders" },
        { "too many max_orders", r => r.MaxOrders = 1001, StatusCode.InvalidArgument, "max_orders" },
        { "negative max_lines_per_trip", r => r.MaxLinesPerTrip = -1, StatusCode.InvalidArgument, "max_lines_per_trip" },
        { "unknown warehouse", r => r.WarehouseCode = "NO-WH", StatusCode.NotFound, "NO-WH" },
        { "unknown order", r => r.OrderReferences[0] = "NO-ORDER", StatusCode.NotFound, "order_references[0]" },
        { "order not released yet", r => r.OrderReferences.Add("SO-OPEN"), StatusCode.FailedPrecondition, "not on the floor" },
        { "cancelled order", r => r.OrderReferences.Add("SO-CANCELLED"), StatusCode.FailedPrecondition, "Cancelled" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task AllocateBackorders_BadInput_ErrorNamesFieldAndNothingChanges(string scenario, Action<AllocateBackordersRequest> spoil, StatusCode code, string named)
    {
        var (warehouse, sku, _, _) = await ShortPickedAsync();
        await _kit.StockAsync(warehouse, "A-01-03", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-OPEN", 1, (sku, 1));
        await _kit.CreateOrderAsync(warehouse, "SO-CANCELLED", 1, (sku, 1));
        await _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-CANCELLED" });
        var request = new AllocateBackordersRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, OrderReferences = { "SO-1" } };
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.AllocateBackorders, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "A-01-03", sku));
        Assert.Equal(4L, (await _kit.GetOrderAsync(warehouse, "SO-1")).Lines[0].BackorderedQuantity);
    }

    [Fact]
    public async Task AllocateBackorders_Picker_PermissionDenied()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(
            WmsMethods.Order.AllocateBackorders, new AllocateBackordersRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, Picker()));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
