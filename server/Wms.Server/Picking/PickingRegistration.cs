using Wms.Server.Outbound;

namespace Wms.Server.Picking;

public static class PickingRegistration
{
    public static IServiceCollection AddPicking(this IServiceCollection services) => services
        .AddSingleton<ReleaseWave.Handler>()
        .AddSingleton<AllocateBackorders.Handler>()
        .AddSingleton<IOrderCancellation, CancelPickTasks>()
        .AddSingleton<GetNextPickTask.Handler>()
        .AddSingleton<ConfirmPick.Handler>()
        .AddSingleton<ShortPick.Handler>()
        .AddSingleton<SkipPick.Handler>()
        .AddSingleton<ListTripTasks.Handler>()
        .AddSingleton<RecordTotes.Handler>()
        .AddSingleton<DropOffTrip.Handler>();
}
