using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Outbound;
using Wms.Server.Transport.Grpc;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using BinLocation = Wms.Server.Picking.BinLocation;
using OrderStatus = Wms.Contracts.V1.OrderStatus;
using PickRoute = Wms.Server.Picking.PickRoute;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Picking;

public sealed class WaveTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    /// <summary>Two aisles of three positions; the codes say aisle and position.</summary>
    private static readonly BinSpec[] Bins =
    [
        new("A1-1", BinKind.PickFace, 1, 1), new("A1-2", BinKind.PickFace, 1, 2), new("A1-3", BinKind.PickFace, 1, 3),
        new("A2-1", BinKind.PickFace, 2, 1), new("A2-2", BinKind.PickFace, 2, 2), new("A2-3", BinKind.PickFace, 2, 3),
    ];

    /// <summary>The bins of a trip's tasks in sequence order.</summary>
    private Task<List<string>> TripBinsAsync(long tripId) => _kit.QueryAsync(db =>
        (from t in db.Set<Wms.Server.Picking.PickTask>()
         join b in db.Set<Wms.Server.Layout.Bin>() on t.BinId equals b.Id
         where t.TripId == tripId
         orderby t.Sequence
         select b.Code).ToListAsync(TestContext.Current.CancellationToken));

    [Fact]
    public void Plan_BinsInTwoAisles_ShortestWalkVisitingEachOnceLowerLevelsTogether()
    {
        BinLocation[] stops = [new(2, 1, 0), new(1, 3, 0), new(2, 3, 1), new(1, 1, 0), new(2, 3, 0), new(1, 3, 2)];

        var (path, distance) = PickRoute.Plan(stops, s => s);

        Assert.Equal(stops.OrderBy(s => (s.Aisle, s.Position, s.Level)), path.OrderBy(s => (s.Aisle, s.Position, s.Level)));
        // Two stops at one place are picked together, the lower level first.
        var upper = path.IndexOf(new(2, 3, 1));
        Assert.Equal(new BinLocation(2, 3, 0), path[upper - 1]);
        // Up aisle 1, across the back, down aisle 2, back to the depot: 2 × 3 m across plus 2 full aisles and the cross aisles.
        var aisleLength = 4 * PickRoute.SlotLengthM;
        Assert.Equal((2 * 2 * PickRoute.AisleSpacingM) + (2 * (aisleLength + PickRoute.CrossAisleWidthM)), distance, 6);
    }

    [Fact]
    public async Task ReleaseWave_ThreeOrdersMaxFourLines_OrdersKeptWholeAndTasksInSerpentineOrder()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var skus = new List<string>();
        foreach (var bin in Bins)
        {
            var sku = await _kit.SkuAsync();
            await _kit.StockAsync(warehouse, bin.Code, sku, 10);
            skus.Add(sku);
        }

        // SO-1: A2-1, A1-3, A2-3; SO-2: A1-1, A2-2; SO-3: A1-2.
        await _kit.CreateOrderAsync(warehouse, "SO-1", 5, (skus[3], 1), (skus[2], 1), (skus[5], 1));
        await _kit.CreateOrderAsync(warehouse, "SO-2", 3, (skus[0], 2), (skus[4], 2));
        await _kit.CreateOrderAsync(warehouse, "SO-3", 1, (skus[1], 3));
        await _kit.AllocateAsync(warehouse, "SO-2");

        var wave = await _kit.ReleaseAsync(warehouse, 4, "SO-3", "SO-2", "SO-1");

        Assert.Equal(["SO-1", "SO-2", "SO-3"], wave.ReleasedOrderReferences);
        Assert.Equal(2, wave.Trips.Count);
        Assert.Equal([3, 3], wave.Trips.Select(t => t.TaskCount));
        Assert.Equal(["SO-1"], wave.Trips[0].OrderReferences);
        Assert.Equal(["SO-2", "SO-3"], wave.Trips[1].OrderReferences);
        Assert.Equal(["A1-3", "A2-3", "A2-1"], await TripBinsAsync(wave.Trips[0].TripId));
        Assert.Equal(["A1-1", "A1-2", "A2-2"], await TripBinsAsync(wave.Trips[1].TripId));
        foreach (var reference in new[] { "SO-1", "SO-2", "SO-3" })
        {
            Assert.Equal(OrderStatus.Released, (await _kit.GetOrderAsync(warehouse, reference)).Status);
        }

        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task ReleaseWave_OrderLargerThanTrip_SplitIntoTripSizedPieces()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var lines = new List<(string, long)>();
        foreach (var bin in Bins)
        {
            var sku = await _kit.SkuAsync();
            await _kit.StockAsync(warehouse, bin.Code, sku, 10);
            lines.Add((sku, 1));
        }

        await _kit.CreateOrderAsync(warehouse, "SO-big", 1, [.. lines]);

        var wave = await _kit.ReleaseAsync(warehouse, 4, "SO-big");

        Assert.Equal([4, 2], wave.Trips.Select(t => t.TaskCount));
        Assert.Equal(["A1-1", "A1-2", "A1-3", "A2-3"], await TripBinsAsync(wave.Trips[0].TripId));
    }

    [Fact]
    public async Task ReleaseWave_TopTwo_HighestPriorityAllocatedOrdersOnly()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A1-1", sku, 100);
        foreach (var (reference, priority) in new[] { ("SO-low", 1), ("SO-high", 9), ("SO-mid", 5), ("SO-open", 20) })
        {
            await _kit.CreateOrderAsync(warehouse, reference, priority, (sku, 1));
            if (reference != "SO-open")
            {
                await _kit.AllocateAsync(warehouse, reference);
            }
        }

        var wave = await _kit.Call(WmsMethods.Order.ReleaseWave, new ReleaseWaveRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, MaxOrders = 2 });

        Assert.Equal(["SO-high", "SO-mid"], wave.ReleasedOrderReferences);
        Assert.Equal(OrderStatus.Allocated, (await _kit.GetOrderAsync(warehouse, "SO-low")).Status);
        Assert.Equal(OrderStatus.Open, (await _kit.GetOrderAsync(warehouse, "SO-open")).Status);
    }

    [Fact]
    public async Task ReleaseWave_OrderWithoutStock_LeftOutAndNamed()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        var missing = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A1-1", sku, 5);
        await _kit.CreateOrderAsync(warehouse, "SO-ok", 1, (sku, 1));
        await _kit.CreateOrderAsync(warehouse, "SO-empty", 1, (missing, 1));

        var wave = await _kit.ReleaseAsync(warehouse, 0, "SO-ok", "SO-empty");

        Assert.Equal(["SO-ok"], wave.ReleasedOrderReferences);
        Assert.Equal(["SO-empty"], wave.NotReleasedOrderReferences);
        Assert.Equal((OrderStatus.Open, 1L), await StatusAndBackorderAsync(warehouse, "SO-empty"));
    }

    private async Task<(OrderStatus, long)> StatusAndBackorderAsync(string warehouse, string reference)
    {
        var order = await _kit.GetOrderAsync(warehouse, reference);
        return (order.Status, order.Lines[0].BackorderedQuantity);
    }

    [Fact]
    public async Task ReleaseWave_SameRequestIdTwice_OneWave()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A1-1", sku, 5);
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 1));
        var request = new ReleaseWaveRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse };
        request.OrderReferences.Add("SO-1");

        var first = await _kit.Call(WmsMethods.Order.ReleaseWave, request);
        var second = await _kit.Call(WmsMethods.Order.ReleaseWave, request);

        Assert.Equal(first, second);
        Assert.Equal(1, await _kit.QueryAsync(db => db.Set<Wms.Server.Picking.PickTask>().CountAsync(t => t.TripId == first.Trips[0].TripId, TestContext.Current.CancellationToken)));
    }

    public static TheoryData<string, Action<ReleaseWaveRequest>, StatusCode, string> BadWaves => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no warehouse", r => r.WarehouseCode = "", StatusCode.InvalidArgument, "warehouse_code" },
        { "empty reference", r => r.OrderReferences.Add(""), StatusCode.InvalidArgument, "order_references[1]" },
        { "duplicate reference", r => r.OrderReferences.Add("SO-1"), StatusCode.InvalidArgument, "order_references[1]" },
        { "unknown reference", r => r.OrderReferences.Add("SO-nope"), StatusCode.NotFound, "order_references[1]" },
        { "neither references nor max", r => r.OrderReferences.Clear(), StatusCode.InvalidArgument, "max_orders" },
        { "negative max lines", r => r.MaxLinesPerTrip = -1, StatusCode.InvalidArgument, "max_lines_per_trip" },
        { "unknown trip grouping", r => r.TripGrouping = "nearest", StatusCode.InvalidArgument, "trip_grouping" },
    };

    [Theory]
    [MemberData(nameof(BadWaves))]
    public async Task ReleaseWave_BadInput_ErrorNamesFieldAndNothingIsReleased(string scenario, Action<ReleaseWaveRequest> spoil, StatusCode code, string named)
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A1-1", sku, 5);
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 1));
        var request = new ReleaseWaveRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse };
        request.OrderReferences.Add("SO-1");
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.ReleaseWave, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Open, (await _kit.GetOrderAsync(warehouse, "SO-1")).Status);
        Assert.Equal((5L, 0L), await _kit.BalanceAsync(warehouse, "A1-1", sku));
    }

    [Fact]
    public async Task ReleaseWave_AlreadyReleasedOrder_FailedPrecondition()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "A1-1", sku, 5);
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 1));
        await _kit.ReleaseAsync(warehouse, 0, "SO-1");

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.ReleaseAsync(warehouse, 0, "SO-1"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("SO-1", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseWave_PickerToken_PermissionDenied()
    {
        var picker = factory.RegisterToken("picker-wave", Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.ReleaseWave, new ReleaseWaveRequest { RequestId = OutboundKit.NewId(), WarehouseCode = "W", MaxOrders = 1 }, picker));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
