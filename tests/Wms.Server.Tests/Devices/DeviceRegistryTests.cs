using Grpc.Core;
using Wms.Client;
using MQTTnet;
using MQTTnet.Adapter;
using Wms.Contracts.V1;
using Wms.Server.Transport.Grpc;
using Xunit;
using static Wms.Server.Tests.Inventory.InventoryKit;

namespace Wms.Server.Tests.Devices;

public sealed class DeviceRegistryTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task RegisterDevice_RetryWithSameRequestId_SameDeviceWithoutSecret()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var request = new RegisterDeviceRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, Code = DeviceKit.NewCode("SCN"), Kind = DeviceKind.Scanner };

        var first = await kit.Inventory.Call(WmsMethods.Device.RegisterDevice, request);
        var retry = await kit.Inventory.Call(WmsMethods.Device.RegisterDevice, request);
        var listed = await kit.Inventory.Call(WmsMethods.Device.ListDevices, new ListDevicesRequest { WarehouseCode = kit.Warehouse });

        Assert.StartsWith("wms_", first.Secret, StringComparison.Ordinal);
        Assert.Equal("", retry.Secret);
        Assert.Equal(first.Device.Code, Assert.Single(listed.Devices).Code);
    }

    [Theory]
    [InlineData("has/slash", DeviceKind.Scanner, "", "code")]
    [InlineData("SCL-X", DeviceKind.Scale, "", "bin_code")]
    [InlineData("PRB-X", DeviceKind.Probe, "", "zone_code")]
    [InlineData("ODD-X", DeviceKind.Unspecified, "", "kind")]
    public async Task RegisterDevice_BadInput_InvalidArgumentNamingTheField(string code, DeviceKind kind, string bin, string field)
    {
        var kit = await DeviceKit.CreateAsync(factory);

        var error = await FailsAsync(kit.Inventory.Call(WmsMethods.Device.RegisterDevice,
            new RegisterDeviceRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, Code = code, Kind = kind, BinCode = bin, MinCelsius = 1, MaxCelsius = 5 }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterDevice_ByPicker_PermissionDenied()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var picker = factory.RegisterToken("picker", Wms.Server.Security.Role.Picker);

        var error = await FailsAsync(kit.Inventory.Call(WmsMethods.Device.RegisterDevice,
            new RegisterDeviceRequest { RequestId = Id(), WarehouseCode = kit.Warehouse, Code = DeviceKit.NewCode("SCN"), Kind = DeviceKind.Scanner }, picker));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task DisableDevice_Connected_DisconnectedAndRefusedAfterwards()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var (code, secret) = await kit.ScannerAsync();
        using var client = await kit.ConnectAsync(code, secret);
        var disconnected = new TaskCompletionSource();
        client.DisconnectedAsync += _ => { disconnected.TrySetResult(); return Task.CompletedTask; };

        await kit.Inventory.Call(WmsMethods.Device.DisableDevice, new DisableDeviceRequest { RequestId = Id(), DeviceCode = code });
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var refused = await kit.RefusedAsync(code, secret);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused);
        Assert.False((await kit.DeviceAsync(code)).Enabled);
    }

    [Fact]
    public async Task RotateDeviceCredentials_OldSecretRefusedNewOneAccepted()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var (code, old) = await kit.ScannerAsync();

        var rotated = await kit.Inventory.Call(WmsMethods.Device.RotateDeviceCredentials, new RotateDeviceCredentialsRequest { RequestId = Id(), DeviceCode = code });
        var refused = await kit.RefusedAsync(code, old);
        using var client = await kit.ConnectAsync(code, rotated.Secret);

        Assert.NotEqual(old, rotated.Secret);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused);
        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Connect_ClientIdOfAnotherDevice_ClientIdentifierNotValid()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var (code, secret) = await kit.ScannerAsync();

        var refused = await kit.RefusedAsync(code, secret, configure: b => b.WithClientId("someone-else"));

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refused);
    }

    [Fact]
    public async Task Connect_Mqtt5EmptyClientId_DeviceCodeAssigned()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var (code, secret) = await kit.ScannerAsync();

        using var client = await kit.ConnectAsync(code, secret, configure: b => b.WithClientId(""));

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task Connect_Mqtt311EmptyClientIdCleanSession_IdentifierRejected()
    {
        var kit = await DeviceKit.CreateAsync(factory);
        var (code, secret) = await kit.ScannerAsync();

        // MQTT-3.1.3-6 lets a server assign an id here but does not require it; MQTTnet 5.2 applies an assigned id for MQTT 5
        // only, so 3.1.1 gets the refusal MQTT-3.1.3-8 prescribes: CONNACK 0x02, identifier rejected.
        var refused = await kit.RefusedAsync(code, secret, configure: b => b.WithClientId("").WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).WithCleanSession());

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, refused);
    }
}
