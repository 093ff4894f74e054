namespace Wms.Server.Replenishment;

public static class ReplenishmentRegistration
{
    public static IServiceCollection AddReplenishment(this IServiceCollection services)
    {
        services.AddOptions<ReplenishmentOptions>().BindConfiguration("Wms:Replenishment");
        services
            .AddSingleton<ReplenishmentQueries>()
            .AddSingleton<SetPickFace.Handler>()
            .AddSingleton<TopUpPickFaces.Handler>()
            .AddSingleton<ConfirmReplenishment.Handler>()
            .AddSingleton<ClaimReplenishment.Handler>()
            .AddSingleton<ReleaseReplenishment.Handler>()
            .AddSingleton<Inventory.IHoldFollowUp, CancelTasksAtHold>()
            .AddSingleton<PickFaceWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<PickFaceWatch>());
        return services;
    }
}
