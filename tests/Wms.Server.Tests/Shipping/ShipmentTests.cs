using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Client;
using Wms.Server.Outbound;
using Wms.Server.Security;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Shipping.PackCartonTests;
using static Wms.Server.Tests.Shipping.ShippingSetup;
using Order = Wms.Server.Outbound.Order;
using OrderStatus = Wms.Server.Outbound.OrderStatus;

namespace Wms.Server.Tests.Shipping;

public sealed class ShipmentTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static CreateShipmentRequest Create(PickedOrder order) =>
        new() { RequestId = Guid.NewGuid().ToString(), WarehouseCode = order.WarehouseCode, OrderReference = order.Reference };

    private static ShipmentTransitionRequest ById(long id) => new() { RequestId = Guid.NewGuid().ToString(), ShipmentId = id };

    private static ShipmentTransitionRequest ByOrder(PickedOrder order) =>
        new() { RequestId = Guid.NewGuid().ToString(), WarehouseCode = order.WarehouseCode, OrderReference = order.Reference };

    private Task<OrderStatus> OrderStatusAsync(PickedOrder order) =>
        ReadAsync(factory, db => db.Set<Order>().Where(o => o.Id == order.OrderId).Select(o => o.Status).FirstAsync(TestContext.Current.CancellationToken));

    /// <summary>An order with two picked lines packed into two cartons (2.5 kg and 4 kg).</summary>
    private async Task<PickedOrder> PackedOrderAsync()
    {
        var order = await PickedOrderAsync(factory, (6, 4), (2, 2), (3, 0));
        await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 2.5, (1, 4)));
        await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 4, (2, 2)));
        return order;
    }

    [Fact]
    public async Task GetShipmentAndListShipments_ByOrderReference_ReadTheOrdersOnce()
    {
        var order = await PackedOrderAsync();
        var created = await factory.Call(WmsMethods.Shipping.CreateShipment, Create(order));
        var queries = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Wms.Server.Shipping.ShippingQueries>(factory.Services);

        int getReads, listReads;
        Wms.Server.Shipping.ShipmentView found;
        List<Wms.Server.Shipping.ShipmentView> listed;
        using (var log = SqlCommandLog.Start())
        {
            await log.ReadyAsync();
            found = await queries.GetShipmentAsync(new Wms.Server.Shipping.ShipmentKey(0, order.WarehouseCode, order.Reference), TestContext.Current.CancellationToken);
            getReads = log.Reading("orders");
        }

        using (var log = SqlCommandLog.Start())
        {
            await log.ReadyAsync();
            (listed, _) = await queries.ListShipmentsAsync(new Wms.Server.Shipping.ShippingQueries.ShipmentFilter(order.WarehouseCode, null, 10, null), TestContext.Current.CancellationToken);
            listReads = log.Reading("orders");
        }

        Assert.Equal((created.ShipmentId, 2), (found.ShipmentId, found.Cartons.Count));
        Assert.Equal([created.ShipmentId], listed.Select(s => s.ShipmentId));
        Assert.Equal((1, 1), (getReads, listReads));
    }

    [Fact]
    public async Task CreateShipment_EveryPickedUnitPacked_TakesCartonsAndOrderIsPacked()
    {
        var order = await PackedOrderAsync();

        var shipment = await factory.Call(WmsMethods.Shipping.CreateShipment, Create(order));

        Assert.Equal(Contracts.V1.ShipmentStatus.Open, shipment.Status);
        Assert.Equal((order.WarehouseCode, order.Reference, "Acme GmbH"), (shipment.WarehouseCode, shipment.OrderReference, shipment.CustomerName));
        Assert.Equal(2, shipment.Cartons.Count);
        Assert.All(shipment.Cartons, c => Assert.Equal(shipment.ShipmentId, c.ShipmentId));
        Assert.Equal(6.5, shipment.TotalWeightKg, 9);
        Assert.Null(shipment.LoadedAt);
        Assert.Equal(OrderStatus.Packed, await OrderStatusAsync(order));
    }

    [Fact]
    public async Task CreateShipment_PickedUnitsNotAllPacked_FailedPreconditionNamingLine()
    {
        var order = await PickedOrderAsync(factory, (6, 4), (2, 2));
        await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 2.5, (1, 3), (2, 2)));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.CreateShipment, Create(order)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("Line 1", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Picked, await OrderStatusAsync(order));
    }

    [Fact]
    public async Task CreateShipment_NothingPacked_FailedPrecondition()
    {
        var order = await PickedOrderAsync(factory, (6, 0));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.CreateShipment, Create(order)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("no packed carton", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateShipment_PickTaskStillOpen_FailedPrecondition()
    {
        var order = await PickedOrderAsync(factory, (6, 4));
        await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 2.5, (1, 4)));
        await AddOpenPickTaskAsync(factory, order);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.CreateShipment, Create(order)));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("1 open pick tasks", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateShipment_SecondTimeOrReplayed_AlreadyExistsOrFirstAnswer()
    {
        var order = await PackedOrderAsync();
        var request = Create(order);
        var first = await factory.Call(WmsMethods.Shipping.CreateShipment, request);

        var replay = await factory.Call(WmsMethods.Shipping.CreateShipment, request);
        var again = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.CreateShipment, Create(order)));
        var packMore = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 1, (1, 1))));

        Assert.Equal(first, replay);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, packMore.StatusCode);
    }

    [Theory]
    [InlineData("", "W", "R", StatusCode.InvalidArgument, "request_id")]
    [InlineData("r", "", "R", StatusCode.InvalidArgument, "warehouse_code")]
    [InlineData("r", "W", "", StatusCode.InvalidArgument, "order_reference")]
    [InlineData("r", "NOPE", "R", StatusCode.NotFound, "Warehouse 'NOPE'")]
    public async Task CreateShipment_BadInput_ErrorNamesField(string requestId, string warehouse, string reference, StatusCode code, string named)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.CreateShipment,
            new CreateShipmentRequest { RequestId = requestId + Guid.NewGuid(), WarehouseCode = warehouse, OrderReference = reference }));
        if (requestId == "")
        {
            error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.CreateShipment, new CreateShipmentRequest { WarehouseCode = warehouse, OrderReference = reference }));
        }

        Assert.Equal(code, error.StatusCode);
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MarkLoadedThenShipped_ByIdAndByOrder_TimesSetAndOrderShipped()
    {
        var order = await PackedOrderAsync();
        var created = await factory.Call(WmsMethods.Shipping.CreateShipment, Create(order));

        var loaded = await factory.Call(WmsMethods.Shipping.MarkLoaded, ById(created.ShipmentId));
        var shipped = await factory.Call(WmsMethods.Shipping.MarkShipped, ByOrder(order));

        Assert.Equal(Contracts.V1.ShipmentStatus.Loaded, loaded.Status);
        Assert.NotNull(loaded.LoadedAt);
        Assert.Equal(Contracts.V1.ShipmentStatus.Shipped, shipped.Status);
        Assert.NotNull(shipped.ShippedAt);
        Assert.Equal(created.ShipmentId, shipped.ShipmentId);
        Assert.Equal(OrderStatus.Shipped, await OrderStatusAsync(order));
    }

    [Fact]
    public async Task Transitions_OutOfOrder_FailedPreconditionNamingStatusAndNothingChanged()
    {
        var order = await PackedOrderAsync();
        var id = (await factory.Call(WmsMethods.Shipping.CreateShipment, Create(order))).ShipmentId;

        var shipOpen = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.MarkShipped, ById(id)));
        var loadRequest = ById(id);
        var loaded = await factory.Call(WmsMethods.Shipping.MarkLoaded, loadRequest);
        var replayed = await factory.Call(WmsMethods.Shipping.MarkLoaded, loadRequest);
        var loadTwice = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.MarkLoaded, ById(id)));
        await factory.Call(WmsMethods.Shipping.MarkShipped, ById(id));
        var shipTwice = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.MarkShipped, ById(id)));

        Assert.Equal(StatusCode.FailedPrecondition, shipOpen.StatusCode);
        Assert.Contains("is Open: only a Loaded shipment can be shipped", shipOpen.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(loaded, replayed);
        Assert.Equal(StatusCode.FailedPrecondition, loadTwice.StatusCode);
        Assert.Contains("is Loaded", loadTwice.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.FailedPrecondition, shipTwice.StatusCode);
        Assert.Contains("is Shipped", shipTwice.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(loaded.LoadedAt, (await factory.Call(WmsMethods.Shipping.GetShipment, new GetShipmentRequest { ShipmentId = id })).LoadedAt);
    }

    public static TheoryData<ShipmentTransitionRequest, StatusCode, string> BadTransitions => new()
    {
        { new ShipmentTransitionRequest { ShipmentId = 1 }, StatusCode.InvalidArgument, "request_id" },
        { new ShipmentTransitionRequest { RequestId = "x" }, StatusCode.InvalidArgument, "shipment_id/order_reference" },
        { new ShipmentTransitionRequest { RequestId = "x", ShipmentId = 1, WarehouseCode = "W", OrderReference = "R" }, StatusCode.InvalidArgument, "shipment_id/order_reference" },
        { new ShipmentTransitionRequest { RequestId = "x", ShipmentId = -4 }, StatusCode.InvalidArgument, "shipment_id" },
        { new ShipmentTransitionRequest { RequestId = "x", OrderReference = "R" }, StatusCode.InvalidArgument, "warehouse_code" },
        { new ShipmentTransitionRequest { RequestId = "x", ShipmentId = 987_654 }, StatusCode.NotFound, "Shipment '987654'" },
    };

    [Theory]
    [MemberData(nameof(BadTransitions))]
    public async Task MarkLoadedAndMarkShipped_BadInput_ErrorNamesField(ShipmentTransitionRequest request, StatusCode code, string named)
    {
        foreach (var method in new[] { WmsMethods.Shipping.MarkLoaded, WmsMethods.Shipping.MarkShipped })
        {
            var attempt = request.Clone();
            if (attempt.RequestId != "")
            {
                attempt.RequestId = Guid.NewGuid().ToString();
            }

            var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(method, attempt));

            Assert.True(code == error.StatusCode, $"{method.Name}: {error.Status}");
            Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("", 0, 0, "warehouse_code")]
    [InlineData("NOPE", 0, 0, "Warehouse 'NOPE'")]
    [InlineData("W", -1, 0, "page_size")]
    [InlineData("W", 0, 9, "status")]
    public async Task ListShipments_BadInput_ErrorNamesField(string warehouse, int pageSize, int status, string named)
    {
        var order = await PickedOrderAsync(factory, (1, 1));
        var request = new ListShipmentsRequest { WarehouseCode = warehouse == "W" ? order.WarehouseCode : warehouse, PageSize = pageSize, Status = (Contracts.V1.ShipmentStatus)status };

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.ListShipments, request));

        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(named.StartsWith("Warehouse", StringComparison.Ordinal) ? StatusCode.NotFound : StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task ListShipments_ByStatusPagedByTwo_EachShipmentOnceWithCartons()
    {
        var warehouse = "W" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var order = await PickedOrderInAsync(factory, warehouse, (2, 2));
            await factory.Call(WmsMethods.Shipping.PackCarton, Pack(order, 1 + i, (1, 2)));
            ids.Add((await factory.Call(WmsMethods.Shipping.CreateShipment, Create(order))).ShipmentId);
        }

        await factory.Call(WmsMethods.Shipping.MarkLoaded, ById(ids[1]));
        await factory.Call(WmsMethods.Shipping.MarkLoaded, ById(ids[3]));
        var open = new List<Contracts.V1.Shipment>();
        var token = "";
        do
        {
            var page = await factory.Call(WmsMethods.Shipping.ListShipments, new ListShipmentsRequest { WarehouseCode = warehouse, Status = Contracts.V1.ShipmentStatus.Open, PageSize = 2, PageToken = token });
            Assert.True(page.Shipments.Count <= 2);
            open.AddRange(page.Shipments);
            token = page.NextPageToken;
        }
        while (token != "");
        var loaded = await factory.Call(WmsMethods.Shipping.ListShipments, new ListShipmentsRequest { WarehouseCode = warehouse, Status = Contracts.V1.ShipmentStatus.Loaded });
        var all = await factory.Call(WmsMethods.Shipping.ListShipments, new ListShipmentsRequest { WarehouseCode = warehouse });

        Assert.Equal([ids[0], ids[2], ids[4]], open.Select(s => s.ShipmentId));
        Assert.Equal([ids[1], ids[3]], loaded.Shipments.Select(s => s.ShipmentId));
        Assert.Equal(5, all.Shipments.Count);
        Assert.All(all.Shipments, s => Assert.Single(s.Cartons));
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0], all.Shipments.Select(s => s.TotalWeightKg));
    }

    [Fact]
    public async Task GetShipment_ByOrderWithoutShipment_NotFound()
    {
        var order = await PickedOrderAsync(factory, (1, 1));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Shipping.GetShipment, new GetShipmentRequest { WarehouseCode = order.WarehouseCode, OrderReference = order.Reference }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains(order.Reference, error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.Picker, false, false)]
    [InlineData(Role.Dispatcher, false, true)]
    [InlineData(Role.Supervisor, true, true)]
    [InlineData(Role.Device, false, false)]
    public async Task ShipmentCalls_Roles(Role role, bool mayChange, bool mayRead)
    {
        var token = factory.RegisterToken(role + "-" + Guid.NewGuid().ToString("N")[..4], role);
        var create = factory.Call(WmsMethods.Shipping.CreateShipment, new CreateShipmentRequest { RequestId = Guid.NewGuid().ToString(), WarehouseCode = "NOPE", OrderReference = "R" }, token);
        var list = factory.Call(WmsMethods.Shipping.ListShipments, new ListShipmentsRequest { WarehouseCode = "NOPE" }, token);

        // An allowed caller gets past the role check to the missing warehouse.
        var createError = await Assert.ThrowsAsync<RpcException>(() => create);
        var listError = await Assert.ThrowsAsync<RpcException>(() => list);
        Assert.Equal(mayChange ? StatusCode.NotFound : StatusCode.PermissionDenied, createError.StatusCode);
        Assert.Equal(mayRead ? StatusCode.NotFound : StatusCode.PermissionDenied, listError.StatusCode);
    }
}
