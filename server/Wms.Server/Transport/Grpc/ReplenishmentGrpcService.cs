using System.Globalization;
using Wms.Contracts.V1;
using Wms.Grpc;
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
    ConfirmReplenishment.Handler confirm) : IGrpcService<ReplenishmentGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = ReplenishmentReflection.Descriptor.Services[0];
    public static readonly Method<SetPickFaceRequest, V1.PickFace> SetPickFaceMethod = Create<SetPickFaceRequest, V1.PickFace>(Service, "SetPickFace");
    public static readonly Method<ListPickFacesRequest, ListPickFacesResponse> ListPickFacesMethod = Create<ListPickFacesRequest, ListPickFacesResponse>(Service, "ListPickFaces");
    public static readonly Method<RunReplenishmentRequest, RunReplenishmentResponse> RunReplenishmentMethod = Create<RunReplenishmentRequest, RunReplenishmentResponse>(Service, "RunReplenishment");
    public static readonly Method<ListReplenishmentTasksRequest, ListReplenishmentTasksResponse> ListTasksMethod =
        Create<ListReplenishmentTasksRequest, ListReplenishmentTasksResponse>(Service, "ListReplenishmentTasks");
    public static readonly Method<ConfirmReplenishmentRequest, ConfirmReplenishmentResponse> ConfirmMethod =
        Create<ConfirmReplenishmentRequest, ConfirmReplenishmentResponse>(Service, "ConfirmReplenishment");

    public static void Bind(GrpcServiceBinder<ReplenishmentGrpcService> binder) => binder
        .Describe(Service)
        .Unary(SetPickFaceMethod, static (s, r, c) => s.SetPickFace(r, c))
        .Unary(ListPickFacesMethod, static (s, r, c) => s.ListPickFaces(r, c))
        .Unary(RunReplenishmentMethod, static (s, r, c) => s.RunReplenishment(r, c))
        .Unary(ListTasksMethod, static (s, r, c) => s.ListTasks(r, c))
        .Unary(ConfirmMethod, static (s, r, c) => s.Confirm(r, c));

    public static void Authorize(MethodRoles roles)
    {
        Role[] floor = [Role.Admin, Role.Supervisor, Role.Picker];
        Role[] supervisors = [Role.Admin, Role.Supervisor];
        roles
            .Allow(ListPickFacesMethod.FullName, Everyone)
            .Allow(ListTasksMethod.FullName, floor)
            .Allow(ConfirmMethod.FullName, floor)
            .Allow(SetPickFaceMethod.FullName, supervisors)
            .Allow(RunReplenishmentMethod.FullName, supervisors);
    }

    private async Task<V1.PickFace> SetPickFace(SetPickFaceRequest r, ServerCallContext c)
    {
        var result = await setPickFace.HandleAsync(
            new SetPickFace.Command(r.RequestId, Actor(c), r.WarehouseCode, r.BinCode, r.SkuCode, r.MinQuantity, r.MaxQuantity, r.Planned), c.CancellationToken);
        var face = (await queries.ListFacesAsync(r.WarehouseCode, onlyBelowMin: false, c.CancellationToken)).First(f => f.BinCode == result.BinCode && f.SkuCode == result.SkuCode);
        return MapFace(face);
    }

    private async Task<ListPickFacesResponse> ListPickFaces(ListPickFacesRequest r, ServerCallContext c)
    {
        var response = new ListPickFacesResponse();
        response.Faces.AddRange((await queries.ListFacesAsync(r.WarehouseCode, r.OnlyBelowMin, c.CancellationToken)).Select(MapFace));
        return response;
    }

    private async Task<RunReplenishmentResponse> RunReplenishment(RunReplenishmentRequest r, ServerCallContext c)
    {
        var result = await topUp.HandleAsync(
            new TopUpPickFaces.Command(Common.Require.NotEmpty(r.WarehouseCode, "warehouse_code"), ReplenishmentTrigger.Manual, RequestId: Common.Require.RequestId(r.RequestId), Actor: Actor(c)),
            c.CancellationToken);
        var response = new RunReplenishmentResponse { FacesBelowMin = result.FacesBelowMin, TasksCreated = result.TasksCreated, UnitsPlanned = result.UnitsPlanned };
        response.FacesWithoutReserve.AddRange(result.FacesWithoutReserve);
        return response;
    }

    private async Task<ListReplenishmentTasksResponse> ListTasks(ListReplenishmentTasksRequest r, ServerCallContext c)
    {
        var (tasks, next) = await queries.ListOpenTasksAsync(r.WarehouseCode, r.PageSize, r.PageToken, c.CancellationToken);
        var response = new ListReplenishmentTasksResponse { NextPageToken = next };
        response.Tasks.AddRange(tasks.Select(t => new V1.ReplenishmentTask
        {
            TaskId = t.TaskId, FromBinCode = t.FromBinCode, ToBinCode = t.ToBinCode, SkuCode = t.SkuCode, SkuDescription = t.SkuDescription,
            UnitOfMeasure = t.UnitOfMeasure, Lot = t.Lot, Quantity = t.Quantity, QuantityRemaining = t.Remaining, Priority = t.Priority,
            Trigger = t.Trigger.ToString().ToLowerInvariant(), DistanceM = t.DistanceM, CreatedAt = t.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        }));
        return response;
    }

    private async Task<ConfirmReplenishmentResponse> Confirm(ConfirmReplenishmentRequest r, ServerCallContext c)
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

    private static V1.PickFace MapFace(ReplenishmentQueries.FaceView f) => new()
    {
        BinCode = f.BinCode, SkuCode = f.SkuCode, MinQuantity = f.MinQuantity, MaxQuantity = f.MaxQuantity, Levels = (V1.PickFaceLevels)f.Levels,
        OnHand = f.OnHand, Inbound = f.Inbound, ReserveAvailable = f.ReserveAvailable, Condition = (V1.FaceCondition)f.Condition,
    };
}
