using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Picking;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class PickingGrpcService(GetNextPickTask.Handler next, ConfirmPick.Handler confirm, ShortPick.Handler shortPick, SkipPick.Handler skip,
    ListTripTasks.Handler tripTasks, RecordTotes.Handler recordTotes, DropOffTrip.Handler dropOff)
    : IGrpcService<PickingGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = PickingReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("PickingService");
    public static readonly Method<GetNextPickTaskRequest, GetNextPickTaskResponse> GetNextPickTaskMethod = Create<GetNextPickTaskRequest, GetNextPickTaskResponse>(Service, "GetNextPickTask");
    public static readonly Method<ConfirmPickRequest, ConfirmPickResponse> ConfirmPickMethod = Create<ConfirmPickRequest, ConfirmPickResponse>(Service, "ConfirmPick");
    public static readonly Method<ShortPickRequest, ShortPickResponse> ShortPickMethod = Create<ShortPickRequest, ShortPickResponse>(Service, "ShortPick");
    public static readonly Method<SkipPickRequest, GetNextPickTaskResponse> SkipPickMethod = Create<SkipPickRequest, GetNextPickTaskResponse>(Service, "SkipPick");
    public static readonly Method<ListTripTasksRequest, ListTripTasksResponse> ListTripTasksMethod = Create<ListTripTasksRequest, ListTripTasksResponse>(Service, "ListTripTasks");
    public static readonly Method<RecordTotesRequest, Contracts.V1.TripTotes> RecordTotesMethod = Create<RecordTotesRequest, Contracts.V1.TripTotes>(Service, "RecordTotes");
    public static readonly Method<DropOffTripRequest, Contracts.V1.TripTotes> DropOffTripMethod = Create<DropOffTripRequest, Contracts.V1.TripTotes>(Service, "DropOffTrip");

    public static void Bind(GrpcServiceBinder<PickingGrpcService> binder) => binder
        .Describe(Service)
        .Unary(GetNextPickTaskMethod, static (s, r, c) => s.GetNextPickTask(r, c))
        .Unary(ConfirmPickMethod, static (s, r, c) => s.ConfirmPick(r, c))
        .Unary(ShortPickMethod, static (s, r, c) => s.ShortPick(r, c))
        .Unary(SkipPickMethod, static (s, r, c) => s.SkipPick(r, c))
        .Unary(ListTripTasksMethod, static (s, r, c) => s.ListTripTasks(r, c))
        .Unary(RecordTotesMethod, static (s, r, c) => s.RecordTotes(r, c))
        .Unary(DropOffTripMethod, static (s, r, c) => s.DropOffTrip(r, c));

    public static void Authorize(MethodRoles roles) => roles
        .Allow(GetNextPickTaskMethod.FullName, Role.Picker, Role.Supervisor)
        .Allow(ConfirmPickMethod.FullName, Role.Picker, Role.Supervisor)
        .Allow(ShortPickMethod.FullName, Role.Picker, Role.Supervisor)
        .Allow(SkipPickMethod.FullName, Role.Picker, Role.Supervisor)
        .Allow(ListTripTasksMethod.FullName, Role.Picker, Role.Supervisor)
        .Allow(RecordTotesMethod.FullName, Role.Picker, Role.Supervisor)
        .Allow(DropOffTripMethod.FullName, Role.Picker, Role.Supervisor);

    private async Task<GetNextPickTaskResponse> GetNextPickTask(GetNextPickTaskRequest r, ServerCallContext context) =>
        Map(await next.HandleAsync(new GetNextPickTask.Command(r.RequestId, Actor(context), r.WarehouseCode), context.CancellationToken));

    private async Task<ConfirmPickResponse> ConfirmPick(ConfirmPickRequest r, ServerCallContext context)
    {
        var result = await confirm.HandleAsync(
            new ConfirmPick.Command(r.RequestId, Actor(context), r.TaskId, r.ScannedBinCode, r.ScannedSku, r.Lot, r.Quantity), context.CancellationToken);
        return new ConfirmPickResponse
        {
            TaskId = result.TaskId, PickedQuantity = result.PickedQuantity, QuantityRemaining = result.QuantityRemaining, TaskDone = result.TaskDone,
            TripCompleted = result.TripCompleted, OrderReference = result.OrderReference, OrderStatus = (Contracts.V1.OrderStatus)result.OrderStatus,
        };
    }

    private async Task<ShortPickResponse> ShortPick(ShortPickRequest r, ServerCallContext context)
    {
        var result = await shortPick.HandleAsync(new ShortPick.Command(r.RequestId, Actor(context), r.TaskId, r.QuantityFound, r.Reason), context.CancellationToken);
        return new ShortPickResponse
        {
            TaskId = result.TaskId, PickedQuantity = result.PickedQuantity, ReallocatedQuantity = result.ReallocatedQuantity,
            BackorderedQuantity = result.BackorderedQuantity, CycleCountRaised = result.CycleCountRaised, TripCompleted = result.TripCompleted,
        };
    }

    private async Task<GetNextPickTaskResponse> SkipPick(SkipPickRequest r, ServerCallContext context) =>
        Map(await skip.HandleAsync(new SkipPick.Command(r.RequestId, Actor(context), r.TaskId), context.CancellationToken));

    private async Task<ListTripTasksResponse> ListTripTasks(ListTripTasksRequest r, ServerCallContext context)
    {
        var tasks = await tripTasks.HandleAsync(new ListTripTasks.Query(Actor(context), r.WarehouseCode), context.CancellationToken);
        var response = new ListTripTasksResponse();
        response.Tasks.AddRange(tasks.Select(MapTask));
        return response;
    }

    private async Task<Contracts.V1.TripTotes> RecordTotes(RecordTotesRequest r, ServerCallContext context) =>
        MapTotes(await recordTotes.HandleAsync(
            new RecordTotes.Command(r.RequestId, Actor(context), r.TripId, [.. r.Totes.Select(t => (t.OrderReference, t.ToteCode))]), context.CancellationToken));

    private async Task<Contracts.V1.TripTotes> DropOffTrip(DropOffTripRequest r, ServerCallContext context) =>
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
