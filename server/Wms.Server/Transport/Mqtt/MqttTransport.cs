using Wms.Server.Devices;

namespace Wms.Server.Transport.Mqtt;

public static class MqttTransport
{
    /// <summary>The embedded broker or the external-broker client (Wms:Mqtt:Mode), the shared ingest mapping, and alert publishing.</summary>
    public static IServiceCollection AddMqttTransport(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Wms:Mqtt");
        services.Configure<MqttOptions>(section);
        var mode = section.GetValue("Mode", MqttMode.Embedded);
        services.AddSingleton<MqttIngest>().AddSingleton<ScannerEvents>();
        switch (mode)
        {
            case MqttMode.Embedded:
                services.AddSingleton<RetainedMessages>().AddSingleton<PersistentSessions>().AddSingleton<EmbeddedBroker>()
                    .AddSingleton<IMqttOutbound>(s => s.GetRequiredService<EmbeddedBroker>())
                    .AddHostedService(s => s.GetRequiredService<EmbeddedBroker>());
                break;
            case MqttMode.External:
                services.AddSingleton<ExternalBrokerClient>()
                    .AddSingleton<IMqttOutbound>(s => s.GetRequiredService<ExternalBrokerClient>())
                    .AddHostedService(s => s.GetRequiredService<ExternalBrokerClient>());
                break;
            default:
                return services;
        }

        return services.AddHostedService<AlertPublisher>();
    }
}
