namespace Wms.Server.Dispatch;

public static class DispatchRegistration
{
    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection("Wms:Dispatch"))
            .Validate(DispatchEngine.IsValid, "Wms:Dispatch: Engine and every Engines entry must be hgs, ortools or best-of.").ValidateOnStart();
        return services
            .AddSingleton(sp => TravelSources.Create(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DispatchOptions>>().Value))
            .AddSingleton<TravelMatrices>()
            .AddSingleton<DeliverySolver>()
            .AddSingleton<UpsertVehicles.Handler>()
            .AddSingleton<PlanRoutes.Handler>()
            .AddSingleton<Replan.Handler>()
            .AddSingleton<PinStop.Handler>()
            .AddSingleton<UnpinStop.Handler>()
            .AddSingleton<LockRoute.Handler>()
            .AddSingleton<CommitRoutePlan.Handler>()
            .AddSingleton<ReportStopDone.Handler>()
            .AddSingleton<DispatchDocuments>()
            .AddSingleton<DispatchQueries>();
    }
}
