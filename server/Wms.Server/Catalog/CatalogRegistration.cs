namespace Wms.Server.Catalog;

public static class CatalogRegistration
{
    public static IServiceCollection AddCatalog(this IServiceCollection services) => services
        .AddSingleton<UpsertSkus.Handler>()
        .AddSingleton<CatalogQueries>();
}
