namespace Wms.Server.Inventory;

public static class InventoryRegistration
{
    public static IServiceCollection AddInventory(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InventoryOptions>(configuration.GetSection("Wms:Inventory"));
        return services
            .AddSingleton<InventoryQueries>()
            .AddSingleton<Catalog.ISkuStock, SkuStock>()
            .AddSingleton<LedgerQueries>()
            .AddSingleton<SuggestPutaway>()
            .AddSingleton<CreateReceipt.Handler>()
            .AddSingleton<ReceiveItem.Handler>()
            .AddSingleton<MoveStock.Handler>()
            .AddSingleton<AdjustStock.Handler>()
            .AddSingleton<PlaceHold.Handler>()
            .AddSingleton<ReleaseHold.Handler>()
            .AddSingleton<RaiseCycleCount.Handler>()
            .AddSingleton<SubmitCount.Handler>();
    }
}
