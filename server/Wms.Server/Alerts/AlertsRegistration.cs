namespace Wms.Server.Alerts;

public static class AlertsRegistration
{
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration("Wms:Alerts");
        return services
        .AddSingleton<AlertChanges>()
        .AddSingleton<RaiseAlert.Handler>()
        .AddSingleton<ResolveAlert.Handler>()
        .AddSingleton<AlertQueries>();
    }
}
