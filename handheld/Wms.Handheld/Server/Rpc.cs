using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;

namespace Wms.Handheld.Server;

/// <summary>The server calls the handheld makes (the generated descriptors, through one generic call path).</summary>
internal static class Rpc
{

    public static readonly Method<ListWarehousesRequest, ListWarehousesResponse> ListWarehouses = WmsMethods.Layout.ListWarehouses;
    public static readonly Method<GetBinRequest, Bin> GetBin = WmsMethods.Layout.GetBin;
    public static readonly Method<LookupBarcodeRequest, Sku> LookupBarcode = WmsMethods.Catalog.LookupBarcode;
    public static readonly Method<GetSkuRequest, Sku> GetSku = WmsMethods.Catalog.GetSku;
    public static readonly Method<QueryStockRequest, QueryStockResponse> QueryStock = WmsMethods.Inventory.QueryStock;
    public static readonly Method<GetReceiptRequest, Receipt> GetReceipt = WmsMethods.Inventory.GetReceipt;
    public static readonly Method<ReceiveItemRequest, ReceiveItemResponse> ReceiveItem = WmsMethods.Inventory.ReceiveItem;
    public static readonly Method<SuggestPutawayRequest, SuggestPutawayResponse> SuggestPutaway = WmsMethods.Inventory.SuggestPutaway;
    public static readonly Method<MoveStockRequest, MoveStockResponse> ConfirmPutaway = WmsMethods.Inventory.ConfirmPutaway;
    public static readonly Method<MoveStockRequest, MoveStockResponse> MoveStock = WmsMethods.Inventory.MoveStock;
    public static readonly Method<ListCycleCountsRequest, ListCycleCountsResponse> ListCycleCounts = WmsMethods.Inventory.ListCycleCounts;
    public static readonly Method<SubmitCountRequest, SubmitCountResponse> SubmitCount = WmsMethods.Inventory.SubmitCount;
    public static readonly Method<GetNextPickTaskRequest, GetNextPickTaskResponse> GetNextPickTask = WmsMethods.Picking.GetNextPickTask;
    public static readonly Method<ListTripTasksRequest, ListTripTasksResponse> ListTripTasks = WmsMethods.Picking.ListTripTasks;
    public static readonly Method<ConfirmPickRequest, ConfirmPickResponse> ConfirmPick = WmsMethods.Picking.ConfirmPick;
    public static readonly Method<ShortPickRequest, ShortPickResponse> ShortPick = WmsMethods.Picking.ShortPick;
    public static readonly Method<SkipPickRequest, GetNextPickTaskResponse> SkipPick = WmsMethods.Picking.SkipPick;
}
