namespace Wms.Server.Floor;

/// <summary>The supervisors' read views of the floor: status now and the operations KPIs (docs/console.md).</summary>
public static class FloorRegistration
{
    public static IServiceCollection AddFloor(this IServiceCollection services)
    {
        services.AddSingleton<FloorStatus>();
        services.AddSingleton<OperationsKpis>();
        return services;
    }
}
