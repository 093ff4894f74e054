namespace Wms.Server.Slotting;

public static class SlottingRegistration
{
    public static IServiceCollection AddSlotting(this IServiceCollection services) => services
        .AddSingleton<SuggestSlotting.Handler>()
        .AddSingleton<ApplySlottingMove.Handler>();
}
