using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Picking;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class PickingGrpcService(GetNextPickTask.Handler next, ConfirmPick.Handler confirm, ShortPick.Handler shortPick, SkipPick.Handler skip,
    ListTripTasks.Handler tripTasks)
    : PickingService.PickingServiceBase
{
    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<GetNextPickTaskResponse> GetNextPickTask(GetNextPickTaskRequest r, ServerCallContext context) =>
        Map(await next.HandleAsync(new GetNextPickTask.Command(r.RequestId, Actor(context), r.WarehouseCode), context.CancellationToken));

    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<ConfirmPickResponse> ConfirmPick(ConfirmPickRequest r, ServerCallContext context)
    {
        var result = await confirm.HandleAsync(
            new ConfirmPick.Command(r.RequestId, Actor(context), r.TaskId, r.ScannedBinCode, r.ScannedSku, r.Lot, r.Quantity), context.CancellationToken);
        return new ConfirmPickResponse
        {
            TaskId = result.TaskId, PickedQuantity = result.PickedQuantity, QuantityRemaining = result.QuantityRemaining, TaskDone = result.TaskDone,
            TripCompleted = result.TripCompleted, OrderReference = result.OrderReference, OrderStatus = (Contracts.V1.OrderStatus)result.OrderStatus,
        };
    }

    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<ShortPickResponse> ShortPick(ShortPickRequest r, ServerCallContext context)
    {
        var result = await shortPick.HandleAsync(new ShortPick.Command(r.RequestId, Actor(context), r.TaskId, r.QuantityFound, r.Reason), context.CancellationToken);
        return new ShortPickResponse
        {
            TaskId = result.TaskId, PickedQuantity = result.PickedQuantity, ReallocatedQuantity = result.ReallocatedQuantity,
            BackorderedQuantity = result.BackorderedQuantity, CycleCountRaised = result.CycleCountRaised, TripCompleted = result.TripCompleted,
        };
    }

    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<GetNextPickTaskResponse> SkipPick(SkipPickRequest r, ServerCallContext context) =>
        Map(await skip.HandleAsync(new SkipPick.Command(r.RequestId, Actor(context), r.TaskId), context.CancellationToken));

    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<ListTripTasksResponse> ListTripTasks(ListTripTasksRequest r, ServerCallContext context)
    {
        var tasks = await tripTasks.HandleAsync(new ListTripTasks.Query(Actor(context), r.WarehouseCode), context.CancellationToken);
        var response = new ListTripTasksResponse();
        response.Tasks.AddRange(tasks.Select(MapTask));
        return response;
    }

    private static GetNextPickTaskResponse Map(GetNextPickTask.Result result) =>
        result.Task is not { } t ? new GetNextPickTaskResponse() : new GetNextPickTaskResponse { Task = MapTask(t) };

    private static Contracts.V1.PickTask MapTask(PickTaskView t) => new()
    {
        TaskId = t.TaskId, TripId = t.TripId, BinCode = t.BinCode, SkuCode = t.SkuCode, SkuDescription = t.Description,
        UnitOfMeasure = t.UnitOfMeasure, Lot = t.Lot, QuantityRemaining = t.QuantityRemaining, Sequence = t.Sequence,
        TaskCount = t.TaskCount, OrderReference = t.OrderReference, TripPlannedDistanceM = t.TripPlannedDistanceM,
    };
}
