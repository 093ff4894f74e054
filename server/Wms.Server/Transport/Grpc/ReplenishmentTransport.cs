namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Endpoints of the replenishment, schedule and planning services, kept beside GrpcTransport (which another
/// issue owned while these were written); at merge these lines can move into MapGrpcTransport.
/// </summary>
public static class ReplenishmentTransport
{
    public static WebApplication MapReplenishmentTransport(this WebApplication app)
    {
        app.MapGrpcService<ReplenishmentGrpcService>();
        app.MapGrpcService<ScheduleGrpcService>();
        app.MapGrpcService<PlanningGrpcService>();
        return app;
    }
}
