using Google.Protobuf;
using Google.Protobuf.Reflection;
using Wms.Contracts.V1;
using Wms.Grpc;

namespace Wms.Handheld.Server;

/// <summary>The server calls the handheld makes, built from the .proto descriptors (no generated stubs here).</summary>
internal static class Rpc
{
    private static readonly ServiceDescriptor Layout = LayoutReflection.Descriptor.FindTypeByName<ServiceDescriptor>("LayoutService");
    private static readonly ServiceDescriptor Catalog = CatalogReflection.Descriptor.FindTypeByName<ServiceDescriptor>("CatalogService");
    private static readonly ServiceDescriptor Inventory = InventoryReflection.Descriptor.FindTypeByName<ServiceDescriptor>("InventoryService");
    private static readonly ServiceDescriptor Picking = PickingReflection.Descriptor.FindTypeByName<ServiceDescriptor>("PickingService");
    private static readonly ServiceDescriptor Outbound = OutboundReflection.Descriptor.FindTypeByName<ServiceDescriptor>("OrderService");
    private static readonly ServiceDescriptor Info = ServerInfoReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ServerInfoService");

    public static readonly Method<GetOrderRequest, Order> GetOrder = Create<GetOrderRequest, Order>(Outbound, "GetOrder");
    public static readonly Method<GetServerInfoRequest, ServerInfo> GetServerInfo = Create<GetServerInfoRequest, ServerInfo>(Info, "GetServerInfo");

    public static readonly Method<ListWarehousesRequest, ListWarehousesResponse> ListWarehouses = Create<ListWarehousesRequest, ListWarehousesResponse>(Layout, "ListWarehouses");
    public static readonly Method<GetBinRequest, Bin> GetBin = Create<GetBinRequest, Bin>(Layout, "GetBin");
    public static readonly Method<LookupBarcodeRequest, Sku> LookupBarcode = Create<LookupBarcodeRequest, Sku>(Catalog, "LookupBarcode");
    public static readonly Method<GetSkuRequest, Sku> GetSku = Create<GetSkuRequest, Sku>(Catalog, "GetSku");
    public static readonly Method<QueryStockRequest, QueryStockResponse> QueryStock = Create<QueryStockRequest, QueryStockResponse>(Inventory, "QueryStock");
    public static readonly Method<GetReceiptRequest, Receipt> GetReceipt = Create<GetReceiptRequest, Receipt>(Inventory, "GetReceipt");
    public static readonly Method<ReceiveItemRequest, ReceiveItemResponse> ReceiveItem = Create<ReceiveItemRequest, ReceiveItemResponse>(Inventory, "ReceiveItem");
    public static readonly Method<SuggestPutawayRequest, SuggestPutawayResponse> SuggestPutaway = Create<SuggestPutawayRequest, SuggestPutawayResponse>(Inventory, "SuggestPutaway");
    public static readonly Method<MoveStockRequest, MoveStockResponse> ConfirmPutaway = Create<MoveStockRequest, MoveStockResponse>(Inventory, "ConfirmPutaway");
    public static readonly Method<MoveStockRequest, MoveStockResponse> MoveStock = Create<MoveStockRequest, MoveStockResponse>(Inventory, "MoveStock");
    public static readonly Method<ListCycleCountsRequest, ListCycleCountsResponse> ListCycleCounts = Create<ListCycleCountsRequest, ListCycleCountsResponse>(Inventory, "ListCycleCounts");
    public static readonly Method<SubmitCountRequest, SubmitCountResponse> SubmitCount = Create<SubmitCountRequest, SubmitCountResponse>(Inventory, "SubmitCount");
    public static readonly Method<RaiseCycleCountRequest, CycleCount> RaiseCycleCount = Create<RaiseCycleCountRequest, CycleCount>(Inventory, "RaiseCycleCount");
    public static readonly Method<GetNextPickTaskRequest, GetNextPickTaskResponse> GetNextPickTask = Create<GetNextPickTaskRequest, GetNextPickTaskResponse>(Picking, "GetNextPickTask");
    public static readonly Method<ListTripTasksRequest, ListTripTasksResponse> ListTripTasks = Create<ListTripTasksRequest, ListTripTasksResponse>(Picking, "ListTripTasks");
    public static readonly Method<ConfirmPickRequest, ConfirmPickResponse> ConfirmPick = Create<ConfirmPickRequest, ConfirmPickResponse>(Picking, "ConfirmPick");
    public static readonly Method<ShortPickRequest, ShortPickResponse> ShortPick = Create<ShortPickRequest, ShortPickResponse>(Picking, "ShortPick");
    public static readonly Method<RecordTotesRequest, TripTotes> RecordTotes = Create<RecordTotesRequest, TripTotes>(Picking, "RecordTotes");
    public static readonly Method<DropOffTripRequest, TripTotes> DropOffTrip = Create<DropOffTripRequest, TripTotes>(Picking, "DropOffTrip");
    public static readonly Method<SkipPickRequest, GetNextPickTaskResponse> SkipPick = Create<SkipPickRequest, GetNextPickTaskResponse>(Picking, "SkipPick");

    private static Method<TRequest, TResponse> Create<TRequest, TResponse>(ServiceDescriptor service, string name)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new()
        => ProtobufMethods.Create<TRequest, TResponse>(service, name);
}
