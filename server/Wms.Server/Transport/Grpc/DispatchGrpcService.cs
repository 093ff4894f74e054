using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Common;
using Wms.Server.Dispatch;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;

namespace Wms.Server.Transport.Grpc;

/// <summary>Dispatchers own the fleet and the routes; supervisors stand in for them. The roles are set once for
/// the whole service, so a method added later cannot be left without them.</summary>
[Authorize(Roles = RoleSets.Dispatchers)]
public sealed class DispatchGrpcService(
    UpsertVehicles.Handler upsertVehicles, PlanRoutes.Handler planRoutes, Replan.Handler replan, PinStop.Handler pinStop, UnpinStop.Handler unpinStop,
    LockRoute.Handler lockRoute, CommitRoutePlan.Handler commit, ReportStopDone.Handler stopDone, DispatchQueries queries, DispatchDocuments documents)
    : DispatchService.DispatchServiceBase
{
    public override async Task<UpsertVehiclesResponse> UpsertVehicles(UpsertVehiclesRequest request, ServerCallContext context)
    {
        var vehicles = request.Vehicles.Select(v => new Dispatch.UpsertVehicles.VehicleInput(
            v.Code, v.Name, v.WeightCapacityKg, v.VolumeCapacityM3, v.ShiftStart, v.ShiftEnd, v.CostPerKm, v.FixedCost, v.MaxRouteMinutes, !v.Inactive,
            v.MaxDrivingMinutes, v.BreakAfterDrivingMinutes, v.BreakMinutes, v.MaxTrips, v.ReloadMinutes, v.DepotWarehouseCode)).ToList();
        var result = await upsertVehicles.HandleAsync(new Dispatch.UpsertVehicles.Command(request.RequestId, Actor(context), request.WarehouseCode, vehicles), context.CancellationToken);
        return new UpsertVehiclesResponse { Created = result.Created, Updated = result.Updated };
    }

    public override async Task<ListVehiclesResponse> ListVehicles(ListVehiclesRequest request, ServerCallContext context)
    {
        var response = new ListVehiclesResponse();
        response.Vehicles.AddRange((await queries.ListVehiclesAsync(request.WarehouseCode, context.CancellationToken)).Select(v => new Contracts.V1.Vehicle
        {
            Code = v.Code, Name = v.Name, WeightCapacityKg = v.WeightCapacityKg, VolumeCapacityM3 = v.VolumeCapacityM3, ShiftStart = ClockTime.Format(v.ShiftStartMinutes),
            ShiftEnd = ClockTime.Format(v.ShiftEndMinutes), CostPerKm = v.CostPerKm, FixedCost = v.FixedCost, MaxRouteMinutes = v.MaxRouteMinutes, Inactive = !v.Active,
            MaxDrivingMinutes = v.MaxDrivingMinutes, BreakAfterDrivingMinutes = v.BreakAfterDrivingMinutes, BreakMinutes = v.BreakMinutes,
            MaxTrips = v.MaxTrips, ReloadMinutes = v.ReloadMinutes, DepotWarehouseCode = v.DepotWarehouseCode,
        }));
        return response;
    }

    public override async Task<Contracts.V1.RoutePlan> PlanRoutes(PlanRoutesRequest request, ServerCallContext context) =>
        Map(await planRoutes.HandleAsync(
            new Dispatch.PlanRoutes.Command(request.RequestId, Actor(context), request.WarehouseCode, request.DeliveryDate, request.ShipmentIds, request.VehicleCodes, request.TimeBudgetMs, request.Seed, request.Engine),
            context.CancellationToken));

    public override async Task<Contracts.V1.RoutePlan> GetRoutePlan(GetRoutePlanRequest request, ServerCallContext context) =>
        Map(await queries.GetRoutePlanAsync(request.PlanId, context.CancellationToken));

    public override async Task<Contracts.V1.RoutePlan> PinStop(PinStopRequest request, ServerCallContext context) =>
        Map(await pinStop.HandleAsync(new Dispatch.PinStop.Command(request.RequestId, Actor(context), request.PlanId, request.ShipmentId, request.VehicleCode), context.CancellationToken));

    public override async Task<Contracts.V1.RoutePlan> UnpinStop(UnpinStopRequest request, ServerCallContext context) =>
        Map(await unpinStop.HandleAsync(new Dispatch.UnpinStop.Command(request.RequestId, Actor(context), request.PlanId, request.ShipmentId), context.CancellationToken));

    public override Task<Contracts.V1.RoutePlan> LockRoute(LockRouteRequest request, ServerCallContext context) => SetRouteLock(request, context, locked: true);

    public override Task<Contracts.V1.RoutePlan> UnlockRoute(LockRouteRequest request, ServerCallContext context) => SetRouteLock(request, context, locked: false);

    private async Task<Contracts.V1.RoutePlan> SetRouteLock(LockRouteRequest request, ServerCallContext context, bool locked) =>
        Map(await lockRoute.HandleAsync(new Dispatch.LockRoute.Command(request.RequestId, Actor(context), request.PlanId, request.VehicleCode, locked), context.CancellationToken));

    public override async Task<Contracts.V1.RoutePlan> Replan(ReplanRequest request, ServerCallContext context) =>
        Map(await replan.HandleAsync(new Dispatch.Replan.Command(request.RequestId, Actor(context), request.PlanId, request.TimeBudgetMs, request.Seed, request.Engine), context.CancellationToken));

    public override async Task<Contracts.V1.RoutePlan> CommitRoutePlan(CommitRoutePlanRequest request, ServerCallContext context) =>
        Map(await commit.HandleAsync(new Dispatch.CommitRoutePlan.Command(request.RequestId, Actor(context), request.PlanId, request.ExpectedVersion), context.CancellationToken));

    public override async Task<Contracts.V1.RoutePlan> ReportStopDone(ReportStopDoneRequest request, ServerCallContext context) =>
        Map(await stopDone.HandleAsync(
            new Dispatch.ReportStopDone.Command(request.RequestId, Actor(context), request.PlanId, request.ShipmentId, request.DoneTime, request.ReceivedBy, request.PhotoReference),
            context.CancellationToken));

    public override async Task<Contracts.V1.DispatchDocument> GetRunSheet(GetRunSheetRequest request, ServerCallContext context) =>
        MapDocument(await documents.RunSheetAsync(request.PlanId, request.VehicleCode, context.CancellationToken));

    public override async Task<Contracts.V1.DispatchDocument> ExportRoutePlan(ExportRoutePlanRequest request, ServerCallContext context) =>
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
            Engine = view.Engine,
            SolvedBy = view.SolvedBy,
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
            VehicleCode = r.VehicleCode, VehicleName = r.VehicleName, Locked = r.Locked, RouteCode = r.RouteCode, StartTime = ClockTime.Format(r.StartSecond / 60), EndTime = ClockTime.Format(r.EndSecond / 60),
            StartSecond = r.StartSecond, EndSecond = r.EndSecond, DistanceKm = r.DistanceKm, DurationMinutes = (int)Math.Round(r.DurationSeconds / 60.0),
            LoadWeightKg = r.LoadWeightKg, LoadVolumeM3 = r.LoadVolumeM3, Cost = r.Cost, Trips = r.Trips, DepotWarehouseCode = r.DepotWarehouseCode,
        };
        route.Stops.AddRange(r.Stops.Select(s => new Contracts.V1.PlannedStop
        {
            StopNumber = s.StopNumber, ShipmentId = s.ShipmentId, OrderReference = s.OrderReference, CustomerName = s.CustomerName, AddressLine = s.AddressLine,
            Latitude = s.Latitude, Longitude = s.Longitude, WindowStart = ClockTime.Format(s.WindowStartMinutes), WindowEnd = ClockTime.Format(s.WindowEndMinutes),
            ArrivalTime = ClockTime.Format(s.ArrivalSecond / 60), ServiceStartTime = ClockTime.Format(s.ServiceStartSecond / 60), DepartureTime = ClockTime.Format(s.DepartureSecond / 60),
            ArrivalSecond = s.ArrivalSecond, ServiceStartSecond = s.ServiceStartSecond, DepartureSecond = s.DepartureSecond,
            WeightKg = s.WeightKg, VolumeM3 = s.VolumeM3, LoadAfterKg = s.LoadAfterKg, PinnedVehicleCode = s.PinnedVehicleCode,
            EtaTime = ClockTime.Format(s.EtaSecond / 60), EtaSecond = s.EtaSecond, BreakAfterMinutes = s.BreakAfterSeconds / 60,
            Done = s.DeliveredSecond is not null, DeliveredTime = s.DeliveredSecond is { } at ? ClockTime.Format(at / 60) : "", DeliveredSecond = s.DeliveredSecond ?? 0,
            ReceivedBy = s.ReceivedBy, PhotoReference = s.PhotoReference, Trip = s.Trip,
        }));
        return route;
    }

    /// <summary>HH:MM of a second after midnight (24:00 and beyond for a route that ends after midnight).</summary>
}
