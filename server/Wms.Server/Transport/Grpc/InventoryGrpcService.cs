using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Inventory;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Maps InventoryService messages to the inventory use cases. Many dependencies, one per use case: each is
/// a thin call, and a bag object in between would only hide which call needs what.
/// </summary>
public sealed class InventoryGrpcService(
    InventoryQueries queries,
    LedgerQueries ledger,
    SuggestPutaway suggestPutaway,
    CreateReceipt.Handler createReceipt,
    ReceiveItem.Handler receiveItem,
    MoveStock.Handler moveStock,
    AdjustStock.Handler adjustStock,
    PlaceHold.Handler placeHold,
    ReleaseHold.Handler releaseHold,
    RaiseCycleCount.Handler raiseCycleCount,
    SubmitCount.Handler submitCount) : IGrpcService<InventoryGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = InventoryReflection.Descriptor.Services[0];
    public static readonly Method<QueryStockRequest, QueryStockResponse> QueryStockMethod = Create<QueryStockRequest, QueryStockResponse>(Service, "QueryStock");
    public static readonly Method<CreateReceiptRequest, V1.Receipt> CreateReceiptMethod = Create<CreateReceiptRequest, V1.Receipt>(Service, "CreateReceipt");
    public static readonly Method<GetReceiptRequest, V1.Receipt> GetReceiptMethod = Create<GetReceiptRequest, V1.Receipt>(Service, "GetReceipt");
    public static readonly Method<ReceiveItemRequest, ReceiveItemResponse> ReceiveItemMethod = Create<ReceiveItemRequest, ReceiveItemResponse>(Service, "ReceiveItem");
    public static readonly Method<SuggestPutawayRequest, SuggestPutawayResponse> SuggestPutawayMethod = Create<SuggestPutawayRequest, SuggestPutawayResponse>(Service, "SuggestPutaway");
    public static readonly Method<MoveStockRequest, MoveStockResponse> ConfirmPutawayMethod = Create<MoveStockRequest, MoveStockResponse>(Service, "ConfirmPutaway");
    public static readonly Method<MoveStockRequest, MoveStockResponse> MoveStockMethod = Create<MoveStockRequest, MoveStockResponse>(Service, "MoveStock");
    public static readonly Method<AdjustStockRequest, AdjustStockResponse> AdjustStockMethod = Create<AdjustStockRequest, AdjustStockResponse>(Service, "AdjustStock");
    public static readonly Method<PlaceHoldRequest, BinHold> PlaceHoldMethod = Create<PlaceHoldRequest, BinHold>(Service, "PlaceHold");
    public static readonly Method<ReleaseHoldRequest, BinHold> ReleaseHoldMethod = Create<ReleaseHoldRequest, BinHold>(Service, "ReleaseHold");
    public static readonly Method<RaiseCycleCountRequest, V1.CycleCount> RaiseCycleCountMethod = Create<RaiseCycleCountRequest, V1.CycleCount>(Service, "RaiseCycleCount");
    public static readonly Method<ListCycleCountsRequest, ListCycleCountsResponse> ListCycleCountsMethod = Create<ListCycleCountsRequest, ListCycleCountsResponse>(Service, "ListCycleCounts");
    public static readonly Method<SubmitCountRequest, SubmitCountResponse> SubmitCountMethod = Create<SubmitCountRequest, SubmitCountResponse>(Service, "SubmitCount");
    public static readonly Method<ListLedgerRequest, ListLedgerResponse> ListLedgerMethod = Create<ListLedgerRequest, ListLedgerResponse>(Service, "ListLedger");
    public static readonly Method<FollowLedgerRequest, V1.LedgerEntry> FollowLedgerMethod = Create<FollowLedgerRequest, V1.LedgerEntry>(Service, "FollowLedger");

    public static void Bind(GrpcServiceBinder<InventoryGrpcService> binder) => binder
        .Describe(Service)
        .Unary(QueryStockMethod, static (s, r, c) => s.QueryStock(r, c))
        .Unary(CreateReceiptMethod, static (s, r, c) => s.CreateReceipt(r, c))
        .Unary(GetReceiptMethod, static (s, r, c) => s.GetReceipt(r, c))
        .Unary(ReceiveItemMethod, static (s, r, c) => s.ReceiveItem(r, c))
        .Unary(SuggestPutawayMethod, static (s, r, c) => s.SuggestPutaway(r, c))
        .Unary(ConfirmPutawayMethod, static (s, r, c) => s.Move(r, c, Inventory.LedgerReason.Putaway))
        .Unary(MoveStockMethod, static (s, r, c) => s.Move(r, c, Inventory.LedgerReason.Move))
        .Unary(AdjustStockMethod, static (s, r, c) => s.AdjustStock(r, c))
        .Unary(PlaceHoldMethod, static (s, r, c) => s.PlaceHold(r, c))
        .Unary(ReleaseHoldMethod, static (s, r, c) => s.ReleaseHold(r, c))
        .Unary(RaiseCycleCountMethod, static (s, r, c) => s.RaiseCycleCount(r, c))
        .Unary(ListCycleCountsMethod, static (s, r, c) => s.ListCycleCounts(r, c))
        .Unary(SubmitCountMethod, static (s, r, c) => s.SubmitCount(r, c))
        .Unary(ListLedgerMethod, static (s, r, c) => s.ListLedger(r, c))
        .ServerStreaming(FollowLedgerMethod, static (s, r, w, c) => s.FollowLedger(r, w, c));

    public static void Authorize(MethodRoles roles)
    {
        Role[] floor = [Role.Admin, Role.Supervisor, Role.Picker];
        Role[] supervisors = [Role.Admin, Role.Supervisor];
        roles
            .Allow(QueryStockMethod.FullName, Everyone)
            .Allow(GetReceiptMethod.FullName, Everyone)
            .Allow(SuggestPutawayMethod.FullName, Everyone)
            .Allow(ListCycleCountsMethod.FullName, Everyone)
            .Allow(ListLedgerMethod.FullName, Everyone)
            .Allow(FollowLedgerMethod.FullName, Everyone)
            .Allow(CreateReceiptMethod.FullName, floor)
            .Allow(ReceiveItemMethod.FullName, floor)
            .Allow(ConfirmPutawayMethod.FullName, floor)
            .Allow(MoveStockMethod.FullName, floor)
            .Allow(RaiseCycleCountMethod.FullName, floor)
            .Allow(SubmitCountMethod.FullName, floor)
            .Allow(AdjustStockMethod.FullName, supervisors)
            .Allow(PlaceHoldMethod.FullName, supervisors)
            .Allow(ReleaseHoldMethod.FullName, supervisors);
    }

    private Task<QueryStockResponse> QueryStock(QueryStockRequest r, ServerCallContext c)
    {
        var (lines, next) = queries.QueryStock(new InventoryQueries.StockFilter(r.WarehouseCode, r.BinCode, r.SkuCode, r.Lot, r.PageSize, r.PageToken), c.CancellationToken);
        var response = new QueryStockResponse { NextPageToken = next };
        foreach (var l in lines)
        {
            response.Lines.Add(new StockLine
            {
                BinCode = l.BinCode, SkuCode = l.SkuCode, Lot = l.Lot, Expiry = Date(l.Expiry), OnHand = l.OnHand, Reserved = l.Reserved, Available = l.Available,
            });
        }

        return Task.FromResult(response);
    }

    private async Task<V1.Receipt> CreateReceipt(CreateReceiptRequest r, ServerCallContext c)
    {
        var result = await createReceipt.HandleAsync(
            new CreateReceipt.Command(r.RequestId, Actor(c), r.WarehouseCode, r.Reference, r.Lines.Select(l => new CreateReceipt.LineInput(l.SkuCode, l.ExpectedQuantity)).ToList()),
            c.CancellationToken);
        return MapReceipt(new InventoryQueries.ReceiptView(result.WarehouseCode, result.Reference, result.Status, result.Lines));
    }

    private async Task<V1.Receipt> GetReceipt(GetReceiptRequest r, ServerCallContext c) =>
        MapReceipt(await queries.GetReceiptAsync(r.WarehouseCode, r.Reference, c.CancellationToken));

    private async Task<ReceiveItemResponse> ReceiveItem(ReceiveItemRequest r, ServerCallContext c)
    {
        var result = await receiveItem.HandleAsync(
            new ReceiveItem.Command(r.RequestId, Actor(c), r.WarehouseCode, r.ReceiptReference, r.SkuCode, r.Barcode, r.Lot, r.Expiry, r.Quantity, r.BinCode),
            c.CancellationToken);
        return new ReceiveItemResponse
        {
            SkuCode = result.SkuCode, Lot = result.Lot, BinCode = result.BinCode, BinOnHand = result.BinOnHand,
            LineExpectedQuantity = result.LineExpectedQuantity, LineReceivedQuantity = result.LineReceivedQuantity,
            ReceiptStatus = (V1.ReceiptStatus)result.ReceiptStatus, LedgerPosition = result.LedgerPosition,
        };
    }

    private async Task<SuggestPutawayResponse> SuggestPutaway(SuggestPutawayRequest r, ServerCallContext c)
    {
        var s = await suggestPutaway.SuggestAsync(new SuggestPutaway.Query(r.WarehouseCode, r.SkuCode, r.Lot, r.Quantity, r.FromBinCode), c.CancellationToken);
        return new SuggestPutawayResponse { BinCode = s.BinCode, Reason = s.Reason, DistanceM = s.DistanceM };
    }

    private async Task<MoveStockResponse> Move(MoveStockRequest r, ServerCallContext c, Inventory.LedgerReason reason)
    {
        var result = await moveStock.HandleAsync(
            new MoveStock.Command(r.RequestId, Actor(c), r.WarehouseCode, r.FromBinCode, r.ToBinCode, r.SkuCode, r.Lot, r.Quantity, reason),
            c.CancellationToken);
        return new MoveStockResponse { FromBinOnHand = result.FromBinOnHand, ToBinOnHand = result.ToBinOnHand, LedgerPosition = result.LedgerPosition };
    }

    private async Task<AdjustStockResponse> AdjustStock(AdjustStockRequest r, ServerCallContext c)
    {
        var result = await adjustStock.HandleAsync(
            new AdjustStock.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.SkuCode, r.Lot, r.Quantity, (Inventory.AdjustmentReason)r.Reason, r.Note, r.Expiry),
            c.CancellationToken);
        return new AdjustStockResponse { OnHand = result.OnHand, Reserved = result.Reserved, LedgerPosition = result.LedgerPosition };
    }

    private async Task<BinHold> PlaceHold(PlaceHoldRequest r, ServerCallContext c) =>
        MapHold(await placeHold.HandleAsync(new PlaceHold.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.Reason), c.CancellationToken));

    private async Task<BinHold> ReleaseHold(ReleaseHoldRequest r, ServerCallContext c) =>
        MapHold(await releaseHold.HandleAsync(new ReleaseHold.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode), c.CancellationToken));

    private async Task<V1.CycleCount> RaiseCycleCount(RaiseCycleCountRequest r, ServerCallContext c) =>
        MapCount(await raiseCycleCount.HandleAsync(new RaiseCycleCount.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.Reason), c.CancellationToken));

    private async Task<ListCycleCountsResponse> ListCycleCounts(ListCycleCountsRequest r, ServerCallContext c)
    {
        var (counts, next) = await queries.ListOpenCycleCountsAsync(r.WarehouseCode, r.PageSize, r.PageToken, c.CancellationToken);
        var response = new ListCycleCountsResponse { NextPageToken = next };
        response.Counts.AddRange(counts.Select(MapCount));
        return response;
    }

    private async Task<SubmitCountResponse> SubmitCount(SubmitCountRequest r, ServerCallContext c)
    {
        var result = await submitCount.HandleAsync(
            new SubmitCount.Command(r.RequestId, Actor(c), r.CountId, r.Lines.Select(l => new SubmitCount.CountedLine(l.SkuCode, l.Lot, l.Quantity, l.Expiry)).ToList()),
            c.CancellationToken);
        var response = new SubmitCountResponse { Status = (V1.CycleCountStatus)result.Status, Attempts = result.Attempts };
        response.Adjustments.AddRange(result.Adjustments.Select(a => new CountAdjustment { SkuCode = a.SkuCode, Lot = a.Lot, Quantity = a.Quantity }));
        return response;
    }

    private async Task<ListLedgerResponse> ListLedger(ListLedgerRequest r, ServerCallContext c)
    {
        var (rows, next) = await ledger.ListAsync(new LedgerQueries.LedgerFilter(r.WarehouseCode, r.BinCode, r.SkuCode, r.AfterPosition, r.PageSize, r.PageToken), c.CancellationToken);
        var response = new ListLedgerResponse { NextPageToken = next };
        response.Entries.AddRange(rows.Select(MapLedger));
        return response;
    }

    private async Task FollowLedger(FollowLedgerRequest r, IServerStreamWriter<V1.LedgerEntry> stream, ServerCallContext c)
    {
        await foreach (var row in ledger.FollowAsync(r.WarehouseCode, r.AfterPosition, c.CancellationToken))
        {
            await stream.WriteAsync(MapLedger(row), c.CancellationToken);
        }
    }

    private static string Date(DateOnly? date) => date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "";

    private static V1.Receipt MapReceipt(InventoryQueries.ReceiptView view)
    {
        var receipt = new V1.Receipt { WarehouseCode = view.WarehouseCode, Reference = view.Reference, Status = (V1.ReceiptStatus)view.Status };
        receipt.Lines.AddRange(view.Lines.Select(l => new V1.ReceiptLine { SkuCode = l.SkuCode, ExpectedQuantity = l.ExpectedQuantity, ReceivedQuantity = l.ReceivedQuantity }));
        return receipt;
    }

    private static BinHold MapHold(PlaceHold.Result result) => new() { BinCode = result.BinCode, OnHold = result.OnHold, HoldReason = result.HoldReason };

    private static V1.CycleCount MapCount(InventoryQueries.CycleCountView c) => new()
    {
        Id = c.Id, WarehouseCode = c.WarehouseCode, BinCode = c.BinCode, Status = (V1.CycleCountStatus)c.Status, Reason = c.Reason,
        RaisedBy = c.RaisedBy, RaisedAt = Timestamp.FromDateTimeOffset(c.RaisedAt), Attempts = c.Attempts,
    };

    private static V1.LedgerEntry MapLedger(LedgerQueries.LedgerRow e) => new()
    {
        Position = e.Position, At = Timestamp.FromDateTimeOffset(e.At), BinCode = e.BinCode, SkuCode = e.SkuCode, Lot = e.Lot, Quantity = e.Quantity,
        Reason = (V1.LedgerReason)e.Reason, ReasonCode = e.ReasonCode, Actor = e.Actor, RequestId = e.RequestId, Reference = e.Reference, Note = e.Note,
    };
}
