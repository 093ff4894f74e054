namespace Wms.Server.Devices;

public enum ReadingKind
{
    Weight = 1,
    Temperature = 2,
    Heartbeat = 3,
}

/// <summary>
/// One reading as a device sent it, already parsed by the transport: the device's own sequence number and
/// UTC time, and the value (net grams on the shelf, degrees Celsius, nothing for a heartbeat).
/// </summary>
public sealed record Reading(string DeviceCode, ReadingKind Kind, long Sequence, DateTimeOffset DeviceTime, double Value);

public enum IngestOutcome
{
    /// <summary>Stored and applied: it is the device's newest state.</summary>
    Applied,

    /// <summary>Stored in the history, but older than the device's newest state, which it did not change.</summary>
    Late,

    /// <summary>Already stored (a redelivery or a device retry): nothing changed.</summary>
    Duplicate,

    /// <summary>Refused and counted against the device (see <see cref="IngestResult.Reason"/>).</summary>
    Rejected,
}

public sealed record IngestResult(IngestOutcome Outcome, string Reason = "")
{
    public static readonly IngestResult AppliedResult = new(IngestOutcome.Applied);
    public static readonly IngestResult LateResult = new(IngestOutcome.Late);
    public static readonly IngestResult DuplicateResult = new(IngestOutcome.Duplicate);
}
