namespace Wms.Server.Outbound;

public static class OutboundRegistration
{
    public static IServiceCollection AddOutbound(this IServiceCollection services) => services
        .AddSingleton<CreateOrder.Handler>()
        .AddSingleton<CancelOrder.Handler>()
        .AddSingleton<AllocateOrder.Handler>()
        .AddSingleton<OrderQueries>();
}
