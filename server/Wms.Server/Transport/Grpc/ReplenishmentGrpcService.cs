using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Contracts.V1;
using Wms.Server.Replenishment;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps ReplenishmentService messages to the replenishment use cases.</summary>
public sealed class ReplenishmentGrpcService(
    ReplenishmentQueries queries,
    SetPickFace.Handler setPickFace,
    TopUpPickFaces.Handler topUp,
    ConfirmReplenishment.Handler confirm,
    ClaimReplenishment.Handler claim,
    ReleaseReplenishment.Handler release) : ReplenishmentService.ReplenishmentServiceBase
{
    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<V1.PickFace> SetPickFace(SetPickFaceRequest r, ServerCallContext c)
    {
        var result = await setPickFace.HandleAsync(
            new SetPickFace.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.SkuCode, r.MinQuantity, r.MaxQuantity, r.Planned), c.CancellationToken);
        var face = (await queries.ListFacesAsync(r.WarehouseCode, onlyBelowMin: false, c.CancellationToken)).First(f => f.BinCode == result.BinCode && f.SkuCode == result.SkuCode);
        return MapFace(face);
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListPickFacesResponse> ListPickFaces(ListPickFacesRequest r, ServerCallContext c)
    {
        var response = new ListPickFacesResponse();
        response.Faces.AddRange((await queries.ListFacesAsync(r.WarehouseCode, r.OnlyBelowMin, c.CancellationToken)).Select(MapFace));
        return response;
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<RunReplenishmentResponse> RunReplenishment(RunReplenishmentRequest r, ServerCallContext c)
    {
        var result = await topUp.HandleAsync(
            new TopUpPickFaces.Command(Common.Require.NotEmpty(r.WarehouseCode, "warehouse_code"), ReplenishmentTrigger.Manual, RequestId: Common.Require.RequestId(r.RequestId), Actor: Actor(c)),
            c.CancellationToken);
        var response = new RunReplenishmentResponse { FacesBelowMin = result.FacesBelowMin, TasksCreated = result.TasksCreated, UnitsPlanned = result.UnitsPlanned };
        response.FacesWithoutReserve.AddRange(result.FacesWithoutReserve);
        return response;
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<ListReplenishmentTasksResponse> ListReplenishmentTasks(ListReplenishmentTasksRequest r, ServerCallContext c)
    {
        var (tasks, next) = await queries.ListOpenTasksAsync(r.WarehouseCode, Actor(c), r.IncludeClaimed, r.PageSize, r.PageToken, c.CancellationToken);
        var response = new ListReplenishmentTasksResponse { NextPageToken = next };
        response.Tasks.AddRange(tasks.Select(MapTask));
        return response;
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<V1.ReplenishmentTask> ClaimReplenishment(ClaimReplenishmentRequest r, ServerCallContext c)
    {
        var result = await claim.HandleAsync(new ClaimReplenishment.Command(r.RequestId, Actor(c), r.TaskId), c.CancellationToken);
        return MapTask(await queries.TaskAsync(result.TaskId, c.CancellationToken));
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<V1.ReplenishmentTask> ReleaseReplenishment(ReleaseReplenishmentRequest r, ServerCallContext c)
    {
        var supervisor = Caller(c).IsInAnyRole([Role.Supervisor]);
        var result = await release.HandleAsync(new ReleaseReplenishment.Command(r.RequestId, Actor(c), r.TaskId, supervisor), c.CancellationToken);
        return MapTask(await queries.TaskAsync(result.TaskId, c.CancellationToken));
    }

    [Authorize(Roles = RoleSets.Floor)]
    public override async Task<ConfirmReplenishmentResponse> ConfirmReplenishment(ConfirmReplenishmentRequest r, ServerCallContext c)
    {
        var result = await confirm.HandleAsync(
            new ConfirmReplenishment.Command(r.RequestId, Actor(c), r.TaskId, r.ScannedFromBinCode, r.ScannedSku, r.Lot, r.Quantity, r.ScannedToBinCode, r.Close),
            c.CancellationToken);
        return new ConfirmReplenishmentResponse
        {
            TaskId = result.TaskId, MovedQuantity = result.MovedQuantity, QuantityRemaining = result.Remaining, Done = result.Done,
            FaceOnHand = result.FaceOnHand, LedgerPosition = result.LedgerPosition,
        };
    }

    private static V1.ReplenishmentTask MapTask(ReplenishmentQueries.TaskView t) => new()
    {
        TaskId = t.TaskId, FromBinCode = t.FromBinCode, ToBinCode = t.ToBinCode, SkuCode = t.SkuCode, SkuDescription = t.SkuDescription,
        UnitOfMeasure = t.UnitOfMeasure, Lot = t.Lot, Quantity = t.Quantity, QuantityRemaining = t.Remaining, Priority = t.Priority,
        Trigger = t.Trigger.ToString().ToLowerInvariant(), DistanceM = t.DistanceM, CreatedAt = t.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ClaimedBy = t.ClaimedBy, ClaimedAt = t.ClaimedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
    };

    private static V1.PickFace MapFace(ReplenishmentQueries.FaceView f) => new()
    {
        BinCode = f.BinCode, SkuCode = f.SkuCode, MinQuantity = f.MinQuantity, MaxQuantity = f.MaxQuantity, Levels = (V1.PickFaceLevels)f.Levels,
        OnHand = f.OnHand, Inbound = f.Inbound, ReserveAvailable = f.ReserveAvailable, Condition = (V1.FaceCondition)f.Condition,
    };
}
