using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Outbound;

public sealed class OrderTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    private async Task<(string Warehouse, string Sku)> WarehouseWithSkuAsync()
    {
        var warehouse = await _kit.WarehouseAsync(new BinSpec("A-01-01", BinKind.PickFace, 1, 1));
        var sku = await _kit.SkuAsync();
        return (warehouse, sku);
    }

    [Fact]
    public async Task CreateOrder_ValidOrder_GetOrderReturnsItOpenWithLines()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        var other = await _kit.SkuAsync();

        var created = await _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(warehouse, "SO-1", (sku, 5), (other, 2)));
        var read = await _kit.GetOrderAsync(warehouse, "SO-1");

        Assert.Equal(created, read);
        Assert.Equal(OrderStatus.Open, read.Status);
        Assert.Equal(("2026-12-01", "08:00", "12:30", "Ada Shop"), (read.RequestedShipDate, read.WindowStart, read.WindowEnd, read.CustomerName));
        Assert.Equal([(1, sku, 5L), (2, other, 2L)], read.Lines.Select(l => (l.LineNumber, l.SkuCode, l.Quantity)));
        Assert.All(read.Lines, l => Assert.Equal((0L, 0L, 0L), (l.AllocatedQuantity, l.PickedQuantity, l.BackorderedQuantity)));
    }

    [Fact]
    public async Task CreateOrder_NoWindow_AnyTimeOfDay()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        var request = OutboundKit.Order(warehouse, "SO-any", (sku, 1));
        request.WindowStart = "";
        request.WindowEnd = "";

        var order = await _kit.Call(WmsMethods.Order.CreateOrder, request);

        Assert.Equal(("00:00", "24:00"), (order.WindowStart, order.WindowEnd));
    }

    public static TheoryData<string, Action<CreateOrderRequest>, StatusCode, string> BadOrders => new()
    {
        { "no request id", r => r.RequestId = "", StatusCode.InvalidArgument, "request_id" },
        { "no warehouse", r => r.WarehouseCode = "", StatusCode.InvalidArgument, "warehouse_code" },
        { "unknown warehouse", r => r.WarehouseCode = "NOPE", StatusCode.NotFound, "Warehouse 'NOPE'" },
        { "no reference", r => r.Reference = " ", StatusCode.InvalidArgument, "reference" },
        { "negative priority", r => r.Priority = -1, StatusCode.InvalidArgument, "priority" },
        { "bad date", r => r.RequestedShipDate = "01/12/2026", StatusCode.InvalidArgument, "requested_ship_date" },
        { "no date", r => r.RequestedShipDate = "", StatusCode.InvalidArgument, "requested_ship_date" },
        { "latitude", r => r.Latitude = 91, StatusCode.InvalidArgument, "latitude" },
        { "longitude", r => r.Longitude = -181, StatusCode.InvalidArgument, "longitude" },
        { "bad window start", r => r.WindowStart = "8:00", StatusCode.InvalidArgument, "window_start" },
        { "window end 25h", r => r.WindowEnd = "25:00", StatusCode.InvalidArgument, "window_end" },
        { "window reversed", r => r.WindowEnd = "07:00", StatusCode.InvalidArgument, "window_end" },
        { "no lines", r => r.Lines.Clear(), StatusCode.InvalidArgument, "lines" },
        { "line without sku", r => r.Lines[1].SkuCode = "", StatusCode.InvalidArgument, "lines[1].sku_code" },
        { "line quantity zero", r => r.Lines[1].Quantity = 0, StatusCode.InvalidArgument, "lines[1].quantity" },
        { "line quantity negative", r => r.Lines[0].Quantity = -3, StatusCode.InvalidArgument, "lines[0].quantity" },
        { "unknown sku", r => r.Lines[1].SkuCode = "NO-SUCH-SKU", StatusCode.NotFound, "lines[1].sku_code" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task CreateOrder_BadInput_ErrorNamesFieldAndNothingIsCreated(string scenario, Action<CreateOrderRequest> spoil, StatusCode code, string named)
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        var request = OutboundKit.Order(warehouse, "SO-bad", (sku, 1), (sku, 2));
        spoil(request);

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.CreateOrder, request));
        var orders = await _kit.Call(WmsMethods.Order.ListOrders, new ListOrdersRequest { WarehouseCode = warehouse });

        Assert.True(code == error.StatusCode, $"{scenario}: {error.Status}");
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(orders.Orders);
    }

    [Fact]
    public async Task CreateOrder_DuplicateReferenceInWarehouse_AlreadyExists()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        await _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(warehouse, "SO-dup", (sku, 1)));

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(warehouse, "SO-dup", (sku, 2))));

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("SO-dup", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrder_SameReferenceOtherWarehouse_Created()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        var (other, _) = await WarehouseWithSkuAsync();
        await _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(warehouse, "SO-same", (sku, 1)));

        var second = await _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(other, "SO-same", (sku, 1)));

        Assert.Equal(other, second.WarehouseCode);
    }

    [Fact]
    public async Task CreateOrder_SameRequestIdTwice_SecondReturnsFirstAnswerAndCreatesNothing()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        var request = OutboundKit.Order(warehouse, "SO-retry", (sku, 3));

        var first = await _kit.Call(WmsMethods.Order.CreateOrder, request);
        var second = await _kit.Call(WmsMethods.Order.CreateOrder, request);
        var orders = await _kit.Call(WmsMethods.Order.ListOrders, new ListOrdersRequest { WarehouseCode = warehouse });

        Assert.Equal(first, second);
        Assert.Single(orders.Orders);
    }

    [Fact]
    public async Task ListOrders_PagedByTwoWithStatusFilter_EveryMatchingOrderOnce()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 100);
        for (var i = 0; i < 5; i++)
        {
            await _kit.CreateOrderAsync(warehouse, $"SO-{i}", 1, (sku, 1));
        }

        await _kit.AllocateAsync(warehouse, "SO-1");
        await _kit.AllocateAsync(warehouse, "SO-3");

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await _kit.Call(WmsMethods.Order.ListOrders, new ListOrdersRequest { WarehouseCode = warehouse, Status = OrderStatus.Open, PageSize = 2, PageToken = token });
            Assert.True(page.Orders.Count <= 2);
            seen.AddRange(page.Orders.Select(o => o.Reference));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(["SO-0", "SO-2", "SO-4"], seen);
    }

    [Fact]
    public async Task CancelOrder_Allocated_ReservationsReleasedAndOrderCancelled()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-c", 1, (sku, 4));
        await _kit.AllocateAsync(warehouse, "SO-c");

        var cancelled = await _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-c" });

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal(0, cancelled.Lines[0].AllocatedQuantity);
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task CancelOrder_Released_OpenPickTasksCancelledAndTripClosed()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        await _kit.StockAsync(warehouse, "A-01-01", sku, 10);
        await _kit.CreateOrderAsync(warehouse, "SO-r", 1, (sku, 4));
        var wave = await _kit.ReleaseAsync(warehouse, 0, "SO-r");

        await _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-r" });
        var picker = factory.RegisterToken("picker-cancel", Role.Picker);
        var next = await _kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker);

        Assert.Single(wave.Trips);
        Assert.Null(next.Task);
        Assert.Equal((10L, 0L), await _kit.BalanceAsync(warehouse, "A-01-01", sku));
        await _kit.AssertStockIntegrityAsync();
    }

    [Fact]
    public async Task CancelOrder_Shipped_FailedPreconditionAndNothingChanges()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        await _kit.CreateOrderAsync(warehouse, "SO-s", 1, (sku, 1));
        await _kit.QueryAsync(async db =>
        {
            var order = db.Set<Wms.Server.Outbound.Order>().Single(o => o.Reference == "SO-s" && o.Status == Wms.Server.Outbound.OrderStatus.Open);
            order.Status = Wms.Server.Outbound.OrderStatus.Shipped;
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-s" }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("shipped", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Shipped, (await _kit.GetOrderAsync(warehouse, "SO-s")).Status);
    }

    [Fact]
    public async Task CancelOrder_UnknownOrder_NotFoundNamingIt()
    {
        var (warehouse, _) = await WarehouseWithSkuAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-none" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("SO-none", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderCalls_ByRole_PickersReadButDoNotWrite()
    {
        var (warehouse, sku) = await WarehouseWithSkuAsync();
        var picker = factory.RegisterToken("picker-orders", Role.Picker);
        var supervisor = factory.RegisterToken("supervisor-orders", Role.Supervisor);

        await _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(warehouse, "SO-role", (sku, 1)), supervisor);
        var read = await _kit.Call(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = warehouse, Reference = "SO-role" }, picker);
        var denied = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.CreateOrder, OutboundKit.Order(warehouse, "SO-p", (sku, 1)), picker));
        var cancelDenied = await Assert.ThrowsAsync<RpcException>(() => _kit.Call(WmsMethods.Order.CancelOrder, new CancelOrderRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, Reference = "SO-role" }, picker));

        Assert.Equal("SO-role", read.Reference);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, cancelDenied.StatusCode);
    }
}
