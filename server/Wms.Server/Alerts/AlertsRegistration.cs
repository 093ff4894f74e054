namespace Wms.Server.Alerts;

public static class AlertsRegistration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        return services
        .AddSingleton<RaiseAlert.Handler>()
        .AddSingleton<ResolveAlert.Handler>()
        .AddSingleton<AlertQueries>();
    }
}
