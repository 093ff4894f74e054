using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Common;
using Wms.Server.Outbound;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using OrderStatus = Wms.Server.Outbound.OrderStatus;
using WaveKind = Wms.Contracts.V1.WaveKind;
using Wms.Server.Picking;

namespace Wms.Server.Transport.Grpc;

public sealed class OrderGrpcService(
    CreateOrder.Handler createOrder, CancelOrder.Handler cancelOrder, AllocateOrder.Handler allocateOrder, ReleaseWave.Handler releaseWave,
    AllocateBackorders.Handler allocateBackorders, OrderQueries queries)
    : OrderService.OrderServiceBase
{
    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Order> CreateOrder(CreateOrderRequest r, ServerCallContext context)
    {
        var command = new CreateOrder.Command(
            r.RequestId, Actor(context), r.WarehouseCode, r.Reference, r.Priority, r.RequestedShipDate, r.CustomerName, r.AddressLine,
            r.Latitude, r.Longitude, r.WindowStart, r.WindowEnd, r.Lines.Select(l => new CreateOrder.LineInput(l.SkuCode, l.Quantity)).ToList());
        return Map(await createOrder.HandleAsync(command, context.CancellationToken));
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<Contracts.V1.Order> GetOrder(GetOrderRequest r, ServerCallContext context) =>
        Map(await queries.GetOrderAsync(r.WarehouseCode, r.Reference, context.CancellationToken));

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListOrdersResponse> ListOrders(ListOrdersRequest r, ServerCallContext context)
    {
        var status = r.Status == Contracts.V1.OrderStatus.Unspecified ? (OrderStatus?)null : (OrderStatus)r.Status;
        var (orders, next) = await queries.ListOrdersAsync(r.WarehouseCode, status, r.PageSize, r.PageToken, context.CancellationToken);
        var response = new ListOrdersResponse { NextPageToken = next };
        response.Orders.AddRange(orders.Select(Map));
        return response;
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Order> CancelOrder(CancelOrderRequest r, ServerCallContext context) =>
        Map(await cancelOrder.HandleAsync(new CancelOrder.Command(r.RequestId, Actor(context), r.WarehouseCode, r.Reference), context.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Order> AllocateOrder(AllocateOrderRequest r, ServerCallContext context) =>
        Map(await allocateOrder.HandleAsync(new AllocateOrder.Command(r.RequestId, Actor(context), r.WarehouseCode, r.Reference), context.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Wave> ReleaseWave(ReleaseWaveRequest r, ServerCallContext context)
    {
        var result = await releaseWave.HandleAsync(
            new ReleaseWave.Command(r.RequestId, Actor(context), r.WarehouseCode, r.OrderReferences.ToList(), r.MaxOrders, r.MaxLinesPerTrip, r.TripGrouping),
            context.CancellationToken);
        return MapWave(result.WaveId, result.WarehouseCode, WaveKind.Release, result.Released, result.NotReleased, result.Trips);
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<AllocateBackordersResponse> AllocateBackorders(AllocateBackordersRequest r, ServerCallContext context)
    {
        var result = await allocateBackorders.HandleAsync(
            new AllocateBackorders.Command(r.RequestId, Actor(context), r.WarehouseCode, r.OrderReferences.ToList(), r.MaxOrders, r.MaxLinesPerTrip),
            context.CancellationToken);
        var response = new AllocateBackordersResponse
        {
            Wave = MapWave(result.WaveId, result.WarehouseCode, result.WaveId == 0 ? WaveKind.Unspecified : WaveKind.Backorder, result.Allocated, result.NotAllocated, result.Trips),
        };
        response.Orders.AddRange(result.Orders.Select(Map));
        return response;
    }

    private static Contracts.V1.Wave MapWave(
        long waveId, string warehouseCode, WaveKind kind, IEnumerable<string> released, IEnumerable<string> notReleased, IEnumerable<ReleaseWave.TripView> trips)
    {
        var wave = new Contracts.V1.Wave { WaveId = waveId, WarehouseCode = warehouseCode, Kind = kind };
        wave.ReleasedOrderReferences.AddRange(released);
        wave.NotReleasedOrderReferences.AddRange(notReleased);
        foreach (var trip in trips)
        {
            var t = new Contracts.V1.Trip { TripId = trip.TripId, TaskCount = trip.TaskCount };
            t.OrderReferences.AddRange(trip.OrderReferences);
            wave.Trips.Add(t);
        }

        return wave;
    }

    private static Contracts.V1.Order Map(OrderView o)
    {
        var order = new Contracts.V1.Order
        {
            WarehouseCode = o.WarehouseCode,
            Reference = o.Reference,
            Status = (Contracts.V1.OrderStatus)o.Status,
            Priority = o.Priority,
            RequestedShipDate = o.RequestedShipDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CustomerName = o.CustomerName,
            AddressLine = o.AddressLine,
            Latitude = o.Latitude,
            Longitude = o.Longitude,
            WindowStart = ClockTime.Format(o.WindowStartMinutes),
            WindowEnd = ClockTime.Format(o.WindowEndMinutes),
            CreatedAt = Timestamp.FromDateTimeOffset(o.CreatedAt),
        };
        order.Lines.AddRange(o.Lines.Select(l => new Contracts.V1.OrderLine
        {
            LineNumber = l.LineNumber, SkuCode = l.SkuCode, Quantity = l.Quantity,
            AllocatedQuantity = l.Allocated, PickedQuantity = l.Picked, BackorderedQuantity = l.Backordered,
        }));
        return order;
    }
}
