using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Security;
using Wms.Server.Shipping;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using ShipmentStatus = Wms.Server.Shipping.ShipmentStatus;

namespace Wms.Server.Transport.Grpc;

public sealed class ShippingGrpcService(
    PackCarton.Handler packCarton, CreateShipment.Handler createShipment, MarkLoaded.Handler markLoaded, MarkShipped.Handler markShipped, ShippingQueries queries)
    : IGrpcService<ShippingGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = ShippingReflection.Descriptor.Services[0];
    public static readonly Method<PackCartonRequest, Contracts.V1.Carton> PackCartonMethod = Create<PackCartonRequest, Contracts.V1.Carton>(Service, "PackCarton");
    public static readonly Method<CreateShipmentRequest, Contracts.V1.Shipment> CreateShipmentMethod = Create<CreateShipmentRequest, Contracts.V1.Shipment>(Service, "CreateShipment");
    public static readonly Method<ShipmentTransitionRequest, Contracts.V1.Shipment> MarkLoadedMethod = Create<ShipmentTransitionRequest, Contracts.V1.Shipment>(Service, "MarkLoaded");
    public static readonly Method<ShipmentTransitionRequest, Contracts.V1.Shipment> MarkShippedMethod = Create<ShipmentTransitionRequest, Contracts.V1.Shipment>(Service, "MarkShipped");
    public static readonly Method<GetShipmentRequest, Contracts.V1.Shipment> GetShipmentMethod = Create<GetShipmentRequest, Contracts.V1.Shipment>(Service, "GetShipment");
    public static readonly Method<ListShipmentsRequest, ListShipmentsResponse> ListShipmentsMethod = Create<ListShipmentsRequest, ListShipmentsResponse>(Service, "ListShipments");

    public static void Bind(GrpcServiceBinder<ShippingGrpcService> binder) => binder
        .Describe(Service)
        .Unary(PackCartonMethod, static (s, r, c) => s.PackCarton(r, c))
        .Unary(CreateShipmentMethod, static (s, r, c) => s.CreateShipment(r, c))
        .Unary(MarkLoadedMethod, static (s, r, c) => s.MarkLoaded(r, c))
        .Unary(MarkShippedMethod, static (s, r, c) => s.MarkShipped(r, c))
        .Unary(GetShipmentMethod, static (s, r, c) => s.GetShipment(r, c))
        .Unary(ListShipmentsMethod, static (s, r, c) => s.ListShipments(r, c));

    // Pickers pack at the pick station; dispatchers read shipments to plan delivery routes.
    public static void Authorize(MethodRoles roles) => roles
        .Allow(PackCartonMethod.FullName, Role.Admin, Role.Supervisor, Role.Picker)
        .Allow(CreateShipmentMethod.FullName, Role.Admin, Role.Supervisor)
        .Allow(MarkLoadedMethod.FullName, Role.Admin, Role.Supervisor)
        .Allow(MarkShippedMethod.FullName, Role.Admin, Role.Supervisor)
        .Allow(GetShipmentMethod.FullName, Role.Admin, Role.Supervisor, Role.Dispatcher)
        .Allow(ListShipmentsMethod.FullName, Role.Admin, Role.Supervisor, Role.Dispatcher);

    private async Task<Contracts.V1.Carton> PackCarton(PackCartonRequest request, ServerCallContext context)
    {
        var command = new Shipping.PackCarton.Command(
            request.RequestId, Actor(context), request.WarehouseCode, request.OrderReference, request.CartonLabel, request.WeightKg,
            request.Lines.Select(l => new Shipping.PackCarton.LineInput(l.LineNumber, l.Quantity)).ToList());
        return MapCarton(await packCarton.HandleAsync(command, context.CancellationToken));
    }

    private async Task<Contracts.V1.Shipment> CreateShipment(CreateShipmentRequest request, ServerCallContext context) =>
        MapShipment(await createShipment.HandleAsync(new Shipping.CreateShipment.Command(request.RequestId, Actor(context), request.WarehouseCode, request.OrderReference), context.CancellationToken));

    private async Task<Contracts.V1.Shipment> MarkLoaded(ShipmentTransitionRequest request, ServerCallContext context) =>
        MapShipment(await markLoaded.HandleAsync(new Shipping.MarkLoaded.Command(request.RequestId, Actor(context), Key(request.ShipmentId, request.WarehouseCode, request.OrderReference)), context.CancellationToken));

    private async Task<Contracts.V1.Shipment> MarkShipped(ShipmentTransitionRequest request, ServerCallContext context) =>
        MapShipment(await markShipped.HandleAsync(new Shipping.MarkShipped.Command(request.RequestId, Actor(context), Key(request.ShipmentId, request.WarehouseCode, request.OrderReference)), context.CancellationToken));

    private async Task<Contracts.V1.Shipment> GetShipment(GetShipmentRequest request, ServerCallContext context) =>
        MapShipment(await queries.GetShipmentAsync(Key(request.ShipmentId, request.WarehouseCode, request.OrderReference), context.CancellationToken));

    private async Task<ListShipmentsResponse> ListShipments(ListShipmentsRequest request, ServerCallContext context)
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
