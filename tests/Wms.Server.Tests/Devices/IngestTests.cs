using Wms.Client;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Protocol;
using Wms.Contracts.V1;
using Wms.Server.Devices;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Devices.DeviceKit;

namespace Wms.Server.Tests.Devices;

public sealed class IngestTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddHours(-1);

    [Fact]
    public async Task Publish_QoS1Reading_StoredBeforeThePubAckArrives()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);

        var ack = await PublishAsync(client, kit.Topic(code, "temperature"), Json(1, T0, "\"celsius\":4.5"));
        // No waiting: the PUBACK itself says the reading is committed.
        var device = await kit.DeviceAsync(code);
        var readings = await kit.Inventory.Call(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = code });

        Assert.True(ack.IsSuccess);
        Assert.Equal((1L, 4.5, 1L, true), (device.LastSequence, device.LastValue, device.Accepted, device.Online));
        Assert.Equal(4.5, Assert.Single(readings.Readings).Value);
    }

    [Fact]
    public async Task Publish_SameSequenceTwice_StoredOnce()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(7, T0, "\"celsius\":5"));
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(7, T0, "\"celsius\":5"));
        var device = await kit.DeviceAsync(code);
        var readings = await kit.Inventory.Call(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = code });

        Assert.Equal(1L, device.Accepted);
        Assert.Single(readings.Readings);
    }

    [Fact]
    public async Task Publish_OlderReadingAfterNewer_StoredButLastValueKept()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(10, T0.AddMinutes(10), "\"celsius\":6"));
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(9, T0.AddMinutes(9), "\"celsius\":3"));
        var device = await kit.DeviceAsync(code);
        var readings = await kit.Inventory.Call(WmsMethods.Device.ListReadings, new ListReadingsRequest { DeviceCode = code });

        Assert.Equal((10L, 6.0), (device.LastSequence, device.LastValue));
        Assert.Equal([9L, 10L], readings.Readings.Select(r => r.Sequence));
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("{\"ts\":\"2026-01-01T00:00:00Z\",\"celsius\":3}", "seq")]
    [InlineData("{\"seq\":1,\"ts\":\"2026-01-01T00:00:00+02:00\",\"celsius\":3}", "ts")]
    [InlineData("{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"celsius\":\"warm\"}", "celsius")]
    [InlineData("{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"grams\":null}", "grams")]
    public async Task Publish_BadPayload_RejectedCountedAndReasonGiven(string payload, string reason)
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);
        var kind = reason == "grams" ? "weight" : "temperature";

        var ack = await PublishAsync(client, kit.Topic(code, kind), payload);
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(2, T0, "\"celsius\":4"));
        var device = await kit.DeviceAsync(code);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, ack.ReasonCode);
        Assert.Contains(reason, ack.ReasonString, StringComparison.Ordinal);
        Assert.Equal((1L, 1L), (device.Rejected, device.Accepted));
        Assert.Contains(reason, device.LastRejection, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_SequenceBackwardsWithNewerTime_Rejected()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(50, T0, "\"celsius\":4"));
        var ack = await PublishAsync(client, kit.Topic(code, "temperature"), Json(3, T0.AddMinutes(1), "\"celsius\":4"));
        var device = await kit.DeviceAsync(code);

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, ack.ReasonCode);
        Assert.Equal((50L, 1L), (device.LastSequence, device.Rejected));
    }

    [Fact]
    public async Task Publish_OtherDevicesTopic_NotAuthorizedAndCounted()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        var (other, _) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);

        var ack = await PublishAsync(client, kit.Topic(other, "temperature"), Json(1, T0, "\"celsius\":4"));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, ack.ReasonCode);
        Assert.Equal(1L, (await kit.DeviceAsync(code)).Rejected);
        Assert.Equal(0L, (await kit.DeviceAsync(other)).Accepted);
    }

    [Fact]
    public async Task Subscribe_OwnCommandTopicGrantedOthersRefused()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        using var client = await kit.ConnectAsync(code, secret);

        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(kit.Topic(code, "cmd"), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter($"wms/{kit.Warehouse}/#", MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);

        Assert.Equal([MqttClientSubscribeResultCode.GrantedQoS1, MqttClientSubscribeResultCode.NotAuthorized], result.Items.Select(i => i.ResultCode));
    }

    [Fact]
    public async Task Weight_MismatchBeyondGrace_CycleCountAndAlertRaisedStockUnchanged()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.Inventory.NewSkuAsync(weightKg: 0.5);
        await kit.Inventory.StockAsync(sku, 10, "R-01");
        var (code, secret) = await kit.ScaleAsync(sku, "R-01", graceSeconds: 60, tolerance: 1, tare: 200);
        using var client = await kit.ConnectAsync(code, secret);

        // 200 g tare + 10 x 500 g: matches the book.
        await PublishAsync(client, kit.Topic(code, "weight"), Json(1, T0, "\"grams\":5200"));
        // Six units gone, but for less than the grace period: nothing yet.
        await PublishAsync(client, kit.Topic(code, "weight"), Json(2, T0.AddSeconds(10), "\"grams\":2200"));
        var early = await kit.AlertsAsync();
        await PublishAsync(client, kit.Topic(code, "weight"), Json(3, T0.AddSeconds(75), "\"grams\":2210"));
        var counts = await EventuallyAsync(
            async () => (await kit.Inventory.Call(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = kit.Warehouse })).Counts,
            c => c.Count > 0);

        Assert.Empty(early);
        var alert = Assert.Single(await kit.AlertsAsync());
        Assert.Equal((AlertKind.WeightMismatch, "R-01"), (alert.Kind, alert.Subject));
        Assert.Equal("R-01", Assert.Single(counts).BinCode);
        Assert.Equal(10, await kit.Inventory.OnHandAsync(sku, "R-01"));
    }

    [Fact]
    public async Task Weight_BackWithinTolerance_AlertResolved()
    {
        var kit = await CreateAsync(factory);
        var (sku, _) = await kit.Inventory.NewSkuAsync(weightKg: 1);
        await kit.Inventory.StockAsync(sku, 4, "R-02");
        var (code, secret) = await kit.ScaleAsync(sku, "R-02", graceSeconds: 0);
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "weight"), Json(1, T0, "\"grams\":1000"));
        var raised = await kit.AlertsAsync();
        await PublishAsync(client, kit.Topic(code, "weight"), Json(2, T0.AddSeconds(5), "\"grams\":4000"));

        Assert.Single(raised);
        Assert.Empty(await kit.AlertsAsync());
        Assert.Equal("back within range", Assert.Single(await kit.AlertsAsync(openOnly: false)).Resolution);
    }

    [Fact]
    public async Task Temperature_OutOfRangeBeyondGrace_ExcursionRaisedTimeAccruedThenClosed()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync(graceSeconds: 120);
        using var client = await kit.ConnectAsync(code, secret);

        await PublishAsync(client, kit.Topic(code, "temperature"), Json(1, T0, "\"celsius\":5"));
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(2, T0.AddSeconds(60), "\"celsius\":9.5"));
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(3, T0.AddSeconds(120), "\"celsius\":10"));
        var withinGrace = await kit.AlertsAsync();
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(4, T0.AddSeconds(200), "\"celsius\":11"));
        var raised = await kit.AlertsAsync();
        await PublishAsync(client, kit.Topic(code, "temperature"), Json(5, T0.AddSeconds(260), "\"celsius\":6"));
        var device = await kit.DeviceAsync(code);

        Assert.Empty(withinGrace);
        Assert.Equal(AlertKind.TemperatureExcursion, Assert.Single(raised).Kind);
        Assert.Empty(await kit.AlertsAsync());
        Assert.Equal(200, device.OutOfRangeSeconds);
    }

    [Fact]
    public async Task Heartbeat_SilentPastInterval_OfflineAlertThenResolvedOnNextReading()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync(heartbeatSeconds: 1);
        using var client = await kit.ConnectAsync(code, secret);
        await PublishAsync(client, kit.Topic(code, "heartbeat"), Json(1, DateTimeOffset.UtcNow));

        await Task.Delay(1500, TestContext.Current.CancellationToken);
        await factory.Services.GetRequiredService<DeviceMonitor>().CheckAsync(TestContext.Current.CancellationToken);
        var offline = await kit.AlertsAsync();
        var device = await kit.DeviceAsync(code);
        await PublishAsync(client, kit.Topic(code, "heartbeat"), Json(2, DateTimeOffset.UtcNow));

        Assert.Equal((AlertKind.DeviceOffline, code), (Assert.Single(offline).Kind, offline[0].Subject));
        Assert.False(device.Online);
        Assert.Empty(await kit.AlertsAsync());
    }

    [Fact]
    public async Task Will_ConnectionDropped_DeviceMarkedOffline()
    {
        var kit = await CreateAsync(factory);
        var (code, secret) = await kit.ProbeAsync();
        var client = await kit.ConnectAsync(code, secret, configure: b => b.WithWillTopic(kit.Topic(code, "status")).WithWillPayload("offline"u8.ToArray()));
        await PublishAsync(client, kit.Topic(code, "heartbeat"), Json(1, DateTimeOffset.UtcNow));

        // Dropping the socket without DISCONNECT makes the broker send the will.
        client.Dispose();
        var alerts = await EventuallyAsync(() => kit.AlertsAsync(), a => a.Count > 0);

        Assert.Equal((AlertKind.DeviceOffline, code), (Assert.Single(alerts).Kind, alerts[0].Subject));
    }
}
