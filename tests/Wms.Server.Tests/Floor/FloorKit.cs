using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using BinKind = Wms.Server.Layout.BinKind;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Floor;

/// <summary>A floor with something to watch: one picker's full pick and short pick (which holds its bin), through the API.</summary>
public static class FloorKit
{
    private static readonly BinSpec[] Bins = [new("A-01-02", BinKind.PickFace, 1, 2), new("A-01-03", BinKind.PickFace, 1, 3), new("R-09-01", BinKind.Reserve, 9, 1)];

    public sealed record Floor(string Warehouse, string PickerName, long ShortTaskId)
    {
        /// <summary>The SKU both orders were for (stocked in A-01-02 and A-01-03).</summary>
        public string Sku { get; init; } = "";
    }

    /// <summary>SO-1 (6 from A-01-02) picked in full; SO-2 (4 from A-01-03) short by 3 ("damaged"), its bin held, by one picker.</summary>
    public static async Task<Floor> PickedAndShortAsync(WmsServerFactory factory)
    {
        var kit = new OutboundKit(factory);
        var warehouse = await kit.WarehouseAsync(Bins);
        var sku = await kit.SkuAsync();
        await kit.StockAsync(warehouse, "A-01-02", sku, 6);
        await kit.StockAsync(warehouse, "A-01-03", sku, 4);
        await kit.CreateOrderAsync(warehouse, "SO-1", 1, (sku, 6));
        await kit.ReleaseAsync(warehouse, 0, "SO-1");
        var name = "picker-" + OutboundKit.NewId()[..6];
        var picker = factory.RegisterToken(name, Role.Picker);
        var first = (await kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        await kit.Call(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = first.TaskId, ScannedBinCode = first.BinCode, ScannedSku = first.SkuCode, Lot = first.Lot, Quantity = first.QuantityRemaining,
        }, picker);
        await kit.CreateOrderAsync(warehouse, "SO-2", 1, (sku, 4));
        await kit.ReleaseAsync(warehouse, 0, "SO-2");
        var second = (await kit.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse }, picker)).Task;
        await kit.Call(WmsMethods.Picking.ReportPickException, new ReportPickExceptionRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = second.TaskId, Kind = PickExceptionKind.Damaged, QuantityFound = 1, Note = "crushed",
        }, picker);
        return new Floor(warehouse, name, second.TaskId) { Sku = sku };
    }
}
