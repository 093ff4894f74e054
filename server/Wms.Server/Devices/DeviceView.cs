namespace Wms.Server.Devices;

/// <summary>A device as callers see it: settings, last state and counters, never its secret.</summary>
public sealed record DeviceView(
    string Code, string WarehouseCode, DeviceKind Kind, bool Enabled, string BinCode, string SkuCode, string ZoneCode,
    double TareGrams, double ToleranceUnits, int GraceSeconds, double MinCelsius, double MaxCelsius, int HeartbeatSeconds,
    long LastSequence, DateTimeOffset? LastDeviceTime, double LastValue, DateTimeOffset? LastSeenAt, bool Online,
    double OutOfRangeSeconds, long Accepted, long Rejected, string LastRejection);
