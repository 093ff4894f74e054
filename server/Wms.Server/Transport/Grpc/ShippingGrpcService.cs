using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Security;
using Wms.Server.Shipping;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using ShipmentStatus = Wms.Server.Shipping.ShipmentStatus;

namespace Wms.Server.Transport.Grpc;

public sealed class ShippingGrpcService(
    PackCarton.Handler packCarton, CreateShipment.Handler createShipment, MarkLoaded.Handler markLoaded, MarkShipped.Handler markShipped, ShippingQueries queries)
    : ShippingService.ShippingServiceBase
{
    // Pickers pack at the pick station; dispatchers read shipments to plan delivery routes.

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<Contracts.V1.Carton> PackCarton(PackCartonRequest request, ServerCallContext context)
    {
        var command = new Shipping.PackCarton.Command(
            request.RequestId, Actor(context), request.WarehouseCode, request.OrderReference, request.CartonLabel, request.WeightKg,
            request.Lines.Select(l => new Shipping.PackCarton.LineInput(l.LineNumber, l.Quantity)).ToList());
        return MapCarton(await packCarton.HandleAsync(command, context.CancellationToken));
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Shipment> CreateShipment(CreateShipmentRequest request, ServerCallContext context) =>
        MapShipment(await createShipment.HandleAsync(new Shipping.CreateShipment.Command(request.RequestId, Actor(context), request.WarehouseCode, request.OrderReference), context.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Shipment> MarkLoaded(ShipmentTransitionRequest request, ServerCallContext context) =>
        MapShipment(await markLoaded.HandleAsync(new Shipping.MarkLoaded.Command(request.RequestId, Actor(context), Key(request.ShipmentId, request.WarehouseCode, request.OrderReference)), context.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<Contracts.V1.Shipment> MarkShipped(ShipmentTransitionRequest request, ServerCallContext context) =>
        MapShipment(await markShipped.HandleAsync(new Shipping.MarkShipped.Command(request.RequestId, Actor(context), Key(request.ShipmentId, request.WarehouseCode, request.OrderReference)), context.CancellationToken));

    [Authorize(Roles = RoleSets.Dispatchers)]
    public override async Task<Contracts.V1.Shipment> GetShipment(GetShipmentRequest request, ServerCallContext context) =>
        MapShipment(await queries.GetShipmentAsync(Key(request.ShipmentId, request.WarehouseCode, request.OrderReference), context.CancellationToken));

    [Authorize(Roles = RoleSets.Dispatchers)]
    public override async Task<ListShipmentsResponse> ListShipments(ListShipmentsRequest request, ServerCallContext context)
    {
        var filter = new ShippingQueries.ShipmentFilter(
            request.WarehouseCode, request.Status == Contracts.V1.ShipmentStatus.Unspecified ? null : (ShipmentStatus)request.Status, request.PageSize, request.PageToken);
        var (shipments, next) = await queries.ListShipmentsAsync(filter, context.CancellationToken);
        var response = new ListShipmentsResponse { NextPageToken = next };
        response.Shipments.AddRange(shipments.Select(MapShipment));
        return response;
    }

    private static ShipmentKey Key(long shipmentId, string warehouseCode, string orderReference) => new(shipmentId, warehouseCode, orderReference);

    private static Contracts.V1.Carton MapCarton(CartonView view)
    {
        var carton = new Contracts.V1.Carton
        {
            Label = view.Label, WarehouseCode = view.WarehouseCode, OrderReference = view.OrderReference, WeightKg = view.WeightKg, ShipmentId = view.ShipmentId,
        };
        carton.Lines.AddRange(view.Lines.Select(l => new Contracts.V1.CartonLine { LineNumber = l.LineNumber, SkuCode = l.SkuCode, Quantity = l.Quantity }));
        return carton;
    }

    private static Contracts.V1.Shipment MapShipment(ShipmentView view)
    {
        var shipment = new Contracts.V1.Shipment
        {
            ShipmentId = view.ShipmentId,
            WarehouseCode = view.WarehouseCode,
            OrderReference = view.OrderReference,
            Status = (Contracts.V1.ShipmentStatus)view.Status,
            CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
            LoadedAt = view.LoadedAt is { } loaded ? Timestamp.FromDateTimeOffset(loaded) : null,
            ShippedAt = view.ShippedAt is { } shipped ? Timestamp.FromDateTimeOffset(shipped) : null,
            RouteCode = view.RouteCode,
            StopNumber = view.StopNumber,
            TotalWeightKg = view.TotalWeightKg,
            CustomerName = view.CustomerName,
            AddressLine = view.AddressLine,
            Latitude = view.Latitude,
            Longitude = view.Longitude,
        };
        shipment.Cartons.AddRange(view.Cartons.Select(MapCarton));
        return shipment;
    }
}
