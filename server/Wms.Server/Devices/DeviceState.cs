using Wms.Server.Alerts;

namespace Wms.Server.Devices;

/// <summary>
/// A device's settings and last state as the ingest keeps it between readings, with the rules that turn a
/// reading into effects. Owned by the ingest's writer: never touched by two threads.
/// </summary>
internal sealed class DeviceState
{
    public required long Id { get; init; }
    public required string Code { get; init; }
    public required long WarehouseId { get; init; }
    public required string WarehouseCode { get; init; }
    public required DeviceKind Kind { get; init; }
    public required bool Enabled { get; init; }
    public long? BinId { get; init; }
    public string BinCode { get; init; } = "";
    public long? SkuId { get; init; }
    public string SkuCode { get; init; } = "";
    public double UnitWeightGrams { get; init; }
    public string ZoneCode { get; init; } = "";
    public long? ZoneId { get; init; }
    public double TareGrams { get; init; }
    public double ToleranceUnits { get; init; }
    public TimeSpan Grace { get; init; }
    public double MinCelsius { get; init; }
    public double MaxCelsius { get; init; }

    public long LastSequence { get; set; }
    public DateTimeOffset? LastDeviceTime { get; set; }
    public double LastValue { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public bool Online { get; set; }
    public DateTimeOffset? DeviationSince { get; set; }
    public double OutOfRangeSeconds { get; set; }
    public long Accepted { get; set; }
    public long Rejected { get; set; }
    public string LastRejection { get; set; } = "";

    /// <summary>Whether this process has already raised the alert for the current deviation.</summary>
    public bool DeviationAlerted { get; set; }

    /// <summary>What a reading asks for beside the state change.</summary>
    public sealed record Effect(AlertKind Kind, string Subject, string Message, bool Raise, bool CycleCount = false);

    /// <summary>Why a reading is refused before it is stored, or null.</summary>
    public string? Refusal(Reading reading, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (!Enabled)
        {
            return "the device is disabled";
        }

        if (reading.Kind == ReadingKind.Weight && Kind != DeviceKind.Scale || reading.Kind == ReadingKind.Temperature && Kind != DeviceKind.Probe)
        {
            return $"a {Kind.ToString().ToLowerInvariant()} does not send {reading.Kind.ToString().ToLowerInvariant()} readings";
        }

        if (reading.DeviceTime > now + clockSkew)
        {
            return $"ts {reading.DeviceTime:O} is ahead of the server's clock by more than {clockSkew.TotalSeconds:0} s";
        }

        // A lower sequence with a newer time is not a late reading but a device whose counter went back.
        if (reading.Sequence < LastSequence && LastDeviceTime is { } last && reading.DeviceTime > last)
        {
            return $"seq {reading.Sequence} went backwards (last {LastSequence}) while ts moved forward";
        }

        return null;
    }

    /// <summary>Applies a stored reading that is newer than the state; <paramref name="bookUnits"/> is the book for a scale's bin and SKU.</summary>
    public void Apply(Reading reading, long bookUnits, List<Effect> effects)
    {
        var previousTime = LastDeviceTime;
        LastSequence = reading.Sequence;
        LastDeviceTime = reading.DeviceTime;
        LastValue = reading.Value;
        switch (reading.Kind)
        {
            case ReadingKind.Weight:
                var estimate = (reading.Value - TareGrams) / UnitWeightGrams;
                var mismatch = Math.Abs(estimate - bookUnits) > ToleranceUnits;
                if (Deviation(mismatch, reading.DeviceTime, previousTime, effects, AlertKind.WeightMismatch, BinCode))
                {
                    effects.Add(new Effect(AlertKind.WeightMismatch, BinCode,
                        $"Shelf {BinCode} weighs {reading.Value:0.#} g, about {estimate:0.#} units of {SkuCode}; the book says {bookUnits} (tolerance {ToleranceUnits:0.#}).{Since()}",
                        Raise: true, CycleCount: true));
                }

                break;
            case ReadingKind.Temperature:
                var outside = reading.Value < MinCelsius || reading.Value > MaxCelsius;
                if (Deviation(outside, reading.DeviceTime, previousTime, effects, AlertKind.TemperatureExcursion, Code))
                {
                    effects.Add(new Effect(AlertKind.TemperatureExcursion, Code,
                        $"Cold room {ZoneCode}: probe {Code} reads {reading.Value:0.0} °C, outside {MinCelsius:0.0}..{MaxCelsius:0.0} °C.{Since()}",
                        Raise: true));
                }

                break;
        }
    }

    private string Since() => $" Since {DeviationSince!.Value:yyyy-MM-dd HH:mm:ss} UTC.";

    /// <summary>
    /// Tracks a deviation (out of range, weight off the book); true when its alert is due now. The alert's text
    /// is formatted by the caller only then: most readings are in range, and formatting numbers for every one
    /// of them was a measurable part of the ingest's cost.
    /// </summary>
    private bool Deviation(bool deviating, DateTimeOffset at, DateTimeOffset? previousTime, List<Effect> effects, AlertKind kind, string subject)
    {
        if (DeviationSince is not null && previousTime is { } previous && at > previous && Kind == DeviceKind.Probe)
        {
            // Time out of range accrues from the first reading outside to the first one back inside.
            OutOfRangeSeconds += (at - previous).TotalSeconds;
        }

        if (!deviating)
        {
            if (DeviationSince is not null)
            {
                DeviationSince = null;
                DeviationAlerted = false;
                effects.Add(new Effect(kind, subject, "back within range", Raise: false));
            }

            return false;
        }

        DeviationSince ??= at;
        if (!DeviationAlerted && at - DeviationSince.Value >= Grace)
        {
            DeviationAlerted = true;
            return true;
        }

        return false;
    }
}
