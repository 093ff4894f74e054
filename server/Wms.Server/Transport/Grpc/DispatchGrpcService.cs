using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Dispatch;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

public sealed class DispatchGrpcService(
    UpsertVehicles.Handler upsertVehicles, PlanRoutes.Handler planRoutes, Replan.Handler replan, PinStop.Handler pinStop, UnpinStop.Handler unpinStop,
    LockRoute.Handler lockRoute, CommitRoutePlan.Handler commit, ReportStopDone.Handler stopDone, DispatchQueries queries, DispatchDocuments documents)
    : IGrpcService<DispatchGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = DispatchReflection.Descriptor.Services[0];
    public static readonly Method<UpsertVehiclesRequest, UpsertVehiclesResponse> UpsertVehiclesMethod = Create<UpsertVehiclesRequest, UpsertVehiclesResponse>(Service, "UpsertVehicles");
    public static readonly Method<ListVehiclesRequest, ListVehiclesResponse> ListVehiclesMethod = Create<ListVehiclesRequest, ListVehiclesResponse>(Service, "ListVehicles");
    public static readonly Method<PlanRoutesRequest, Contracts.V1.RoutePlan> PlanRoutesMethod = Create<PlanRoutesRequest, Contracts.V1.RoutePlan>(Service, "PlanRoutes");
    public static readonly Method<GetRoutePlanRequest, Contracts.V1.RoutePlan> GetRoutePlanMethod = Create<GetRoutePlanRequest, Contracts.V1.RoutePlan>(Service, "GetRoutePlan");
    public static readonly Method<PinStopRequest, Contracts.V1.RoutePlan> PinStopMethod = Create<PinStopRequest, Contracts.V1.RoutePlan>(Service, "PinStop");
    public static readonly Method<UnpinStopRequest, Contracts.V1.RoutePlan> UnpinStopMethod = Create<UnpinStopRequest, Contracts.V1.RoutePlan>(Service, "UnpinStop");
    public static readonly Method<LockRouteRequest, Contracts.V1.RoutePlan> LockRouteMethod = Create<LockRouteRequest, Contracts.V1.RoutePlan>(Service, "LockRoute");
    public static readonly Method<LockRouteRequest, Contracts.V1.RoutePlan> UnlockRouteMethod = Create<LockRouteRequest, Contracts.V1.RoutePlan>(Service, "UnlockRoute");
    public static readonly Method<ReplanRequest, Contracts.V1.RoutePlan> ReplanMethod = Create<ReplanRequest, Contracts.V1.RoutePlan>(Service, "Replan");
    public static readonly Method<CommitRoutePlanRequest, Contracts.V1.RoutePlan> CommitRoutePlanMethod = Create<CommitRoutePlanRequest, Contracts.V1.RoutePlan>(Service, "CommitRoutePlan");

    public static readonly Method<ReportStopDoneRequest, Contracts.V1.RoutePlan> ReportStopDoneMethod = Create<ReportStopDoneRequest, Contracts.V1.RoutePlan>(Service, "ReportStopDone");
    public static readonly Method<GetRunSheetRequest, Contracts.V1.DispatchDocument> GetRunSheetMethod = Create<GetRunSheetRequest, Contracts.V1.DispatchDocument>(Service, "GetRunSheet");
    public static readonly Method<ExportRoutePlanRequest, Contracts.V1.DispatchDocument> ExportRoutePlanMethod = Create<ExportRoutePlanRequest, Contracts.V1.DispatchDocument>(Service, "ExportRoutePlan");

    public static void Bind(GrpcServiceBinder<DispatchGrpcService> binder) => binder
        .Describe(Service)
        .Unary(UpsertVehiclesMethod, static (s, r, c) => s.UpsertVehicles(r, c))
        .Unary(ListVehiclesMethod, static (s, r, c) => s.ListVehicles(r, c))
        .Unary(PlanRoutesMethod, static (s, r, c) => s.PlanRoutes(r, c))
        .Unary(GetRoutePlanMethod, static (s, r, c) => s.GetRoutePlan(r, c))
        .Unary(PinStopMethod, static (s, r, c) => s.PinStop(r, c))
        .Unary(UnpinStopMethod, static (s, r, c) => s.UnpinStop(r, c))
        .Unary(LockRouteMethod, static (s, r, c) => s.LockRoute(r, c, locked: true))
        .Unary(UnlockRouteMethod, static (s, r, c) => s.LockRoute(r, c, locked: false))
        .Unary(ReplanMethod, static (s, r, c) => s.Replan(r, c))
        .Unary(CommitRoutePlanMethod, static (s, r, c) => s.CommitRoutePlan(r, c))
        .Unary(ReportStopDoneMethod, static (s, r, c) => s.ReportStopDone(r, c))
        .Unary(GetRunSheetMethod, static (s, r, c) => s.GetRunSheet(r, c))
        .Unary(ExportRoutePlanMethod, static (s, r, c) => s.ExportRoutePlan(r, c));

    // Dispatchers own the fleet and the routes; supervisors stand in for them.
    public static void Authorize(MethodRoles roles)
    {
        // Every method of the service, from its descriptor: one added to Bind cannot be left without roles.
        foreach (var method in Service.Methods)
        {
            roles.Allow($"/{Service.FullName}/{method.Name}", Role.Admin, Role.Supervisor, Role.Dispatcher);
        }
    }

    private async Task<UpsertVehiclesResponse> UpsertVehicles(UpsertVehiclesRequest request, ServerCallContext context)
    {
        var vehicles = request.Vehicles.Select(v => new Dispatch.UpsertVehicles.VehicleInput(
            v.Code, v.Name, v.WeightCapacityKg, v.VolumeCapacityM3, v.ShiftStart, v.ShiftEnd, v.CostPerKm, v.FixedCost, v.MaxRouteMinutes, !v.Inactive,
            v.MaxDrivingMinutes, v.BreakAfterDrivingMinutes, v.BreakMinutes)).ToList();
        var result = await upsertVehicles.HandleAsync(new Dispatch.UpsertVehicles.Command(request.RequestId, Actor(context), request.WarehouseCode, vehicles), context.CancellationToken);
        return new UpsertVehiclesResponse { Created = result.Created, Updated = result.Updated };
    }

    private async Task<ListVehiclesResponse> ListVehicles(ListVehiclesRequest request, ServerCallContext context)
    {
        var response = new ListVehiclesResponse();
        response.Vehicles.AddRange((await queries.ListVehiclesAsync(request.WarehouseCode, context.CancellationToken)).Select(v => new Contracts.V1.Vehicle
        {
            Code = v.Code, Name = v.Name, WeightCapacityKg = v.WeightCapacityKg, VolumeCapacityM3 = v.VolumeCapacityM3, ShiftStart = Server.Outbound.OrderViews.Clock(v.ShiftStartMinutes),
            ShiftEnd = Server.Outbound.OrderViews.Clock(v.ShiftEndMinutes), CostPerKm = v.CostPerKm, FixedCost = v.FixedCost, MaxRouteMinutes = v.MaxRouteMinutes, Inactive = !v.Active,
            MaxDrivingMinutes = v.MaxDrivingMinutes, BreakAfterDrivingMinutes = v.BreakAfterDrivingMinutes, BreakMinutes = v.BreakMinutes,
        }));
        return response;
    }

    private async Task<Contracts.V1.RoutePlan> PlanRoutes(PlanRoutesRequest request, ServerCallContext context) =>
        Map(await planRoutes.HandleAsync(
            new Dispatch.PlanRoutes.Command(request.RequestId, Actor(context), request.WarehouseCode, request.DeliveryDate, request.ShipmentIds, request.VehicleCodes, request.TimeBudgetMs, request.Seed),
            context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> GetRoutePlan(GetRoutePlanRequest request, ServerCallContext context) =>
        Map(await queries.GetRoutePlanAsync(request.PlanId, context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> PinStop(PinStopRequest request, ServerCallContext context) =>
        Map(await pinStop.HandleAsync(new Dispatch.PinStop.Command(request.RequestId, Actor(context), request.PlanId, request.ShipmentId, request.VehicleCode), context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> UnpinStop(UnpinStopRequest request, ServerCallContext context) =>
        Map(await unpinStop.HandleAsync(new Dispatch.UnpinStop.Command(request.RequestId, Actor(context), request.PlanId, request.ShipmentId), context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> LockRoute(LockRouteRequest request, ServerCallContext context, bool locked) =>
        Map(await lockRoute.HandleAsync(new Dispatch.LockRoute.Command(request.RequestId, Actor(context), request.PlanId, request.VehicleCode, locked), context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> Replan(ReplanRequest request, ServerCallContext context) =>
        Map(await replan.HandleAsync(new Dispatch.Replan.Command(request.RequestId, Actor(context), request.PlanId, request.TimeBudgetMs, request.Seed), context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> CommitRoutePlan(CommitRoutePlanRequest request, ServerCallContext context) =>
        Map(await commit.HandleAsync(new Dispatch.CommitRoutePlan.Command(request.RequestId, Actor(context), request.PlanId, request.ExpectedVersion), context.CancellationToken));

    private async Task<Contracts.V1.RoutePlan> ReportStopDone(ReportStopDoneRequest request, ServerCallContext context) =>
        Map(await stopDone.HandleAsync(
            new Dispatch.ReportStopDone.Command(request.RequestId, Actor(context), request.PlanId, request.ShipmentId, request.DoneTime, request.ReceivedBy, request.PhotoReference),
            context.CancellationToken));

    private async Task<Contracts.V1.DispatchDocument> GetRunSheet(GetRunSheetRequest request, ServerCallContext context) =>
        MapDocument(await documents.RunSheetAsync(request.PlanId, request.VehicleCode, context.CancellationToken));

    private async Task<Contracts.V1.DispatchDocument> ExportRoutePlan(ExportRoutePlanRequest request, ServerCallContext context) =>
        MapDocument(await documents.ExportAsync(request.PlanId, request.Format, context.CancellationToken));

    private static Contracts.V1.DispatchDocument MapDocument(Dispatch.DispatchDocument d) =>
        new() { FileName = d.FileName, ContentType = d.ContentType, Content = Google.Protobuf.ByteString.CopyFrom(d.Content) };

    private static Contracts.V1.RoutePlan Map(RoutePlanView view)
    {
        var plan = new Contracts.V1.RoutePlan
        {
            PlanId = view.PlanId,
            WarehouseCode = view.WarehouseCode,
            DeliveryDate = view.DeliveryDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Status = (Contracts.V1.RoutePlanStatus)view.Status,
            Version = view.Version,
            Seed = view.Seed,
            TimeBudgetMs = view.TimeBudgetMs,
            CreatedAt = Timestamp.FromDateTimeOffset(view.CreatedAt),
            CreatedBy = view.CreatedBy,
            CommittedAt = view.CommittedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
            CommittedBy = view.CommittedBy,
            Totals = new PlanTotals
            {
                RoutesUsed = view.RoutesUsed, StopsRouted = view.StopsRouted, StopsUnserved = view.Unserved.Count, DistanceKm = view.DistanceKm, Cost = view.Cost,
                DurationMinutes = (int)Math.Round(view.DurationSeconds / 60.0), LoadWeightKg = view.LoadWeightKg,
            },
        };
        plan.Routes.AddRange(view.Routes.Select(MapRoute));
        plan.Unserved.AddRange(view.Unserved.Select(u => new Contracts.V1.UnservedStop
        {
            ShipmentId = u.ShipmentId, OrderReference = u.OrderReference, CustomerName = u.CustomerName, Reason = (Contracts.V1.UnservedReason)u.Reason, Detail = u.Detail,
            WeightKg = u.WeightKg, PinnedVehicleCode = u.PinnedVehicleCode,
        }));
        return plan;
    }

    private static Contracts.V1.PlannedRoute MapRoute(PlannedRouteView r)
    {
        var route = new Contracts.V1.PlannedRoute
        {
            VehicleCode = r.VehicleCode, VehicleName = r.VehicleName, Locked = r.Locked, RouteCode = r.RouteCode, StartTime = Server.Outbound.OrderViews.Clock(r.StartSecond / 60), EndTime = Server.Outbound.OrderViews.Clock(r.EndSecond / 60),
            StartSecond = r.StartSecond, EndSecond = r.EndSecond, DistanceKm = r.DistanceKm, DurationMinutes = (int)Math.Round(r.DurationSeconds / 60.0),
            LoadWeightKg = r.LoadWeightKg, LoadVolumeM3 = r.LoadVolumeM3, Cost = r.Cost,
        };
        route.Stops.AddRange(r.Stops.Select(s => new Contracts.V1.PlannedStop
        {
            StopNumber = s.StopNumber, ShipmentId = s.ShipmentId, OrderReference = s.OrderReference, CustomerName = s.CustomerName, AddressLine = s.AddressLine,
            Latitude = s.Latitude, Longitude = s.Longitude, WindowStart = Server.Outbound.OrderViews.Clock(s.WindowStartMinutes), WindowEnd = Server.Outbound.OrderViews.Clock(s.WindowEndMinutes),
            ArrivalTime = Server.Outbound.OrderViews.Clock(s.ArrivalSecond / 60), ServiceStartTime = Server.Outbound.OrderViews.Clock(s.ServiceStartSecond / 60), DepartureTime = Server.Outbound.OrderViews.Clock(s.DepartureSecond / 60),
            ArrivalSecond = s.ArrivalSecond, ServiceStartSecond = s.ServiceStartSecond, DepartureSecond = s.DepartureSecond,
            WeightKg = s.WeightKg, VolumeM3 = s.VolumeM3, LoadAfterKg = s.LoadAfterKg, PinnedVehicleCode = s.PinnedVehicleCode,
            EtaTime = Server.Outbound.OrderViews.Clock(s.EtaSecond / 60), EtaSecond = s.EtaSecond, BreakAfterMinutes = s.BreakAfterSeconds / 60,
            Done = s.DeliveredSecond is not null, DeliveredTime = s.DeliveredSecond is { } at ? Server.Outbound.OrderViews.Clock(at / 60) : "", DeliveredSecond = s.DeliveredSecond ?? 0,
            ReceivedBy = s.ReceivedBy, PhotoReference = s.PhotoReference,
        }));
        return route;
    }

    /// <summary>HH:MM of a second after midnight (24:00 and beyond for a route that ends after midnight).</summary>
}
