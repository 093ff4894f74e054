namespace Wms.Server.Devices;

public static class DevicesRegistration
{
    public static IServiceCollection AddDevices(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DeviceOptions>(configuration.GetSection("Wms:Devices"));
        services.AddSingleton<IngestReadings>().AddHostedService(s => s.GetRequiredService<IngestReadings>());
        services.AddSingleton<DeviceMonitor>().AddHostedService(s => s.GetRequiredService<DeviceMonitor>());
        services.AddHostedService<DeviceDirectoryFollower>();
        return services
            .AddSingleton<DeviceDirectory>()
            .AddSingleton<DeviceQueries>()
            .AddSingleton<RegisterDevice.Handler>()
            .AddSingleton<DisableDevice.Handler>()
            .AddSingleton<RotateDeviceCredentials.Handler>();
    }

    /// <summary>Loads the registered devices before the broker takes connections.</summary>
    public static Task InitializeDevicesAsync(this IServiceProvider services) =>
        services.GetRequiredService<DeviceDirectory>().LoadAsync(CancellationToken.None);
}
