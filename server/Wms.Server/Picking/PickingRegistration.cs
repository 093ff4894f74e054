using Wms.Server.Outbound;

namespace Wms.Server.Picking;

public static class PickingRegistration
{
    public static IServiceCollection AddPicking(this IServiceCollection services) => services
        .AddTripGrouping()
        .AddSingleton<ReleaseWave.Handler>()
        .AddSingleton<AllocateBackorders.Handler>()
        .AddSingleton<IOrderCancellation, CancelPickTasks>()
        .AddSingleton<GetNextPickTask.Handler>()
        .AddSingleton<ConfirmPick.Handler>()
        .AddSingleton<ShortPick.Handler>()
        .AddSingleton<SkipPick.Handler>()
        .AddSingleton<ListTripTasks.Handler>()
        .AddSingleton<RecordTotes.Handler>()
        .AddSingleton<DropOffTrip.Handler>()
        .AddSingleton<ReportPickException.Handler>();

    /// <summary>Wms:Outbound, checked at start-up so that a misspelt grouping stops the server rather than a release.</summary>
    private static IServiceCollection AddTripGrouping(this IServiceCollection services)
    {
        services.AddOptions<TripGroupingOptions>().BindConfiguration("Wms:Outbound")
            .Validate(o => o.TripGrouping is TripGrouping.FirstCome or TripGrouping.ShortestWalk, "Wms:Outbound:TripGrouping must be first-come or shortest-walk.")
            .ValidateOnStart();
        return services;
    }
}
