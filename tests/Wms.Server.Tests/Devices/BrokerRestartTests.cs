using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Wms.Server.Transport.Mqtt;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>What of the embedded broker outlives a restart of the server: its retained messages (sessions: SessionRestartTests).</summary>
public sealed class BrokerRestartTests
{
    private static List<string> Args(int port, string user, string password, params string[] more) =>
        ["-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-u", user, "-P", password, "-V", "mqttv5", .. more];

    [Fact]
    public async Task MosquittoPub_RetainedQoS1ThenServerRestarted_AWatcherAfterTheRestartGetsIt()
    {
        Mosquitto.Require("mosquitto_pub");
        var first = new WmsServerFactory { KeepDatabase = true };
        string topic, payload;
        await using (first)
        {
            var kit = await CreateAsync(first);
            var (code, secret) = await kit.ProbeAsync();
            topic = kit.Topic(code, "temperature");
            payload = Json(1, DateTimeOffset.UtcNow.AddMinutes(-1), "\"celsius\":3.5");

            var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub", Args(kit.Port, code, secret, "-i", code, "-q", "1", "-r", "-t", topic, "-m", payload));
            Assert.True(exit == 0, output);
        }

        // The PUBACK came after the retained message was committed: the first server is gone, its memory with it.
        await using var second = new SameDatabaseFactory(first.DatabasePath);
        var port = second.Services.GetRequiredService<EmbeddedBroker>().Port;
        var (subExit, received) = await Mosquitto.RunAsync("mosquitto_sub",
            Args(port, "token", WmsServerFactory.AdminToken, "-q", "1", "-t", topic, "-C", "1", "-W", "10"));

        Assert.True(subExit == 0, received);
        Assert.Equal(payload, received.Trim());
    }
}
