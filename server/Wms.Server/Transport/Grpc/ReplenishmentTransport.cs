using Wms.Grpc;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Roles and endpoints of the replenishment, schedule and planning services, kept out of GrpcTransport while the
/// transport is being replaced (issue 10); at merge these lines move into MapGrpcTransport.
/// </summary>
public static class ReplenishmentTransport
{
    public static WebApplication MapReplenishmentTransport(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<MethodRoles>();
        ReplenishmentGrpcService.Authorize(roles);
        ScheduleGrpcService.Authorize(roles);
        PlanningGrpcService.Authorize(roles);
        app.MapGrpcService<ReplenishmentGrpcService>();
        app.MapGrpcService<ScheduleGrpcService>();
        app.MapGrpcService<PlanningGrpcService>();
        return app;
    }
}
