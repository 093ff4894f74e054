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

    /// <summary>
    /// What a cold-chain excursion puts on hold in the probe's zone (their stock is suspect until a person releases
    /// it): nothing (the default), each lot with stock there (<see cref="ExcursionHold.Lots"/>), or the bins holding stock.
    /// </summary>
    public ExcursionHold HoldOnExcursion { get; set; }

    /// <summary>The older switch: true is <see cref="HoldOnExcursion"/> = <see cref="ExcursionHold.Bins"/> (when that is not set).</summary>
    public bool HoldZoneOnExcursion { get; set; }

    /// <summary>What an excursion holds, with the older switch taken into account.</summary>
    public ExcursionHold ExcursionHolds => HoldOnExcursion == ExcursionHold.None && HoldZoneOnExcursion ? ExcursionHold.Bins : HoldOnExcursion;

    /// <summary>How often silent devices are looked for and old readings pruned.</summary>
    public int MonitorSeconds { get; set; } = 5;
}

/// <summary>What a cold-chain excursion puts on hold in its zone (Wms:Devices:HoldOnExcursion).</summary>
public enum ExcursionHold
{
    /// <summary>Nothing: the alert and the time out of range per lot only.</summary>
    None,

    /// <summary>Each SKU and lot with stock in the zone, in its bin (a lot hold): the bins' other stock, and stock arriving later, stay free.</summary>
    Lots,

    /// <summary>Each bin of the zone holding stock (a bin hold): everything in it, and nothing more put into it.</summary>
    Bins,
}
