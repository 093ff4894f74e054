using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Alerts;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps AlertService messages to the alerts feature.</summary>
public sealed class AlertGrpcService(ResolveAlert.Handler resolve, AlertQueries queries) : AlertService.AlertServiceBase
{
    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest r, ServerCallContext c)
    {
        var filter = new AlertQueries.Filter(r.WarehouseCode, r.OpenOnly, r.Kind == V1.AlertKind.Unspecified ? null : (Alerts.AlertKind)r.Kind, r.AfterPosition, r.Limit);
        var response = new ListAlertsResponse();
        response.Alerts.AddRange((await queries.ListAsync(filter, c.CancellationToken)).Select(Map));
        return response;
    }

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<V1.Alert> ResolveAlert(ResolveAlertRequest r, ServerCallContext c) =>
        Map(await resolve.HandleAsync(new ResolveAlert.Command(r.RequestId, Actor(c), r.AlertId, r.Resolution), c.CancellationToken));

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task FollowAlerts(FollowAlertsRequest r, IServerStreamWriter<V1.Alert> stream, ServerCallContext c)
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
