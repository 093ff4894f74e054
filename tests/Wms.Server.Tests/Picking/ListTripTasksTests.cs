using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Tests.Outbound;
using Wms.Server.Transport.Grpc;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

public sealed class ListTripTasksTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins =
    [
        new("A-01-01", BinKind.PickFace, 1, 1), new("A-01-02", BinKind.PickFace, 1, 2), new("A-01-03", BinKind.PickFace, 1, 3),
    ];

    /// <summary>One order with a line in each bin, released as one trip of three tasks.</summary>
    private async Task<(string Warehouse, string Picker)> ThreeTaskTripAsync()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var skus = new List<string>();
        foreach (var bin in new[] { "A-01-03", "A-01-01", "A-01-02" })
        {
            var sku = await _kit.SkuAsync();
            await _kit.StockAsync(warehouse, bin, sku, 10);
            skus.Add(sku);
        }

        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, [.. skus.Select(s => (s, 2L))]);
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        return (warehouse, factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker));
    }

    private Task<ListTripTasksResponse> ListAsync(string warehouse, string token) =>
        _kit.Call(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = warehouse }, token);

    [Fact]
    public async Task ListTripTasks_TripInProgress_OpenTasksInPathOrderStartingWithTheNextTask()
    {
        var (warehouse, picker) = await ThreeTaskTripAsync();
        var next = await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);

        var list = await ListAsync(warehouse, picker);

        Assert.Equal(["A-01-01", "A-01-02", "A-01-03"], list.Tasks.Select(t => t.BinCode));
        Assert.Equal([1, 2, 3], list.Tasks.Select(t => t.Sequence));
        Assert.All(list.Tasks, t => Assert.Equal((3, 2L, next.Task.TripId), (t.TaskCount, t.QuantityRemaining, t.TripId)));
        Assert.Equal(next.Task, list.Tasks[0]);
    }

    [Fact]
    public async Task ListTripTasks_AfterAPickAndASkip_LeavesDoneTasksOutAndFollowsTheNewSequence()
    {
        var (warehouse, picker) = await ThreeTaskTripAsync();
        var first = (await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        await _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = first.TaskId, ScannedBinCode = first.BinCode, ScannedSku = first.SkuCode, Quantity = 2,
        }, picker);
        var second = (await ListAsync(warehouse, picker)).Tasks[0];
        await _kit.Call(WmsMethods.Picking.SkipPick, new SkipPickRequest { RequestId = OutboundKit.NewId(), TaskId = second.TaskId }, picker);

        var list = await ListAsync(warehouse, picker);

        Assert.Equal(["A-01-03", "A-01-02"], list.Tasks.Select(t => t.BinCode));
        Assert.Equal([2, 3], list.Tasks.Select(t => t.Sequence));
    }

    [Fact]
    public async Task ListTripTasks_NoTripInProgress_EmptyAndNoTripIsTaken()
    {
        var (warehouse, picker) = await ThreeTaskTripAsync();

        var list = await ListAsync(warehouse, picker);
        var next = await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);

        Assert.Empty(list.Tasks);
        Assert.Equal(1, next.Task.Sequence);
    }

    [Fact]
    public async Task ListTripTasks_AnotherPickersTrip_NotShown()
    {
        var (warehouse, picker) = await ThreeTaskTripAsync();
        await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);
        var other = factory.RegisterToken("picker-other-" + OutboundKit.NewId()[..6], Role.Picker);

        Assert.Empty((await ListAsync(warehouse, other)).Tasks);
    }

    [Theory]
    [InlineData("", StatusCode.InvalidArgument, "warehouse_code")]
    [InlineData("NOPE", StatusCode.NotFound, "Warehouse 'NOPE'")]
    public async Task ListTripTasks_BadWarehouse_ErrorNamesIt(string warehouse, StatusCode code, string named)
    {
        var picker = factory.RegisterToken("picker-bad-" + OutboundKit.NewId()[..6], Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync(warehouse, picker));

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTripTasks_DeviceToken_PermissionDenied()
    {
        var device = factory.RegisterToken("device-" + OutboundKit.NewId()[..6], Role.Device);

        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync("W", device));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
