using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Server.Devices;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps DeviceService messages to the devices feature.</summary>
public sealed class DeviceGrpcService(
    RegisterDevice.Handler register, DisableDevice.Handler disable, RotateDeviceCredentials.Handler rotate, DeviceQueries queries) : DeviceService.DeviceServiceBase
{
    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<DeviceSecret> RegisterDevice(RegisterDeviceRequest r, ServerCallContext c)
    {
        var result = await register.HandleAsync(
            new RegisterDevice.Command(r.RequestId, Actor(c), r.WarehouseCode, r.Code, (Devices.DeviceKind)r.Kind, r.BinCode, r.SkuCode, r.ZoneCode,
                r.TareGrams, r.ToleranceUnits, r.GraceSeconds, r.MinCelsius, r.MaxCelsius, r.HeartbeatSeconds), c.CancellationToken);
        return new DeviceSecret { Device = Map(result.Device), Secret = result.Secret };
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListDevicesResponse> ListDevices(ListDevicesRequest r, ServerCallContext c)
    {
        var response = new ListDevicesResponse();
        response.Devices.AddRange((await queries.ListAsync(r.WarehouseCode, c.CancellationToken)).Select(Map));
        return response;
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<V1.Device> GetDevice(GetDeviceRequest r, ServerCallContext c) => Map(await queries.GetAsync(r.DeviceCode, c.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<V1.Device> DisableDevice(DisableDeviceRequest r, ServerCallContext c) =>
        Map(await disable.HandleAsync(new DisableDevice.Command(r.RequestId, Actor(c), r.DeviceCode, r.Enable), c.CancellationToken));

    [Authorize(Roles = RoleSets.Supervisors)]
    public override async Task<DeviceSecret> RotateDeviceCredentials(RotateDeviceCredentialsRequest r, ServerCallContext c)
    {
        var result = await rotate.HandleAsync(new RotateDeviceCredentials.Command(r.RequestId, Actor(c), r.DeviceCode), c.CancellationToken);
        return new DeviceSecret { Device = Map(result.Device), Secret = result.Secret };
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListReadingsResponse> ListReadings(ListReadingsRequest r, ServerCallContext c)
    {
        var rows = await queries.ReadingsAsync(r.DeviceCode, r.From?.ToDateTimeOffset(), r.To?.ToDateTimeOffset(), r.Limit, c.CancellationToken);
        var response = new ListReadingsResponse();
        response.Readings.AddRange(rows.Select(x => new V1.DeviceReading
        {
            Sequence = x.Sequence, DeviceTime = Timestamp.FromDateTimeOffset(x.DeviceTime), ReceivedAt = Timestamp.FromDateTimeOffset(x.ReceivedAt), Value = x.Value,
        }));
        return response;
    }

    [Authorize(Roles = RoleSets.Everyone)]
    public override async Task<ListLotExposuresResponse> ListLotExposures(ListLotExposuresRequest r, ServerCallContext c)
    {
        var rows = await queries.LotExposuresAsync(r.WarehouseCode, r.SkuCode, r.Lot, c.CancellationToken);
        var response = new ListLotExposuresResponse();
        response.Exposures.AddRange(rows.Select(x => new V1.LotExposure
        {
            SkuCode = x.SkuCode, Lot = x.Lot, DeviceCode = x.DeviceCode, ZoneCode = x.ZoneCode, Seconds = x.Seconds,
            FirstAt = Timestamp.FromDateTimeOffset(x.FirstAt), LastAt = Timestamp.FromDateTimeOffset(x.LastAt),
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
