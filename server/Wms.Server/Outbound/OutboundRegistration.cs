namespace Wms.Server.Outbound;

public static class OutboundRegistration
{
    public static IServiceCollection AddOutbound(this IServiceCollection services) => services
        .AddTripGrouping()
        .AddSingleton<CreateOrder.Handler>()
        .AddSingleton<CancelOrder.Handler>()
        .AddSingleton<AllocateOrder.Handler>()
        .AddSingleton<ReleaseWave.Handler>()
        .AddSingleton<AllocateBackorders.Handler>()
        .AddSingleton<OrderQueries>();

    /// <summary>Wms:Outbound, checked at start-up so that a misspelt grouping stops the server rather than a release.</summary>
    private static IServiceCollection AddTripGrouping(this IServiceCollection services)
    {
        services.AddOptions<TripGroupingOptions>().BindConfiguration("Wms:Outbound")
            .Validate(o => o.TripGrouping is TripGrouping.FirstCome or TripGrouping.ShortestWalk, "Wms:Outbound:TripGrouping must be first-come or shortest-walk.")
            .ValidateOnStart();
        return services;
    }
}
