namespace Wms.Server.Replenishment;

public static class ReplenishmentRegistration
{
    public static IServiceCollection AddReplenishment(this IServiceCollection services)
    {
        services
            .AddSingleton<ReplenishmentQueries>()
            .AddSingleton<SetPickFace.Handler>()
            .AddSingleton<TopUpPickFaces.Handler>()
            .AddSingleton<ConfirmReplenishment.Handler>()
            .AddSingleton<PickFaceWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<PickFaceWatch>());
        return services;
    }
}
