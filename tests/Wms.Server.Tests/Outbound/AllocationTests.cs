using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Outbound;

public sealed class AllocationTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private static readonly BinSpec[] Bins =
    [
        new("R-01-01", BinKind.Reserve, 1, 1),
        new("P-01-02", BinKind.PickFace, 1, 2),
        new("P-01-03", BinKind.PickFace, 1, 3),
        new("H-01-04", BinKind.PickFace, 1, 4, OnHold: true),
        new("Q-01-05", BinKind.Quarantine, 1, 5),
    ];

    /// <summary>Open reservations of an order, as (bin, lot, quantity).</summary>
    private Task<List<(string Bin, string Lot, long Quantity)>> ReservationsAsync(string reference) => _kit.QueryAsync(async db =>
        (await (from r in db.Set<Wms.Server.Inventory.Reservation>()
                join l in db.Set<Wms.Server.Outbound.OrderLine>() on r.OrderLineId equals l.Id
                join o in db.Set<Wms.Server.Outbound.Order>() on l.OrderId equals o.Id
                join sb in db.Set<Wms.Server.Inventory.StockBalance>() on r.StockBalanceId equals sb.Id
                join b in db.Set<Wms.Server.Layout.Bin>() on sb.BinId equals b.Id
                where o.Reference == reference && r.Open
                orderby r.Id
                select new { b.Code, sb.Lot, r.Quantity }).ToListAsync(TestContext.Current.CancellationToken))
        .Select(x => (x.Code, x.Lot, x.Quantity)).ToList());

    [Fact]
    public async Task AllocateOrder_PickFaceAndReserve_PickFaceFirstThenReserve()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "R-01-01", sku, 50, receivedAt: DateTimeOffset.UnixEpoch);
        await _kit.StockAsync(warehouse, "P-01-02", sku, 6, receivedAt: DateTimeOffset.UnixEpoch.AddDays(5));
        await _kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 10));

        var order = await _kit.AllocateAsync(warehouse, "SO-1");

        Assert.Equal(OrderStatus.Allocated, order.Status);
        Assert.Equal((10L, 0L), (order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal([("P-01-02", "", 6L), ("R-01-01", "", 4L)], await ReservationsAsync("SO-1"));
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task AllocateOrder_ExpiryTracked_EarliestExpiryFirst()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync(lotTracked: true, expiryTracked: true);
        await _kit.StockAsync(warehouse, "P-01-02", sku, 5, lot: "L-LATE", expiry: new DateOnly(2027, 6, 1), receivedAt: DateTimeOffset.UnixEpoch);
        await _kit.StockAsync(warehouse, "P-01-03", sku, 5, lot: "L-SOON", expiry: new DateOnly(2027, 1, 1), receivedAt: DateTimeOffset.UnixEpoch.AddDays(9));
        await _kit.CreateOrderAsync(warehouse, "SO-fefo", 1, (sku, 7));

        await _kit.AllocateAsync(warehouse, "SO-fefo");

        Assert.Equal([("P-01-03", "L-SOON", 5L), ("P-01-02", "L-LATE", 2L)], await ReservationsAsync("SO-fefo"));
    }

    [Fact]
    public async Task AllocateOrder_NotExpiryTracked_OldestReceiptFirst()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 5, receivedAt: DateTimeOffset.UnixEpoch.AddDays(3));
        await _kit.StockAsync(warehouse, "P-01-03", sku, 5, receivedAt: DateTimeOffset.UnixEpoch.AddDays(1));
        await _kit.CreateOrderAsync(warehouse, "SO-fifo", 1, (sku, 6));

        await _kit.AllocateAsync(warehouse, "SO-fifo");

        Assert.Equal([("P-01-03", "", 5L), ("P-01-02", "", 1L)], await ReservationsAsync("SO-fifo"));
    }

    [Fact]
    public async Task AllocateOrder_StockOnHoldOrInQuarantine_NotReservedAndBackordered()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "H-01-04", sku, 20);
        await _kit.StockAsync(warehouse, "Q-01-05", sku, 20);
        await _kit.StockAsync(warehouse, "P-01-02", sku, 3);
        await _kit.CreateOrderAsync(warehouse, "SO-hold", 1, (sku, 5));

        var order = await _kit.AllocateAsync(warehouse, "SO-hold");

        Assert.Equal(OrderStatus.PartiallyAllocated, order.Status);
        Assert.Equal((3L, 2L), (order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal([("P-01-02", "", 3L)], await ReservationsAsync("SO-hold"));
        Assert.Equal((20L, 0L), await _kit.BalanceAsync(warehouse, "H-01-04", sku));
    }

    [Fact]
    public async Task AllocateOrder_NoStock_StaysOpenAllBackordered()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.CreateOrderAsync(warehouse, "SO-none", 1, (sku, 5));

        var order = await _kit.AllocateAsync(warehouse, "SO-none");

        Assert.Equal(OrderStatus.Open, order.Status);
        Assert.Equal((0L, 5L), (order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
    }

    [Fact]
    public async Task AllocateOrder_AgainAfterStockArrives_BackorderFilled()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 2);
        await _kit.CreateOrderAsync(warehouse, "SO-again", 1, (sku, 5));
        await _kit.AllocateAsync(warehouse, "SO-again");
        await _kit.StockAsync(warehouse, "R-01-01", sku, 10);

        var order = await _kit.AllocateAsync(warehouse, "SO-again");

        Assert.Equal(OrderStatus.Allocated, order.Status);
        Assert.Equal((5L, 0L), (order.Lines[0].AllocatedQuantity, order.Lines[0].BackorderedQuantity));
        Assert.Equal((10L, 3L), await _kit.BalanceAsync(warehouse, "R-01-01", sku));
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task AllocateOrder_BalancePartlyReserved_ReservesOnlyWhatIsStillAvailable()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-first", 1, (sku, 6));
        await _kit.CreateOrderAsync(warehouse, "SO-second", 1, (sku, 7));
        await _kit.AllocateAsync(warehouse, "SO-first");

        var second = await _kit.AllocateAsync(warehouse, "SO-second");

        Assert.Equal((4L, 3L), (second.Lines[0].AllocatedQuantity, second.Lines[0].BackorderedQuantity));
        Assert.Equal([("P-01-02", "", 4L)], await ReservationsAsync("SO-second"));
        Assert.Equal((10L, 10L), await _kit.BalanceAsync(warehouse, "P-01-02", sku));
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public void Reserve_BeyondWhatIsAvailableOnAPartlyReservedBalance_RefusedAndNothingReserved()
    {
        var balance = new Wms.Server.Inventory.StockBalance { OnHand = 10, Reserved = 6 };

        var error = Assert.Throws<Wms.Server.Common.DomainException>(() => balance.Reserve(5));
        balance.Reserve(4);

        Assert.Equal(Wms.Server.Common.ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("Only 4 available", error.Message, StringComparison.Ordinal);
        Assert.Equal((10L, 10L), (balance.OnHand, balance.Reserved));
    }

    [Fact]
    public async Task AllocateOrder_SameRequestIdTwice_ReservesOnce()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-once", 1, (sku, 4));
        var request = new AllocateOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-once" };

        var first = await _kit.Call(WmsMethods.Order.AllocateOrder, request);
        var second = await _kit.Call(WmsMethods.Order.AllocateOrder, request);

        Assert.Equal(first, second);
        Assert.Equal((10L, 4L), await _kit.BalanceAsync(warehouse, "P-01-02", sku));
    }

    [Fact]
    public async Task AllocateOrder_TwoOrdersRaceForLastUnits_NeverBothGetThem()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 3);
        await _kit.CreateOrderAsync(warehouse, "SO-a", 1, (sku, 3));
        await _kit.CreateOrderAsync(warehouse, "SO-b", 1, (sku, 3));

        var orders = await Task.WhenAll(_kit.AllocateAsync(warehouse, "SO-a"), _kit.AllocateAsync(warehouse, "SO-b"));

        Assert.Equal(3L, orders.Sum(o => o.Lines[0].AllocatedQuantity));
        Assert.Single(orders, o => o.Status == OrderStatus.Allocated);
        Assert.Equal((3L, 3L), await _kit.BalanceAsync(warehouse, "P-01-02", sku));
        await _kit.AssertStockIntegrityAsync();
    }

    public static TheoryData<string, Action<AllocateOrderRequest>, StatusCode, string> BadAllocations => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no warehouse", r => r.WarehouseCode = "", StatusCode.InvalidArgument, "warehouse_code" },
        { "no reference", r => r.Reference = "", StatusCode.InvalidArgument, "reference" },
        { "unknown order", r => r.Reference = "SO-nope", StatusCode.NotFound, "SO-nope" },
    };

    [Theory]
    [MemberData(nameof(BadAllocations))]
    public async Task AllocateOrder_BadInput_ErrorNamesFieldAndNothingIsReserved(string scenario, Action<AllocateOrderRequest> spoil, StatusCode code, string named)
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-x", 1, (sku, 4));
        var request = new AllocateOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-x" };
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.AllocateOrder, request));

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "P-01-02", sku));
    }

    [Fact]
    public async Task AllocateOrder_CancelledOrder_FailedPrecondition()
    {
        var warehouse = await _kit.WarehouseAsync(Bins);
        var sku = await _kit.SkuAsync();
        await _kit.StockAsync(warehouse, "P-01-02", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-gone", 1, (sku, 4));
        await _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-gone" });

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.AllocateAsync(warehouse, "SO-gone"));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "P-01-02", sku));
    }

    [Fact]
    public async Task AllocateOrder_PickerToken_PermissionDenied()
    {
        var picker = factory.RegisterToken("picker-alloc", Role.Picker);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.AllocateOrder, new AllocateOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = "W", Reference = "X" }, picker));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }
}
