using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Contracts.V1;
using Wms.Client;
using Grpc.Core;
using Wms.Server.Data;
using Wms.Server.Demo;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Demo;

/// <summary>docs/demo.md's walkthrough, call for call, on the demo data as shipped: if this fails, the doc lies.</summary>
public sealed class DemoWalkthroughTests
{
    private static CallOptions Options => new(cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Walkthrough_OrderAllocateReleasePickShip_EveryCallWorksOnTheDemoData()
    {
        await using var factory = new WmsServerFactory();
        await DemoWarehouse.SeedAsync(factory.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>(), TimeProvider.System, TestContext.Current.CancellationToken);
        var admin = factory.CreateInvoker();
        string Id() => Guid.NewGuid().ToString();

        var token = await admin.AsyncUnaryCall(WmsMethods.Access.CreateToken, new CreateTokenRequest { RequestId = Id(), Name = "picker-anna", Roles = { "picker" } }, Options);
        var picker = factory.CreateInvoker(token.Token);
        var created = await admin.AsyncUnaryCall(WmsMethods.Order.CreateOrder, new CreateOrderRequest
        {
            RequestId = Id(), WarehouseCode = "FRA", Reference = "DEMO-1", CustomerName = "Kiosk am Main", AddressLine = "Hanauer Landstr. 1, Frankfurt",
            Latitude = 50.112, Longitude = 8.70, Lines = { new CreateOrderLine { SkuCode = "SKU-0001", Quantity = 3 }, new CreateOrderLine { SkuCode = "SKU-0002", Quantity = 2 } },
        }, Options);
        var berlinToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(DemoWarehouse.TimeZone)).DateTime);
        var allocated = await admin.AsyncUnaryCall(WmsMethods.Order.AllocateOrder, new AllocateOrderRequest { RequestId = Id(), WarehouseCode = "FRA", Reference = "DEMO-1" }, Options);
        var wave = await admin.AsyncUnaryCall(WmsMethods.Order.ReleaseWave, new ReleaseWaveRequest { RequestId = Id(), WarehouseCode = "FRA", OrderReferences = { "DEMO-1" } }, Options);
        var picks = new List<ConfirmPickResponse>();
        while ((await picker.AsyncUnaryCall(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = Id(), WarehouseCode = "FRA" }, Options)).Task is { } task)
        {
            // Scan bin, scan item, Enter: quantity 0 confirms what remains.
            picks.Add(await picker.AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
            {
                RequestId = Id(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = task.SkuCode, Lot = task.Lot,
            }, Options));
        }

        var picked = await admin.AsyncUnaryCall(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = "FRA", Reference = "DEMO-1" }, Options);
        var pack = new PackCartonRequest { RequestId = Id(), WarehouseCode = "FRA", OrderReference = "DEMO-1", CartonLabel = "CTN-DEMO-1", WeightKg = 4.2 };
        pack.Lines.AddRange(picked.Lines.Select(l => new CartonLine { LineNumber = l.LineNumber, Quantity = l.PickedQuantity }));
        await admin.AsyncUnaryCall(WmsMethods.Shipping.PackCarton, pack, Options);
        var shipment = await admin.AsyncUnaryCall(WmsMethods.Shipping.CreateShipment, new CreateShipmentRequest { RequestId = Id(), WarehouseCode = "FRA", OrderReference = "DEMO-1" }, Options);
        await admin.AsyncUnaryCall(WmsMethods.Shipping.MarkLoaded, new ShipmentTransitionRequest { RequestId = Id(), ShipmentId = shipment.ShipmentId }, Options);
        var shipped = await admin.AsyncUnaryCall(WmsMethods.Shipping.MarkShipped, new ShipmentTransitionRequest { RequestId = Id(), ShipmentId = shipment.ShipmentId }, Options);

        Assert.Equal(berlinToday.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), created.RequestedShipDate);
        Assert.Equal([3L, 2L], allocated.Lines.Select(l => l.AllocatedQuantity));
        Assert.Equal(["DEMO-1"], wave.ReleasedOrderReferences);
        Assert.Equal([3L, 2L], picks.Select(p => p.PickedQuantity).Order().Reverse());
        Assert.Equal(OrderStatus.Picked, picks[^1].OrderStatus);
        Assert.Equal(ShipmentStatus.Shipped, shipped.Status);
    }
}
