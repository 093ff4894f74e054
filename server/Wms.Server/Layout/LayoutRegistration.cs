namespace Wms.Server.Layout;

public static class LayoutRegistration
{
    public static IServiceCollection AddLayout(this IServiceCollection services) => services
        .AddSingleton<CreateWarehouse.Handler>()
        .AddSingleton<ImportLayout.Handler>()
        .AddSingleton<LayoutQueries>();
}
