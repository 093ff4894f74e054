using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Wms.Server.Tests.Transport;
using Wms.Server.Transport.Mqtt;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>The embedded broker's TLS endpoint, with mosquitto_pub (Debian mosquitto-clients) as the device.</summary>
public sealed class MqttTlsTests
{
    [Fact]
    public async Task MosquittoPub_OverTlsOnPortsTheSystemPicked_ReadingStored()
    {
        Mosquitto.Require("mosquitto_pub");
        var dir = Directory.CreateTempSubdirectory("wms-mqtt-tls-");
        var certificate = TestCertificates.SelfSigned("localhost");
        var pfx = Path.Combine(dir.FullName, "broker.pfx");
        var pem = Path.Combine(dir.FullName, "broker.pem");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "secret"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem(), TestContext.Current.CancellationToken);
        await using var server = new WmsServerFactory();
        server.Settings["Wms:Mqtt:TlsAddress"] = "127.0.0.1:0";
        server.Settings["Wms:Mqtt:CertificatePath"] = pfx;
        server.Settings["Wms:Mqtt:CertificatePassword"] = "secret";
        var kit = await CreateAsync(server);
        var broker = server.Services.GetRequiredService<EmbeddedBroker>();
        var (code, secret) = await kit.ProbeAsync();

        // The certificate names localhost and the broker is reached at 127.0.0.1: --insecure skips only the host name check.
        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub", MosquittoArgsOn(broker.TlsPort, code, secret, code, "mqttv5",
            "--cafile", pem, "--insecure", "-q", "1", "-t", kit.Topic(code, "temperature"), "-m", Json(1, DateTimeOffset.UtcNow.AddMinutes(-5), "\"celsius\":3.5")));
        var device = await EventuallyAsync(() => kit.DeviceAsync(code), d => d.Accepted > 0);

        Assert.True(exit == 0, output);
        Assert.NotEqual(0, broker.Port);
        Assert.NotEqual(0, broker.TlsPort);
        Assert.NotEqual(broker.Port, broker.TlsPort);
        Assert.Equal((1L, 3.5), (device.Accepted, device.LastValue));
        dir.Delete(recursive: true);
    }
}
