using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Tests.Outbound;
using Wms.Server.Transport.Grpc;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

/// <summary>Short picks and skips: the exceptions on the floor.</summary>
public sealed class PickExceptionTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins =
    [
        new("A-01-01", BinKind.PickFace, 1, 1), new("A-01-02", BinKind.PickFace, 1, 2), new("A-01-03", BinKind.PickFace, 1, 3),
        new("R-09-01", BinKind.Reserve, 9, 1),
    ];

    private Task<GetNextPickTaskResponse> Next(string warehouse, string token) =>
        _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, token);

    private Task<ShortPickResponse> ShortAsync(string token, long taskId, long found, string reason = "bin empty", string? requestId = null) =>
        _kit.Call(WmsMethods.Picking.ShortPick, new ShortPickRequest { RequestId = requestId ?? OutboundKit.NewId(), TaskId = taskId, QuantityFound = found, Reason = reason }, token);

    private Task<List<string>> CycleCountReasonsAsync(string warehouse, string bin) => _kit.QueryAsync(db =>
        (from c in db.Set<Wms.Server.Inventory.CycleCount>()
         join b in db.Set<Wms.Server.Layout.Bin>() on c.BinId equals b.Id
         join w in db.Set<Wms.Server.Layout.Warehouse>() on b.WarehouseId equals w.Id
         where w.Code == warehouse && b.Code == bin
         select c.Reason).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>SO-1 wants 6 from A-01-02 (6 on hand); R-09-01 holds <paramref name="reserve"/> more.</summary>
    private async Task<(string Warehouse, string Sku, string Picker, Contracts.V1.PickTask Task)> ReleasedAsync(long reserve)
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-02", sku, 6);
        if (reserve > 0)
        {
            await _kit.StockAsync(warehouse, "R-09-01", sku, reserve);
        }

        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 6));
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        return (warehouse, sku, picker, (await Next(warehouse, picker)).Task);
    }

    [Fact]
    public async Task ShortPick_OtherBinHasStock_FoundPickedRestReallocatedAtEndOfTripAndBinCounted()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync(reserve: 10);

        var result = await ShortAsync(picker, task.TaskId, found: 2);
        var next = (await Next(warehouse, picker)).Task;
        var order = await _kit.GetOrderAsync(warehouse, "SO-1");

        Assert.Equal((2L, 4L, 0L, true, false), (result.PickedQuantity, result.ReallocatedQuantity, result.BackorderedQuantity, result.CycleCountRaised, result.TripCompleted));
        Assert.Equal(("R-09-01", 4L, 2, 2, task.TripId), (next.BinCode, next.QuantityRemaining, next.Sequence, next.TaskCount, next.TripId));
        Assert.Equal((4L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(warehouse, "R-09-01", sku));
        Assert.Equal((OrderStatus.Picking, 2L, 4L, 0L), (order.Status, order.Lines[0].PickedQuantity, order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal(["short pick"], await CycleCountReasonsAsync(warehouse, "A-01-02"));
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ShortPick_NoOtherStock_RestBackorderedAndTripCompleted()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync(reserve: 0);

        var result = await ShortAsync(picker, task.TaskId, found: 0);
        var order = await _kit.GetOrderAsync(warehouse, "SO-1");

        Assert.Equal((0L, 0L, 6L, true), (result.PickedQuantity, result.ReallocatedQuantity, result.BackorderedQuantity, result.TripCompleted));
        Assert.Equal((OrderStatus.Picked, 0L, 6L), (order.Status, order.Lines[0].PickedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal((6L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Null((await Next(warehouse, picker)).Task);
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ShortPick_SameRequestIdTwice_AppliedOnce()
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync(reserve: 10);
        var id = OutboundKit.NewId();

        var first = await ShortAsync(picker, task.TaskId, 2, requestId: id);
        var second = await ShortAsync(picker, task.TaskId, 2, requestId: id);

        Assert.Equal(first, second);
        Assert.Equal((4L, 0L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(warehouse, "R-09-01", sku));
    }

    public static TheoryData<string, long, string, StatusCode, string> BadShorts => new()
    {
        { "negative found", -1, "bin empty", StatusCode.InvalidArgument, "quantity_found" },
        { "no reason", 1, " ", StatusCode.InvalidArgument, "reason" },
        { "found all", 6, "bin empty", StatusCode.FailedPrecondition, "not short" },
        { "found more", 7, "bin empty", StatusCode.FailedPrecondition, "not short" },
    };

    [Theory]
    [MemberData(nameof(BadShorts))]
    public async Task ShortPick_BadInput_ErrorNamesFieldAndNothingChanges(string scenario, long found, string reason, StatusCode code, string named)
    {
        var (warehouse, sku, picker, task) = await ReleasedAsync(reserve: 10);

        var error = await Assert.ThrowsAsync<RpcException>(() => ShortAsync(picker, task.TaskId, found, reason));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((6L, 6L), await _kit.BalanceAsync(warehouse, "A-01-02", sku));
        Assert.Empty(await CycleCountReasonsAsync(warehouse, "A-01-02"));
    }

    [Fact]
    public async Task SkipPick_FirstOfThree_GoesToTheEndAndNextIsShown()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var lines = new List<(string, long)>();
        foreach (var bin in new[] { "A-01-01", "A-01-02", "A-01-03" })
        {
            var sku = await _kit.SkuAsync();
            await _kit.StockAsync(warehouse, bin, sku, 5);
            lines.Add((sku, 1));
        }

        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, [.. lines]);
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-skip", Role.Picker);
        var first = (await Next(warehouse, picker)).Task;

        var skipped = await _kit.Call(WmsMethods.Picking.SkipPick, new SkipPickRequest { RequestId = OutboundKit.NewId(), TaskId = first.TaskId }, picker);
        var order = await _kit.QueryAsync(db => db.Set<Wms.Server.Picking.PickTask>().Where(t => t.TripId == first.TripId)
            .OrderBy(t => t.Sequence).Select(t => t.Id).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(("A-01-01", 1), (first.BinCode, first.Sequence));
        Assert.Equal(("A-01-02", 1, 3), (skipped.Task.BinCode, skipped.Task.Sequence, skipped.Task.TaskCount));
        Assert.Equal(first.TaskId, order[^1]);
    }

    [Fact]
    public async Task SkipPick_OnlyTask_StaysNext()
    {
        var (_, _, picker, task) = await ReleasedAsync(reserve: 0);

        var skipped = await _kit.Call(WmsMethods.Picking.SkipPick, new SkipPickRequest { RequestId = OutboundKit.NewId(), TaskId = task.TaskId }, picker);

        Assert.Equal((task.TaskId, 1), (skipped.Task.TaskId, skipped.Task.Sequence));
    }

    [Fact]
    public async Task SkipPick_PickedTask_FailedPrecondition()
    {
        var (_, _, picker, task) = await ReleasedAsync(reserve: 0);
        await _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = task.SkuCode, Quantity = 6,
        }, picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.SkipPick, new SkipPickRequest { RequestId = OutboundKit.NewId(), TaskId = task.TaskId }, picker));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }
}
