using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
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
    SubmitCount.Handler submitCount) : InventoryService.InventoryServiceBase
{
    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<QueryStockResponse> QueryStock(QueryStockRequest r, ServerCallContext c)
    {
        var (lines, next) = await queries.QueryStockAsync(new InventoryQueries.StockFilter(r.WarehouseCode, r.BinCode, r.SkuCode, r.Lot, r.PageSize, r.PageToken), c.CancellationToken);
        var response = new QueryStockResponse { NextPageToken = next };
        foreach (var l in lines)
        {
            response.Lines.Add(new StockLine
            {
                BinCode = l.BinCode, SkuCode = l.SkuCode, Lot = l.Lot, Expiry = Date(l.Expiry), OnHand = l.OnHand, Reserved = l.Reserved, Available = l.Available,
                HoldReason = l.HoldReason,
            });
        }

        return response;
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<V1.Receipt> CreateReceipt(CreateReceiptRequest r, ServerCallContext c)
    {
        var result = await createReceipt.HandleAsync(
            new CreateReceipt.Command(r.RequestId, Actor(c), r.WarehouseCode, r.Reference, r.Lines.Select(l => new CreateReceipt.LineInput(l.SkuCode, l.ExpectedQuantity)).ToList()),
            c.CancellationToken);
        return MapReceipt(new InventoryQueries.ReceiptView(result.WarehouseCode, result.Reference, result.Status, result.Lines));
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<V1.Receipt> GetReceipt(GetReceiptRequest r, ServerCallContext c) =>
        MapReceipt(await queries.GetReceiptAsync(r.WarehouseCode, r.Reference, c.CancellationToken));

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<ReceiveItemResponse> ReceiveItem(ReceiveItemRequest r, ServerCallContext c)
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

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<SuggestPutawayResponse> SuggestPutaway(SuggestPutawayRequest r, ServerCallContext c)
    {
        var s = await suggestPutaway.SuggestAsync(new SuggestPutaway.Query(r.WarehouseCode, r.SkuCode, r.Lot, r.Quantity, r.FromBinCode), c.CancellationToken);
        return new SuggestPutawayResponse { BinCode = s.BinCode, Reason = s.Reason, DistanceM = s.DistanceM };
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override Task<MoveStockResponse> ConfirmPutaway(MoveStockRequest r, ServerCallContext c) => Move(r, c, Inventory.LedgerReason.Putaway);

    [Authorize(Roles = RoleSets.Floor)]
    public override Task<MoveStockResponse> MoveStock(MoveStockRequest r, ServerCallContext c) => Move(r, c, Inventory.LedgerReason.Move);

    private async Task<MoveStockResponse> Move(MoveStockRequest r, ServerCallContext c, Inventory.LedgerReason reason)
    {
        var result = await moveStock.HandleAsync(
            new MoveStock.Command(r.RequestId, Actor(c), r.WarehouseCode, r.FromBinCode, r.ToBinCode, r.SkuCode, r.Lot, r.Quantity, reason),
            c.CancellationToken);
        return new MoveStockResponse { FromBinOnHand = result.FromBinOnHand, ToBinOnHand = result.ToBinOnHand, LedgerPosition = result.LedgerPosition };
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<AdjustStockResponse> AdjustStock(AdjustStockRequest r, ServerCallContext c)
    {
        var result = await adjustStock.HandleAsync(
            new AdjustStock.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.SkuCode, r.Lot, r.Quantity, (Inventory.AdjustmentReason)r.Reason, r.Note, r.Expiry),
            c.CancellationToken);
        return new AdjustStockResponse { OnHand = result.OnHand, Reserved = result.Reserved, LedgerPosition = result.LedgerPosition };
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<BinHold> PlaceHold(PlaceHoldRequest r, ServerCallContext c) =>
        MapHold(await placeHold.HandleAsync(new PlaceHold.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.Reason, r.SkuCode, r.Lot), c.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<BinHold> ReleaseHold(ReleaseHoldRequest r, ServerCallContext c) =>
        MapHold(await releaseHold.HandleAsync(new ReleaseHold.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.SkuCode, r.Lot), c.CancellationToken));

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<V1.CycleCount> RaiseCycleCount(RaiseCycleCountRequest r, ServerCallContext c) =>
        MapCount(await raiseCycleCount.HandleAsync(new RaiseCycleCount.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.Reason), c.CancellationToken));

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListCycleCountsResponse> ListCycleCounts(ListCycleCountsRequest r, ServerCallContext c)
    {
        var (counts, next) = await queries.ListOpenCycleCountsAsync(r.WarehouseCode, r.PageSize, r.PageToken, c.CancellationToken);
        var response = new ListCycleCountsResponse { NextPageToken = next };
        response.Counts.AddRange(counts.Select(MapCount));
        return response;
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<SubmitCountResponse> SubmitCount(SubmitCountRequest r, ServerCallContext c)
    {
        var result = await submitCount.HandleAsync(
            new SubmitCount.Command(r.RequestId, Actor(c), r.CountId, r.Lines.Select(l => new SubmitCount.CountedLine(l.SkuCode, l.Lot, l.Quantity, l.Expiry)).ToList()),
            c.CancellationToken);
        var response = new SubmitCountResponse { Status = (V1.CycleCountStatus)result.Status, Attempts = result.Attempts };
        response.Adjustments.AddRange(result.Adjustments.Select(a => new CountAdjustment { SkuCode = a.SkuCode, Lot = a.Lot, Quantity = a.Quantity }));
        return response;
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListLedgerResponse> ListLedger(ListLedgerRequest r, ServerCallContext c)
    {
        var (rows, next) = await ledger.ListAsync(new LedgerQueries.LedgerFilter(r.WarehouseCode, r.BinCode, r.SkuCode, r.AfterPosition, r.PageSize, r.PageToken), c.CancellationToken);
        var response = new ListLedgerResponse { NextPageToken = next };
        response.Entries.AddRange(rows.Select(MapLedger));
        return response;
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task FollowLedger(FollowLedgerRequest r, IServerStreamWriter<V1.LedgerEntry> stream, ServerCallContext c)
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

    private static BinHold MapHold(PlaceHold.Result result) => new()
    {
        BinCode = result.BinCode, OnHold = result.OnHold, HoldReason = result.HoldReason, SkuCode = result.SkuCode, Lot = result.Lot,
        ReplenishmentTasksCancelled = result.TasksCancelled,
    };

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
