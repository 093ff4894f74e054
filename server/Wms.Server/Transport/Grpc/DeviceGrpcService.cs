using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Devices;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps DeviceService messages to the devices feature.</summary>
public sealed class DeviceGrpcService(
    RegisterDevice.Handler register, DisableDevice.Handler disable, RotateDeviceCredentials.Handler rotate, DeviceQueries queries) : IGrpcService<DeviceGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = DevicesReflection.Descriptor.Services[0];
    public static readonly Method<RegisterDeviceRequest, DeviceSecret> RegisterDeviceMethod = Create<RegisterDeviceRequest, DeviceSecret>(Service, "RegisterDevice");
    public static readonly Method<ListDevicesRequest, ListDevicesResponse> ListDevicesMethod = Create<ListDevicesRequest, ListDevicesResponse>(Service, "ListDevices");
    public static readonly Method<GetDeviceRequest, V1.Device> GetDeviceMethod = Create<GetDeviceRequest, V1.Device>(Service, "GetDevice");
    public static readonly Method<DisableDeviceRequest, V1.Device> DisableDeviceMethod = Create<DisableDeviceRequest, V1.Device>(Service, "DisableDevice");
    public static readonly Method<RotateDeviceCredentialsRequest, DeviceSecret> RotateDeviceCredentialsMethod = Create<RotateDeviceCredentialsRequest, DeviceSecret>(Service, "RotateDeviceCredentials");
    public static readonly Method<ListReadingsRequest, ListReadingsResponse> ListReadingsMethod = Create<ListReadingsRequest, ListReadingsResponse>(Service, "ListReadings");

    public static void Bind(GrpcServiceBinder<DeviceGrpcService> binder) => binder
        .Describe(Service)
        .Unary(RegisterDeviceMethod, static (s, r, c) => s.Register(r, c))
        .Unary(ListDevicesMethod, static (s, r, c) => s.List(r, c))
        .Unary(GetDeviceMethod, static (s, r, c) => s.Get(r, c))
        .Unary(DisableDeviceMethod, static (s, r, c) => s.Disable(r, c))
        .Unary(RotateDeviceCredentialsMethod, static (s, r, c) => s.Rotate(r, c))
        .Unary(ListReadingsMethod, static (s, r, c) => s.Readings(r, c));

    public static void Authorize(MethodRoles roles)
    {
        Role[] managers = [Role.Admin, Role.Supervisor];
        roles
            .Allow(RegisterDeviceMethod.FullName, managers)
            .Allow(DisableDeviceMethod.FullName, managers)
            .Allow(RotateDeviceCredentialsMethod.FullName, managers)
            .Allow(ListDevicesMethod.FullName, Everyone)
            .Allow(GetDeviceMethod.FullName, Everyone)
            .Allow(ListReadingsMethod.FullName, Everyone);
    }

    private async Task<DeviceSecret> Register(RegisterDeviceRequest r, ServerCallContext c)
    {
        var result = await register.HandleAsync(
            new RegisterDevice.Command(r.RequestId, Actor(c), r.WarehouseCode, r.Code, (Devices.DeviceKind)r.Kind, r.BinCode, r.SkuCode, r.ZoneCode,
                r.TareGrams, r.ToleranceUnits, r.GraceSeconds, r.MinCelsius, r.MaxCelsius, r.HeartbeatSeconds), c.CancellationToken);
        return new DeviceSecret { Device = Map(result.Device), Secret = result.Secret };
    }

    private async Task<ListDevicesResponse> List(ListDevicesRequest r, ServerCallContext c)
    {
        var response = new ListDevicesResponse();
        response.Devices.AddRange((await queries.ListAsync(r.WarehouseCode, c.CancellationToken)).Select(Map));
        return response;
    }

    private async Task<V1.Device> Get(GetDeviceRequest r, ServerCallContext c) => Map(await queries.GetAsync(r.DeviceCode, c.CancellationToken));

    private async Task<V1.Device> Disable(DisableDeviceRequest r, ServerCallContext c) =>
        Map(await disable.HandleAsync(new DisableDevice.Command(r.RequestId, Actor(c), r.DeviceCode, r.Enable), c.CancellationToken));

    private async Task<DeviceSecret> Rotate(RotateDeviceCredentialsRequest r, ServerCallContext c)
    {
        var result = await rotate.HandleAsync(new RotateDeviceCredentials.Command(r.RequestId, Actor(c), r.DeviceCode), c.CancellationToken);
        return new DeviceSecret { Device = Map(result.Device), Secret = result.Secret };
    }

    private async Task<ListReadingsResponse> Readings(ListReadingsRequest r, ServerCallContext c)
    {
        var rows = await queries.ReadingsAsync(r.DeviceCode, r.From?.ToDateTimeOffset(), r.To?.ToDateTimeOffset(), r.Limit, c.CancellationToken);
        var response = new ListReadingsResponse();
        response.Readings.AddRange(rows.Select(x => new V1.DeviceReading
        {
            Sequence = x.Sequence, DeviceTime = Timestamp.FromDateTimeOffset(x.DeviceTime), ReceivedAt = Timestamp.FromDateTimeOffset(x.ReceivedAt), Value = x.Value,
        }));
        return response;
    }

    private static Timestamp? Time(DateTimeOffset? at) => at is { } t ? Timestamp.FromDateTimeOffset(t) : null;

    private static V1.Device Map(DeviceView d) => new()
    {
        Code = d.Code, WarehouseCode = d.WarehouseCode, Kind = (V1.DeviceKind)d.Kind, Enabled = d.Enabled, BinCode = d.BinCode, SkuCode = d.SkuCode,
        ZoneCode = d.ZoneCode, TareGrams = d.TareGrams, ToleranceUnits = d.ToleranceUnits, GraceSeconds = d.GraceSeconds, MinCelsius = d.MinCelsius,
        MaxCelsius = d.MaxCelsius, HeartbeatSeconds = d.HeartbeatSeconds, LastSequence = d.LastSequence, LastDeviceTime = Time(d.LastDeviceTime),
        LastValue = d.LastValue, LastSeenAt = Time(d.LastSeenAt), Online = d.Online, OutOfRangeSeconds = d.OutOfRangeSeconds, Accepted = d.Accepted,
        Rejected = d.Rejected, LastRejection = d.LastRejection,
    };
}

/// <summary>Devices and alerts are mapped beside the services GrpcTransport maps (kept out of that file while the transport is rewritten).</summary>
public static class DeviceGrpcRegistration
{
    public static WebApplication MapDeviceGrpcServices(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<MethodRoles>();
        DeviceGrpcService.Authorize(roles);
        AlertGrpcService.Authorize(roles);
        app.MapGrpcService<DeviceGrpcService>();
        app.MapGrpcService<AlertGrpcService>();
        return app;
    }
}
