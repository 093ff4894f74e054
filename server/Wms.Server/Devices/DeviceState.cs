using Wms.Server.Alerts;

namespace Wms.Server.Devices;

/// <summary>
/// A device (its row, <see cref="Devices.Device"/>: settings and last state) with the codes its ids point at, as the
/// ingest keeps it between readings, and the rules that turn a reading into effects. Owned by the ingest's writer:
/// never touched by two threads.
/// </summary>
internal sealed class DeviceState
{
    /// <summary>
    /// The device's row: its settings and last state as <see cref="Devices.Device"/> defines them (one definition for
    /// EF and for the ingest's prepared SQL, which reads and writes it without a change tracker).
    /// </summary>
    public required Device Device { get; init; }

    // Codes of what the device's ids point at, for the alerts' texts and the use cases a reading asks for.
    public required string WarehouseCode { get; init; }
    public string BinCode { get; init; } = "";
    public string SkuCode { get; init; } = "";
    public string ZoneCode { get; init; } = "";
    public double UnitWeightGrams { get; init; }

    public string Code => Device.Code;

    /// <summary>Whether this process has already raised the alert for the current deviation.</summary>
    public bool DeviationAlerted { get; set; }

    /// <summary>What a reading asks for beside the state change.</summary>
    public sealed record Effect(AlertKind Kind, string Subject, string Message, bool Raise, bool CycleCount = false);

    /// <summary>Why a reading is refused before it is stored, or null.</summary>
    public string? Refusal(Reading reading, DateTimeOffset now, TimeSpan clockSkew)
    {
        if (!Device.Enabled)
        {
            return "the device is disabled";
        }

        if (reading.Kind == ReadingKind.Weight && Device.Kind != DeviceKind.Scale || reading.Kind == ReadingKind.Temperature && Device.Kind != DeviceKind.Probe)
        {
            return $"a {Device.Kind.ToString().ToLowerInvariant()} does not send {reading.Kind.ToString().ToLowerInvariant()} readings";
        }

        if (reading.DeviceTime > now + clockSkew)
        {
            return $"ts {reading.DeviceTime:O} is ahead of the server's clock by more than {clockSkew.TotalSeconds:0} s";
        }

        // A lower sequence with a newer time is not a late reading but a device whose counter went back.
        if (reading.Sequence < Device.LastSequence && Device.LastDeviceTime is { } last && reading.DeviceTime > last)
        {
            return $"seq {reading.Sequence} went backwards (last {Device.LastSequence}) while ts moved forward";
        }

        return null;
    }

    /// <summary>Applies a stored reading that is newer than the state; <paramref name="bookUnits"/> is the book for a scale's bin and SKU.</summary>
    public void Apply(Reading reading, long bookUnits, List<Effect> effects)
    {
        var previousTime = Device.LastDeviceTime;
        Device.LastSequence = reading.Sequence;
        Device.LastDeviceTime = reading.DeviceTime;
        Device.LastValue = reading.Value;
        switch (reading.Kind)
        {
            case ReadingKind.Weight:
                var estimate = (reading.Value - Device.TareGrams) / UnitWeightGrams;
                var mismatch = Math.Abs(estimate - bookUnits) > Device.ToleranceUnits;
                if (Deviation(mismatch, reading.DeviceTime, previousTime, effects, AlertKind.WeightMismatch, BinCode))
                {
                    effects.Add(new Effect(AlertKind.WeightMismatch, BinCode,
                        $"Shelf {BinCode} weighs {reading.Value:0.#} g, about {estimate:0.#} units of {SkuCode}; the book says {bookUnits} (tolerance {Device.ToleranceUnits:0.#}).{Since()}",
                        Raise: true, CycleCount: true));
                }

                break;
            case ReadingKind.Temperature:
                var outside = reading.Value < Device.MinCelsius || reading.Value > Device.MaxCelsius;
                if (Deviation(outside, reading.DeviceTime, previousTime, effects, AlertKind.TemperatureExcursion, Code))
                {
                    effects.Add(new Effect(AlertKind.TemperatureExcursion, Code,
                        $"Cold room {ZoneCode}: probe {Code} reads {reading.Value:0.0} °C, outside {Device.MinCelsius:0.0}..{Device.MaxCelsius:0.0} °C.{Since()}",
                        Raise: true));
                }

                break;
        }
    }

    private string Since() => $" Since {Device.DeviationSince!.Value:yyyy-MM-dd HH:mm:ss} UTC.";

    /// <summary>
    /// Tracks a deviation (out of range, weight off the book); true when its alert is due now. The alert's text
    /// is formatted by the caller only then: most readings are in range, and formatting numbers for every one
    /// of them was a measurable part of the ingest's cost.
    /// </summary>
    private bool Deviation(bool deviating, DateTimeOffset at, DateTimeOffset? previousTime, List<Effect> effects, AlertKind kind, string subject)
    {
        if (Device.DeviationSince is not null && previousTime is { } previous && at > previous && Device.Kind == DeviceKind.Probe)
        {
            // Time out of range accrues from the first reading outside to the first one back inside.
            Device.OutOfRangeSeconds += (at - previous).TotalSeconds;
        }

        if (!deviating)
        {
            if (Device.DeviationSince is not null)
            {
                Device.DeviationSince = null;
                DeviationAlerted = false;
                effects.Add(new Effect(kind, subject, "back within range", Raise: false));
            }

            return false;
        }

        Device.DeviationSince ??= at;
        if (!DeviationAlerted && at - Device.DeviationSince.Value >= TimeSpan.FromSeconds(Device.GraceSeconds))
        {
            DeviationAlerted = true;
            return true;
        }

        return false;
    }
}
