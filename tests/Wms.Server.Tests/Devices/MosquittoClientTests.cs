using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

/// <summary>mosquitto_pub and mosquitto_sub (Debian mosquitto-clients) against the embedded broker.</summary>
public sealed class MosquittoClientTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    [Theory]
    [InlineData("0", "mqttv5")]
    [InlineData("1", "mqttv5")]
    [InlineData("2", "mqttv5")]
    [InlineData("1", "mqttv311")]
    [InlineData("2", "mqttv311")]
    public async Task MosquittoPub_ReadingAtQoS_Stored(string qos, string version)
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();

        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub",
            kit.MosquittoArgs(code, secret, code, version, "-q", qos, "-t", kit.Topic(code, "temperature"), "-m", Json(1, T0, "\"celsius\":4.25")));
        var device = await EventuallyAsync(() => kit.DeviceAsync(code), d => d.Accepted > 0);

        Assert.True(exit == 0, output);
        Assert.Equal((1L, 4.25), (device.Accepted, device.LastValue));
    }

    [Fact]
    public async Task MosquittoPub_WrongSecret_RefusedWithBadCredentials()
    {
        var kit = await CreateAsync(factory);
        var (code, _) = await kit.ProbeAsync();

        var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub",
            kit.MosquittoArgs(code, "wrong", code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "temperature"), "-m", Json(1, T0, "\"celsius\":4")));

        Assert.NotEqual(0, exit);
        Assert.Contains("bad user name or password", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, (await kit.DeviceAsync(code)).Accepted);
    }

    [Fact]
    public async Task MosquittoPub_OtherDevicesTopic_NotAuthorizedAndCounted()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        var (other, _) = await kit.ProbeAsync();

        // -d prints the PUBACK mosquitto_pub got, with MQTT 5's reason code (0x87 = 135, not authorized).
        var (_, output) = await Mosquitto.RunAsync("mosquitto_pub",
            kit.MosquittoArgs(code, secret, code, "mqttv5", "-d", "-q", "1", "-t", kit.Topic(other, "temperature"), "-m", Json(1, T0, "\"celsius\":4")));
        var device = await EventuallyAsync(() => kit.DeviceAsync(code), d => d.Rejected > 0);

        Assert.Contains("PUBACK", output, StringComparison.Ordinal);
        Assert.Contains("135", output, StringComparison.Ordinal);
        Assert.Equal(1L, device.Rejected);
        Assert.Equal(0L, (await kit.DeviceAsync(other)).Accepted);
    }

    [Fact]
    public async Task MosquittoSub_OtherDevicesCommandTopic_SubscriptionDenied()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        var (other, _) = await kit.ProbeAsync();

        var (_, output) = await Mosquitto.RunAsync("mosquitto_sub",
            kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(other, "cmd"), "-W", "3"));

        Assert.Contains("denied", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MosquittoPub_Retained_DeliveredToALaterObserver()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        var payload = Json(1, T0, "\"celsius\":3.5");

        await Mosquitto.RunAsync("mosquitto_pub", kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-r", "-t", kit.Topic(code, "temperature"), "-m", payload));
        var (exit, output) = await Mosquitto.RunAsync("mosquitto_sub",
            kit.MosquittoArgs("token", WmsServerFactory.AdminToken, null, "mqttv5", "-q", "1", "-t", kit.Topic(code, "temperature"), "-C", "1", "-W", "10"));

        Assert.True(exit == 0, output);
        Assert.Equal(payload, output.Trim());
    }

    [Fact]
    public async Task MosquittoSub_WatcherSubscribedLive_ReceivesReadingsWhichOtherwiseAreNotRouted()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var device = await kit.ConnectAsync(code, secret);
        // A device subscribed to its own cmd topic, as devices are: it must not make the broker route readings.
        await device.SubscribeAsync(
            new MQTTnet.MqttClientSubscribeOptionsBuilder().WithTopicFilter(kit.Topic(code, "cmd"), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);

        var unwatched = await PublishAsync(device, kit.Topic(code, "temperature"), Json(1, T0, "\"celsius\":4.0"));
        using var watcher = Mosquitto.Start("mosquitto_sub",
            kit.MosquittoArgs("token", WmsServerFactory.AdminToken, null, "mqttv5", "-q", "1", "-t", $"wms/{kit.Warehouse}/+/temperature", "-C", "1", "-W", "15"), out var output);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var payload = Json(2, T0.AddSeconds(1), "\"celsius\":4.5");
        var watched = await PublishAsync(device, kit.Topic(code, "temperature"), payload);
        await watcher.WaitForExitAsync(TestContext.Current.CancellationToken);

        // "Success": the WMS took it and nothing was routed; "no matching subscribers" would mean MQTTnet looked.
        Assert.Equal(MQTTnet.MqttClientPublishReasonCode.Success, unwatched.ReasonCode);
        Assert.True(watched.IsSuccess);
        Assert.Equal(payload, Mosquitto.Text(output).Trim());
        Assert.Equal(2, (await kit.DeviceAsync(code)).Accepted);
    }

    [Theory]
    [InlineData("mqttv5", "content-type")]
    [InlineData("mqttv311", "topic")]
    public async Task MosquittoPub_ProtobufFile_StoredLikeJson(string version, string chosenBy)
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        var file = Path.GetTempFileName();
        try
        {
            var message = new DeviceReadingPayload { Seq = 7, Ts = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(T0), Celsius = 9.25 };
            await File.WriteAllBytesAsync(file, Google.Protobuf.MessageExtensions.ToByteArray(message), TestContext.Current.CancellationToken);
            var how = chosenBy == "content-type"
                ? new[] { "-t", kit.Topic(code, "temperature"), "-D", "publish", "content-type", "application/x-protobuf" }
                : ["-t", kit.Topic(code, "temperature.pb")];

            var (exit, output) = await Mosquitto.RunAsync("mosquitto_pub", kit.MosquittoArgs(code, secret, code, version, ["-q", "1", "-f", file, .. how]));
            var device = await kit.DeviceAsync(code);

            Assert.True(exit == 0, output);
            Assert.Equal((7L, 9.25, 1L, 0L), (device.LastSequence, device.LastValue, device.Accepted, device.Rejected));
            Assert.Equal(T0.ToUnixTimeMilliseconds(), device.LastDeviceTime.ToDateTimeOffset().ToUnixTimeMilliseconds());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task MosquittoPub_ProtobufContentTypeWithJsonBytes_RejectedAndCounted()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();

        var (_, output) = await Mosquitto.RunAsync("mosquitto_pub",
            kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "temperature"), "-D", "publish", "content-type", "application/x-protobuf", "-m", Json(1, T0, "\"celsius\":4")));
        var device = await kit.DeviceAsync(code);

        Assert.Equal((0L, 1L), (device.Accepted, device.Rejected));
        Assert.Contains("protobuf", device.LastRejection, StringComparison.Ordinal);
        Assert.Contains("payload format invalid", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MosquittoSub_KilledWithWill_DeviceOfflineAlert()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        await Mosquitto.RunAsync("mosquitto_pub", kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "heartbeat"), "-m", Json(1, DateTimeOffset.UtcNow)));

        using var sub = Mosquitto.Start("mosquitto_sub",
            kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "cmd"), "--will-topic", kit.Topic(code, "status"), "--will-payload", "offline", "--will-qos", "1"),
            out var output);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        sub.Kill();
        var alerts = await EventuallyAsync(() => kit.AlertsAsync(), a => a.Count > 0);

        Assert.True(alerts.Count == 1, Mosquitto.Text(output));
        Assert.Equal((AlertKind.DeviceOffline, code), (alerts[0].Kind, alerts[0].Subject));
    }

    [Fact]
    public async Task MosquittoPub_ScanWithUnknownReceipt_ErrorOnTheCommandTopic()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ScannerAsync();
        using var observer = Mosquitto.Start("mosquitto_sub",
            kit.MosquittoArgs("token", WmsServerFactory.AdminToken, null, "mqttv5", "-q", "1", "-t", kit.Topic(code, "cmd"), "-C", "1", "-W", "15"), out var replies);
        await Task.Delay(500, TestContext.Current.CancellationToken);

        await Mosquitto.RunAsync("mosquitto_pub", kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "scan"),
            "-m", Json(1, T0, "\"action\":\"receive\",\"receipt\":\"NO-SUCH\",\"sku\":\"X\",\"qty\":1,\"bin\":\"DOCK-1\"")));
        await observer.WaitForExitAsync(TestContext.Current.CancellationToken);

        var reply = Mosquitto.Text(replies);
        Assert.Contains("\"ok\":false", reply, StringComparison.Ordinal);
        Assert.Contains("NO-SUCH", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MosquittoPub_ScanReceive_StockReceivedLikeTheGrpcCall()
    {
        var kit = await CreateAsync(factory);
        var (sku, gtin) = await kit.Inventory.NewSkuAsync();
        var receipt = await kit.Inventory.NewReceiptAsync((sku, 5));
        var (code, secret) = await kit.ScannerAsync();
        var scan = Json(1, T0, $"\"action\":\"receive\",\"receipt\":\"{receipt}\",\"barcode\":\"{gtin}\",\"qty\":3,\"bin\":\"DOCK-1\"");

        await Mosquitto.RunAsync("mosquitto_pub", kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "scan"), "-m", scan));
        // The same scan again (a redelivery): the request id is device and sequence, so nothing more is received.
        await Mosquitto.RunAsync("mosquitto_pub", kit.MosquittoArgs(code, secret, code, "mqttv5", "-q", "1", "-t", kit.Topic(code, "scan"), "-m", scan));

        Assert.Equal(3, await kit.Inventory.OnHandAsync(sku, "DOCK-1"));
        var entry = Assert.Single(await kit.Inventory.LedgerAsync(sku));
        Assert.Equal(("device:" + code, code + ":1"), (entry.Actor, entry.RequestId));
    }
}
