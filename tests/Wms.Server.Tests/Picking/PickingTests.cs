using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Tests.Outbound;
using Wms.Server.Transport.Grpc;
using BinLocation = Wms.Server.Picking.BinLocation;
using PickRoute = Wms.Server.Picking.PickRoute;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

public sealed class PickingTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins =
    [
        new("A-01-01", BinKind.PickFace, 1, 1), new("A-01-02", BinKind.PickFace, 1, 2), new("A-01-03", BinKind.PickFace, 1, 3),
        new("R-09-01", BinKind.Reserve, 9, 1),
    ];

    private sealed record Floor(string Warehouse, string Sku, string Picker, Contracts.V1.Wave Wave);

    /// <summary>One order of <paramref name="quantity"/> from A-01-02 (10 on hand), released and taken by a new picker.</summary>
    private async Task<(Floor Floor, Contracts.V1.PickTask Task)> ReleasedAsync(long quantity = 4, bool lotTracked = false, string? barcode = null)
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync(lotTracked: lotTracked, barcode: barcode);
        await _kit.StockAsync(warehouse, "A-01-02", sku, 10, lot: lotTracked ? "LOT-7" : "");
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, quantity));
        var wave = await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var next = await Next(warehouse, picker);
        return (new Floor(warehouse, sku, picker, wave), next.Task);
    }

    private Task<GetNextPickTaskResponse> Next(string warehouse, string token) =>
        _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, token);

    private static ConfirmPickRequest Confirm(Contracts.V1.PickTask task, long quantity) => new()
    {
        RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = task.SkuCode, Lot = task.Lot, Quantity = quantity,
    };

    private Task<ConfirmPickResponse> ConfirmAsync(Floor floor, ConfirmPickRequest request) => _kit.Call(WmsMethods.Picking.ConfirmPick, request, floor.Picker);

    [Fact]
    public async Task GetNextPickTask_ReleasedTrip_AnswersWhereWhatHowMuchAndLineOfCount()
    {
        var (floor, task) = await ReleasedAsync();

        Assert.Equal(("A-01-02", floor.Sku, "Test item", "EA", 4L, 1, 1, "SO-1"),
            (task.BinCode, task.SkuCode, task.SkuDescription, task.UnitOfMeasure, task.QuantityRemaining, task.Sequence, task.TaskCount, task.OrderReference));
        Assert.Equal(floor.Wave.Trips[0].TripId, task.TripId);
        // One bin, aisle 1 position 2: along the front to aisle 1, up to the bin and back the same way.
        Assert.Equal(PickRoute.Plan([new BinLocation(1, 2, 0)], l => l).DistanceM, task.TripPlannedDistanceM, 6);
        Assert.True(task.TripPlannedDistanceM > 2 * 3.0);
    }

    [Fact]
    public async Task GetNextPickTask_TwoPickersAtOnce_NeverTheSameTrip()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 100);
        for (var i = 0; i < 6; i++)
        {
            await _kit.CreateOrderAsync(warehouse, $"SO-{i}", 1, (sku, 1));
        }

        await _kit.ReleaseAsync(warehouse, 1, "SO-0", "SO-1", "SO-2", "SO-3", "SO-4", "SO-5");
        var pickers = Enumerable.Range(0, 6).Select(i => factory.RegisterToken($"picker-race-{i}", Role.Picker)).ToList();

        var tasks = await Task.WhenAll(pickers.Select(p => Next(warehouse, p)));
        var again = await Next(warehouse, pickers[0]);

        Assert.Equal(6, tasks.Select(t => t.Task.TripId).Distinct().Count());
        Assert.Equal(tasks[0].Task.TaskId, again.Task.TaskId);
    }

    [Fact]
    public async Task GetNextPickTask_NoWork_NoTask()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var picker = factory.RegisterToken("picker-idle", Role.Picker);

        var next = await Next(warehouse, picker);

        Assert.Null(next.Task);
    }

    [Fact]
    public async Task GetNextPickTask_SameRequestIdTwice_SameAnswer()
    {
        var (floor, _) = await ReleasedAsync();
        var request = new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = floor.Warehouse };

        var first = await _kit.Call(WmsMethods.Picking.GetNextPickTask, request, floor.Picker);
        // The task moves on between the two calls: only a replay of the stored answer still says 4 remain.
        await ConfirmAsync(floor, Confirm(first.Task, 3));
        var second = await _kit.Call(WmsMethods.Picking.GetNextPickTask, request, floor.Picker);
        var fresh = await Next(floor.Warehouse, floor.Picker);

        Assert.Equal(first, second);
        Assert.Equal(4L, second.Task.QuantityRemaining);
        Assert.Equal(1L, fresh.Task.QuantityRemaining);
    }

    public static TheoryData<string, GetNextPickTaskRequest, StatusCode, string> BadNextRequests => new()
    {
        { "no request id", new GetNextPickTaskRequest { WarehouseCode = "W" }, StatusCode.InvalidArgument, "request_id" },
        { "no warehouse", new GetNextPickTaskRequest { RequestId = "r" }, StatusCode.InvalidArgument, "warehouse_code" },
        { "unknown warehouse", new GetNextPickTaskRequest { RequestId = Guid.NewGuid().ToString(), WarehouseCode = "NOPE" }, StatusCode.NotFound, "Warehouse 'NOPE'" },
    };

    [Theory]
    [MemberData(nameof(BadNextRequests))]
    public async Task GetNextPickTask_BadInput_ErrorNamesFieldAndNoTripIsTaken(string scenario, GetNextPickTaskRequest request, StatusCode code, string named)
    {
        var (floor, task) = await ReleasedAsync();
        var name = "picker-bad-" + OutboundKit.NewId()[..6];
        var other = factory.RegisterToken(name, Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.GetNextPickTask, request, other));
        var trips = await _kit.QueryAsync(db => db.Set<Wms.Server.Picking.Trip>().CountAsync(t => t.AssignedTo == name, TestContext.Current.CancellationToken));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, trips);
        Assert.Equal(task.TaskId, (await Next(floor.Warehouse, floor.Picker)).Task.TaskId);
    }

    [Fact]
    public async Task ConfirmPick_WholeTaskInTwoScans_StockLedgerOrderAndTripFollow()
    {
        var (floor, task) = await ReleasedAsync();

        var first = await ConfirmAsync(floor, Confirm(task, 1));
        var second = await ConfirmAsync(floor, Confirm(task, 3));
        var order = await _kit.GetOrderAsync(floor.Warehouse, "SO-1");
        var ledger = await _kit.QueryAsync(db => db.Set<Wms.Server.Inventory.LedgerEntry>()
            .Where(e => e.Reference == "pick-task:" + task.TaskId).Select(e => e.Quantity).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal((1L, 3L, false, OrderStatus.Picking), (first.PickedQuantity, first.QuantityRemaining, first.TaskDone, first.OrderStatus));
        Assert.Equal((4L, 0L, true, true, OrderStatus.Picked), (second.PickedQuantity, second.QuantityRemaining, second.TaskDone, second.TripCompleted, second.OrderStatus));
        Assert.Equal((4L, 0L, 0L), (order.Lines[0].PickedQuantity, order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal((6L, 0L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku));
        Assert.Equal([-1L, -3L], ledger);
        Assert.Null((await Next(floor.Warehouse, floor.Picker)).Task);
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ConfirmPick_ScanOfABarcode_AcceptedForItsSku()
    {
        var barcode = "40" + OutboundKit.NewId()[..11];
        var (floor, task) = await ReleasedAsync(barcode: barcode);
        var request = Confirm(task, 4);
        request.ScannedSku = barcode;

        var done = await ConfirmAsync(floor, request);

        Assert.True(done.TaskDone);
    }

    [Fact]
    public async Task ConfirmPick_LotTrackedRightLot_Picked()
    {
        var (floor, task) = await ReleasedAsync(lotTracked: true);

        var done = await ConfirmAsync(floor, Confirm(task, 4));

        Assert.Equal("LOT-7", task.Lot);
        Assert.True(done.TaskDone);
        Assert.Equal((6L, 0L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku, "LOT-7"));
    }

    public static TheoryData<string, bool, Action<ConfirmPickRequest>, StatusCode, string> BadConfirmations => new()
    {
        { "no request id", false, r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no task", false, r => r.TaskId = 0, StatusCode.InvalidArgument, "task_id" },
        { "unknown task", false, r => r.TaskId = 999_999, StatusCode.NotFound, "999999" },
        { "no bin scanned", false, r => r.ScannedBinCode = "", StatusCode.InvalidArgument, "scanned_bin_code" },
        { "no item scanned", false, r => r.ScannedSku = "", StatusCode.InvalidArgument, "scanned_sku" },
        { "quantity negative", false, r => r.Quantity = -2, StatusCode.InvalidArgument, "quantity" },
        { "wrong bin", false, r => r.ScannedBinCode = "A-01-03", StatusCode.FailedPrecondition, "wrong bin: expected A-01-02, scanned A-01-03" },
        { "wrong item", false, r => r.ScannedSku = "OTHER", StatusCode.FailedPrecondition, "wrong item: expected SKU-" },
        { "quantity beyond any line", false, r => r.Quantity = long.MaxValue, StatusCode.InvalidArgument, "quantity" },
        { "over-pick", false, r => r.Quantity = 5, StatusCode.FailedPrecondition, "over-pick: task" },
        { "wrong lot", true, r => r.Lot = "LOT-8", StatusCode.FailedPrecondition, "wrong lot: expected LOT-7, scanned LOT-8" },
        { "no lot", true, r => r.Lot = "", StatusCode.InvalidArgument, "lot" },
    };

    [Theory]
    [MemberData(nameof(BadConfirmations))]
    public async Task ConfirmPick_BadInput_ErrorSaysWhatAndNothingIsPicked(string scenario, bool lotTracked, Action<ConfirmPickRequest> spoil, StatusCode code, string named)
    {
        var (floor, task) = await ReleasedAsync(lotTracked: lotTracked);
        var request = Confirm(task, 4);
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => ConfirmAsync(floor, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku, lotTracked ? "LOT-7" : ""));
        Assert.Equal(4L, (await Next(floor.Warehouse, floor.Picker)).Task.QuantityRemaining);
    }

    [Fact]
    public async Task ConfirmPick_MoreThanLeftAfterPartialConfirm_OverPickNamesWhatIsLeft()
    {
        var (floor, task) = await ReleasedAsync();
        await ConfirmAsync(floor, Confirm(task, 2));

        var error = await Assert.ThrowsAsync<RpcException>(() => ConfirmAsync(floor, Confirm(task, 3)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"over-pick: task {task.TaskId} has 2 left to pick in bin A-01-02, 3 confirmed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((8L, 2L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku));
        Assert.Equal(2L, (await Next(floor.Warehouse, floor.Picker)).Task.QuantityRemaining);
    }

    [Fact]
    public async Task ConfirmPick_BarcodeOfAnotherSku_WrongItem()
    {
        var (floor, task) = await ReleasedAsync();
        var otherBarcode = "40" + OutboundKit.NewId()[..11];
        var other = await _kit.SkuAsync(barcode: otherBarcode);
        var request = Confirm(task, 4);
        request.ScannedSku = otherBarcode;

        var error = await Assert.ThrowsAsync<RpcException>(() => ConfirmAsync(floor, request));

        Assert.NotEqual(floor.Sku, other);
        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal($"wrong item: expected {floor.Sku}, scanned {otherBarcode}", error.Status.Detail);
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku));
    }

    [Fact]
    public async Task ConfirmPick_NoQuantity_ConfirmsWhatRemains()
    {
        var (floor, task) = await ReleasedAsync();
        await ConfirmAsync(floor, Confirm(task, 1));

        var rest = await ConfirmAsync(floor, Confirm(task, 0));

        Assert.Equal((4L, 0L, true), (rest.PickedQuantity, rest.QuantityRemaining, rest.TaskDone));
        Assert.Equal((6L, 0L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku));
    }

    [Fact]
    public async Task ConfirmPick_SameRequestIdTwice_PickedOnceAndFirstAnswerAgain()
    {
        var (floor, task) = await ReleasedAsync();
        var request = Confirm(task, 2);

        var first = await ConfirmAsync(floor, request);
        var second = await ConfirmAsync(floor, request);

        Assert.Equal(first, second);
        Assert.Equal((8L, 2L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku));
    }

    [Fact]
    public async Task ConfirmPick_AnotherPickersTask_FailedPrecondition()
    {
        var (floor, task) = await ReleasedAsync();
        var other = factory.RegisterToken("picker-other", Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.ConfirmPick, Confirm(task, 1), other));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(floor.Warehouse, "A-01-02", floor.Sku));
    }

    [Fact]
    public async Task PickingCalls_DispatcherToken_PermissionDenied()
    {
        var dispatcher = factory.RegisterToken("dispatcher-pick", Role.Dispatcher);

        var error = await Assert.ThrowsAsync<RpcException>(() => Next("W", dispatcher));
        var confirm = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest { RequestId = "x", TaskId = 1 }, dispatcher));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, confirm.StatusCode);
    }
}
