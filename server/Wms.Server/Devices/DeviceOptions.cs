namespace Wms.Server.Devices;

/// <summary>Wms:Devices settings.</summary>
public sealed class DeviceOptions
{
    /// <summary>Most readings stored in one transaction.</summary>
    public int MaxIngestBatch { get; set; } = 4096;

    /// <summary>A reading stamped further ahead of the server's clock than this is refused.</summary>
    public int MaxClockSkewSeconds { get; set; } = 300;

    /// <summary>Raw readings older than this (by arrival) are pruned; 0 keeps them forever.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>A cold-chain excursion puts the probe's zone's bins holding stock on hold (their lots are suspect until a person releases them).</summary>
    public bool HoldZoneOnExcursion { get; set; }

    /// <summary>How often silent devices are looked for and old readings pruned.</summary>
    public int MonitorSeconds { get; set; } = 5;
}
