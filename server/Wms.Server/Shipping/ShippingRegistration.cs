namespace Wms.Server.Shipping;

public static class ShippingRegistration
{
    public static IServiceCollection AddShipping(this IServiceCollection services) => services
        .AddSingleton<PackCarton.Handler>()
        .AddSingleton<CreateShipment.Handler>()
        .AddSingleton<MarkLoaded.Handler>()
        .AddSingleton<MarkShipped.Handler>()
        .AddSingleton<ShippingQueries>();
}
