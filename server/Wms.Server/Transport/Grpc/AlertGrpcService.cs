using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Alerts;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps AlertService messages to the alerts feature.</summary>
public sealed class AlertGrpcService(ResolveAlert.Handler resolve, AlertQueries queries) : IGrpcService<AlertGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = DevicesReflection.Descriptor.Services[1];
    public static readonly Method<ListAlertsRequest, ListAlertsResponse> ListAlertsMethod = Create<ListAlertsRequest, ListAlertsResponse>(Service, "ListAlerts");
    public static readonly Method<ResolveAlertRequest, V1.Alert> ResolveAlertMethod = Create<ResolveAlertRequest, V1.Alert>(Service, "ResolveAlert");
    public static readonly Method<FollowAlertsRequest, V1.Alert> FollowAlertsMethod = Create<FollowAlertsRequest, V1.Alert>(Service, "FollowAlerts");

    public static void Bind(GrpcServiceBinder<AlertGrpcService> binder) => binder
        .Describe(Service)
        .Unary(ListAlertsMethod, static (s, r, c) => s.List(r, c))
        .Unary(ResolveAlertMethod, static (s, r, c) => s.Resolve(r, c))
        .ServerStreaming(FollowAlertsMethod, static (s, r, w, c) => s.Follow(r, w, c));

    public static void Authorize(MethodRoles roles) => roles
        .Allow(ListAlertsMethod.FullName, Everyone)
        .Allow(FollowAlertsMethod.FullName, Everyone)
        .Allow(ResolveAlertMethod.FullName, Role.Admin, Role.Supervisor);

    private async Task<ListAlertsResponse> List(ListAlertsRequest r, ServerCallContext c)
    {
        var filter = new AlertQueries.Filter(r.WarehouseCode, r.OpenOnly, r.Kind == V1.AlertKind.Unspecified ? null : (Alerts.AlertKind)r.Kind, r.AfterPosition, r.Limit);
        var response = new ListAlertsResponse();
        response.Alerts.AddRange((await queries.ListAsync(filter, c.CancellationToken)).Select(Map));
        return response;
    }

    private async Task<V1.Alert> Resolve(ResolveAlertRequest r, ServerCallContext c) =>
        Map(await resolve.HandleAsync(new ResolveAlert.Command(r.RequestId, Actor(c), r.AlertId, r.Resolution), c.CancellationToken));

    private async Task Follow(FollowAlertsRequest r, IServerStreamWriter<V1.Alert> stream, ServerCallContext c)
    {
        await foreach (var alert in queries.FollowAsync(r.WarehouseCode, r.AfterPosition, c.CancellationToken))
        {
            await stream.WriteAsync(Map(alert), c.CancellationToken);
        }
    }

    internal static V1.Alert Map(AlertView a) => new()
    {
        Id = a.Id, WarehouseCode = a.WarehouseCode, Kind = (V1.AlertKind)a.Kind, Subject = a.Subject, Message = a.Message,
        RaisedAt = Timestamp.FromDateTimeOffset(a.RaisedAt), ResolvedAt = a.ResolvedAt is { } t ? Timestamp.FromDateTimeOffset(t) : null,
        Resolution = a.Resolution, Position = a.Position,
    };
}
