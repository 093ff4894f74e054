using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

public sealed class TripTotesTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    /// <summary>Two orders of one SKU released as one trip, taken by a new picker.</summary>
    private async Task<(string Warehouse, string Picker, string Sku, PickTask First)> TwoOrderTripAsync()
    {
        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1), new BinSpec("PACK-1", BinKind.Staging, 9, 1), new BinSpec("R-01", BinKind.Reserve, 5, 1));
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 2));
        await _kit.CreateOrderAsync(warehouse, "SO-2", 1, (sku, 3));
        await _kit.ReleaseAsync(warehouse, 0, "SO-1", "SO-2");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var first = (await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        return (warehouse, picker, sku, first);
    }

    private static RecordTotesRequest Totes(long trip, params (string Order, string Tote)[] totes)
    {
        var request = new RecordTotesRequest { RequestId = OutboundKit.NewId(), TripId = trip };
        request.Totes.AddRange(totes.Select(t => new ToteAssignment { OrderReference = t.Order, ToteCode = t.Tote }));
        return request;
    }

    [Fact]
    public async Task RecordTotes_ToteForEachOrderThenSentAgain_RecordedThenReplaced()
    {
        var (_, picker, _, first) = await TwoOrderTripAsync();

        var recorded = await _kit.Call(WmsMethods.Picking.RecordTotes, Totes(first.TripId, ("SO-2", "T-07"), ("SO-1", "T-03")), picker);
        var replaced = await _kit.Call(WmsMethods.Picking.RecordTotes, Totes(first.TripId, ("SO-1", "T-03"), ("SO-2", "T-09")), picker);

        Assert.Equal([("SO-1", "T-03"), ("SO-2", "T-07")], recorded.Totes.Select(t => (t.OrderReference, t.ToteCode)));
        Assert.Equal([("SO-1", "T-03"), ("SO-2", "T-09")], replaced.Totes.Select(t => (t.OrderReference, t.ToteCode)));
        Assert.Equal("", replaced.DropOffBinCode);
    }

    [Fact]
    public async Task RecordTotes_SameRequestIdTwice_SameAnswer()
    {
        var (_, picker, _, first) = await TwoOrderTripAsync();
        var request = Totes(first.TripId, ("SO-1", "T-1"), ("SO-2", "T-2"));

        var once = await _kit.Call(WmsMethods.Picking.RecordTotes, request, picker);
        var again = await _kit.Call(WmsMethods.Picking.RecordTotes, request, picker);

        Assert.Equal(once, again);
    }

    [Theory]
    [InlineData("SO-1", "T-1", "SO-1", "T-2", "totes.order_reference[1]: 'SO-1' appears twice.")]
    [InlineData("SO-1", "T-1", "SO-2", "T-1", "totes.tote_code[1]: 'T-1' appears twice.")]
    [InlineData("SO-1", "T-1", "SO-9", "T-2", "totes.order_reference[1]: order SO-9 is not on trip")]
    [InlineData("SO-1", "T-1", null, null, "totes: order SO-2 of trip")]
    public async Task RecordTotes_BadAssignment_InvalidArgumentNamingTheField(string order1, string tote1, string? order2, string? tote2, string message)
    {
        var (_, picker, _, first) = await TwoOrderTripAsync();
        var request = order2 is null ? Totes(first.TripId, (order1, tote1)) : Totes(first.TripId, (order1, tote1), (order2, tote2!));

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.RecordTotes, request, picker));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordTotes_AnotherPickersTrip_FailedPrecondition()
    {
        var (_, _, _, first) = await TwoOrderTripAsync();
        var other = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.RecordTotes, Totes(first.TripId, ("SO-1", "T-1"), ("SO-2", "T-2")), other));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task DropOffTrip_BeforeTheLastPickThenAtANonStagingBinThenAtThePackStation_OnlyTheLastRecordedAndOnlyOnce()
    {
        var (warehouse, picker, sku, first) = await TwoOrderTripAsync();
        DropOffTripRequest DropOff(string bin) => new() { RequestId = OutboundKit.NewId(), TripId = first.TripId, DropOffBinCode = bin };

        var early = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.DropOffTrip, DropOff("PACK-1"), picker));
        var tasks = (await _kit.Call(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = warehouse }, picker)).Tasks;
        foreach (var task in tasks)
        {
            await _kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
            {
                RequestId = OutboundKit.NewId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = sku, Quantity = task.QuantityRemaining,
            }, picker);
        }

        var reserve = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.DropOffTrip, DropOff("R-01"), picker));
        var dropped = await _kit.Call(WmsMethods.Picking.DropOffTrip, DropOff("PACK-1"), picker);
        var twice = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Picking.DropOffTrip, DropOff("PACK-1"), picker));

        Assert.Equal((StatusCode.FailedPrecondition, $"Trip {first.TripId} still has lines to pick: drop it off when every line is done."), (early.StatusCode, early.Status.Detail));
        Assert.Equal(StatusCode.InvalidArgument, reserve.StatusCode);
        Assert.Contains("R-01 is not a staging bin", reserve.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("PACK-1", dropped.DropOffBinCode);
        Assert.Equal((StatusCode.FailedPrecondition, $"Trip {first.TripId} is already dropped off."), (twice.StatusCode, twice.Status.Detail));
    }
}
