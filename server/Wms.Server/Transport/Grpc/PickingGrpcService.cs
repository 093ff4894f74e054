using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Picking;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class PickingGrpcService(GetNextPickTask.Handler next, ConfirmPick.Handler confirm, ShortPick.Handler shortPick, SkipPick.Handler skip,
    ListTripTasks.Handler tripTasks, RecordTotes.Handler recordTotes, DropOffTrip.Handler dropOff, ReportPickException.Handler report)
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
    public override async Task<ShortPickResponse> ShortPick(ShortPickRequest r, ServerCallContext context) =>
        MapShort(await shortPick.HandleAsync(new ShortPick.Command(r.RequestId, Actor(context), r.TaskId, r.QuantityFound, r.Reason), context.CancellationToken));

    private static ShortPickResponse MapShort(ShortPick.Result result) => new()
    {
        TaskId = result.TaskId, PickedQuantity = result.PickedQuantity, ReallocatedQuantity = result.ReallocatedQuantity,
        BackorderedQuantity = result.BackorderedQuantity, CycleCountRaised = result.CycleCountRaised, TripCompleted = result.TripCompleted,
    };

    /// <summary>Pickers too: the handler allows it only for a task of the caller's own trip in progress.</summary>
    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<ReportPickExceptionResponse> ReportPickException(ReportPickExceptionRequest r, ServerCallContext context)
    {
        // UNSPECIFIED (0) is no kind: the handler refuses it naming the field.
        var result = await report.HandleAsync(
            new ReportPickException.Command(r.RequestId, Actor(context), r.TaskId, (Picking.PickExceptionKind)r.Kind, r.QuantityFound, r.Note), context.CancellationToken);
        return new ReportPickExceptionResponse
        {
            ShortPick = MapShort(result.Short), HeldBinCode = result.HeldBinCode, HoldReason = result.HoldReason, AlertId = result.AlertId,
            HeldSkuCode = result.HeldSkuCode, HeldLot = result.HeldLot, ReplenishmentTasksCancelled = result.TasksCancelled,
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

    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<Contracts.V1.TripTotes> RecordTotes(RecordTotesRequest r, ServerCallContext context) =>
        MapTotes(await recordTotes.HandleAsync(
            new RecordTotes.Command(r.RequestId, Actor(context), r.TripId, [.. r.Totes.Select(t => (t.OrderReference, t.ToteCode))]), context.CancellationToken));

    [Authorize(Roles = RoleSets.PickersAndSupervisors)]
    public override async Task<Contracts.V1.TripTotes> DropOffTrip(DropOffTripRequest r, ServerCallContext context) =>
        MapTotes(await dropOff.HandleAsync(new DropOffTrip.Command(r.RequestId, Actor(context), r.TripId, r.DropOffBinCode), context.CancellationToken));

    private static Contracts.V1.TripTotes MapTotes(TripTotesView view)
    {
        var totes = new Contracts.V1.TripTotes { TripId = view.TripId, DropOffBinCode = view.DropOffBinCode };
        totes.Totes.AddRange(view.Totes.Select(t => new ToteAssignment { OrderReference = t.OrderReference, ToteCode = t.ToteCode }));
        return totes;
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
