using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Common;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Layout;
using Wms.Server.Security;
using Wms.Server.Slotting;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using BinKind = Wms.Server.Layout.BinKind;
using MixPolicy = Wms.Server.Layout.MixPolicy;
using WarehouseKind = Wms.Server.Layout.WarehouseKind;

namespace Wms.Server.Transport.Grpc;

public sealed class LayoutGrpcService(
    CreateWarehouse.Handler createWarehouse, ImportLayout.Handler importLayout, LayoutQueries queries, SuggestSlotting.Handler suggestSlotting, ApplySlottingMove.Handler applySlottingMove)
    : LayoutService.LayoutServiceBase
{
    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<SlottingAdvice> SuggestSlotting(SuggestSlottingRequest request, ServerCallContext context)
    {
        var advice = await suggestSlotting.HandleAsync(
            new Slotting.SuggestSlotting.Query(request.WarehouseCode, request.MaxMoves, request.HistoryDays, request.TimeBudgetMs, request.FamilySpreadM), context.CancellationToken);
        var response = new SlottingAdvice
        {
            WarehouseCode = advice.WarehouseCode, CurrentWalkPerDayM = advice.CurrentWalkPerDayM, AdvisedWalkPerDayM = advice.AdvisedWalkPerDayM,
            WalkSavedPerDayM = advice.CurrentWalkPerDayM - advice.AdvisedWalkPerDayM, Optimal = advice.Optimal, SkusConsidered = advice.SkusConsidered,
            BinsConsidered = advice.BinsConsidered, HistoryDays = advice.HistoryDays,
            CurrentFamilyAisles = advice.CurrentFamilyAisles, AdvisedFamilyAisles = advice.AdvisedFamilyAisles,
        };
        response.Moves.AddRange(advice.Moves.Select(m => new SlottingMove
        {
            SkuCode = m.SkuCode, FromBinCode = m.FromBinCode, ToBinCode = m.ToBinCode, WalkSavedPerDayM = m.WalkSavedPerDayM, PicksPerDay = m.PicksPerDay, Quantity = m.Quantity,
        }));
        response.LeftOut.AddRange(advice.LeftOut);
        return response;
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<ApplySlottingMoveResponse> ApplySlottingMove(ApplySlottingMoveRequest request, ServerCallContext context)
    {
        var result = await applySlottingMove.HandleAsync(
            new Slotting.ApplySlottingMove.Command(request.RequestId, Actor(context), request.WarehouseCode, request.SkuCode, request.FromBinCode, request.ToBinCode),
            context.CancellationToken);
        var response = new ApplySlottingMoveResponse { QuantityMoved = result.QuantityMoved };
        response.LedgerPositions.AddRange(result.LedgerPositions);
        return response;
    }

    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<Contracts.V1.Warehouse> CreateWarehouse(CreateWarehouseRequest request, ServerCallContext context)
    {
        var w = request.Warehouse ?? throw DomainException.Invalid("warehouse", "is required.");
        var result = await createWarehouse.HandleAsync(
            new CreateWarehouse.Command(request.RequestId, Actor(context), w.Code, w.Name, (WarehouseKind)w.Kind, w.Latitude, w.Longitude, w.TimeZone),
            context.CancellationToken);
        return new Contracts.V1.Warehouse { Code = result.Code, Name = result.Name, Kind = (Contracts.V1.WarehouseKind)result.Kind, Latitude = result.Latitude, Longitude = result.Longitude, TimeZone = result.TimeZone };
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListWarehousesResponse> ListWarehouses(ListWarehousesRequest request, ServerCallContext context)
    {
        var (warehouses, next) = await queries.ListWarehousesAsync(request.PageSize, request.PageToken, context.CancellationToken);
        var response = new ListWarehousesResponse { NextPageToken = next };
        response.Warehouses.AddRange(warehouses.Select(w => new Contracts.V1.Warehouse
        {
            Code = w.Code, Name = w.Name, Kind = (Contracts.V1.WarehouseKind)w.Kind, Latitude = w.Latitude, Longitude = w.Longitude, TimeZone = w.TimeZone,
        }));
        return response;
    }

    [Authorize(Roles = RoleSets.Admins)]
    public override async Task<ImportLayoutResponse> ImportLayout(ImportLayoutRequest request, ServerCallContext context)
    {
        var command = new ImportLayout.Command(
            request.RequestId,
            Actor(context),
            request.WarehouseCode,
            request.Zones.Select(z => new ImportLayout.ZoneInput(z.Code, z.Name)).ToList(),
            request.Bins.Select(b => new ImportLayout.BinInput(
                b.ZoneCode, b.Code, (BinKind)b.Kind, b.MixPolicy == Contracts.V1.MixPolicy.Unspecified ? MixPolicy.Mixed : (MixPolicy)b.MixPolicy,
                b.Aisle, b.Position, b.Level, b.XM, b.YM, b.CapacityUnits, b.CapacityWeightKg, b.CapacityVolumeM3)).ToList());
        var result = await importLayout.HandleAsync(command, context.CancellationToken);
        return new ImportLayoutResponse { ZonesCreated = result.ZonesCreated, BinsCreated = result.BinsCreated, BinsUpdated = result.BinsUpdated };
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<Contracts.V1.Bin> GetBin(GetBinRequest request, ServerCallContext context) =>
        MapBin(await queries.GetBinAsync(request.WarehouseCode, request.Code, context.CancellationToken));

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListBinsResponse> ListBins(ListBinsRequest request, ServerCallContext context)
    {
        var filter = new LayoutQueries.BinFilter(
            request.WarehouseCode, request.ZoneCode, request.Kind == Contracts.V1.BinKind.Unspecified ? null : (BinKind)request.Kind,
            request.CodePrefix, request.PageSize, request.PageToken);
        var (bins, next) = await queries.ListBinsAsync(filter, context.CancellationToken);
        var response = new ListBinsResponse { NextPageToken = next };
        response.Bins.AddRange(bins.Select(MapBin));
        return response;
    }

    private static Contracts.V1.Bin MapBin(LayoutQueries.BinView view) => new()
    {
        WarehouseCode = view.WarehouseCode,
        ZoneCode = view.ZoneCode,
        Code = view.Bin.Code,
        Kind = (Contracts.V1.BinKind)view.Bin.Kind,
        MixPolicy = (Contracts.V1.MixPolicy)view.Bin.MixPolicy,
        Aisle = view.Bin.Aisle,
        Position = view.Bin.Position,
        Level = view.Bin.Level,
        XM = view.Bin.X,
        YM = view.Bin.Y,
        CapacityUnits = view.Bin.CapacityUnits,
        CapacityWeightKg = view.Bin.CapacityWeightKg,
        CapacityVolumeM3 = view.Bin.CapacityVolumeM3,
        OnHold = view.Bin.OnHold,
        HoldReason = view.Bin.HoldReason,
    };
}
