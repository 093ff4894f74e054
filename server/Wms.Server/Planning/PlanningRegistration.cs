namespace Wms.Server.Planning;

public static class PlanningRegistration
{
    public static IServiceCollection AddPlanning(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PlanningOptions>(configuration.GetSection("Wms:Planning"));
        return services.AddSingleton<RunPlanning.Handler>().AddSingleton<Kpis>().AddSingleton<DecideSuggestion.Handler>().AddSingleton<UpsertSupplier.Handler>()
            .AddSingleton<SetTransferLeadTime.Handler>().AddSingleton<PlanningQueries>()
            .AddSingleton<Inventory.IVelocityClasses, VelocityClasses>();
    }
}
