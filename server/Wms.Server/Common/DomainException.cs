namespace Wms.Server.Common;

public enum ErrorKind
{
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    AlreadyExists,
    PermissionDenied,

    /// <summary>What the change was based on changed meanwhile (optimistic check): read again and retry.</summary>
    Aborted,

    /// <summary>Who is asking could not be established: a wrong password or code, a locked account.</summary>
    Unauthenticated,
}

/// <summary>
/// A rule of the warehouse said no. Features throw it; transport maps the kind to a status code. The
/// message names the field or the thing that was wrong, in the warehouse's words.
/// </summary>
public sealed class DomainException(ErrorKind kind, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    /// <summary>The request field that was wrong (as the .proto names it), for INVALID_ARGUMENT; null otherwise.</summary>
    public string? Field { get; private init; }

    /// <summary>What was wrong with <see cref="Field"/>, without the field's name in front.</summary>
    public string Problem { get; private init; } = message;

    public static DomainException Invalid(string field, string problem) =>
        new(ErrorKind.InvalidArgument, $"{field}: {problem}") { Field = field, Problem = problem };

    public static DomainException NotFound(string what, string key) => new(ErrorKind.NotFound, $"{what} '{key}' not found.");

    public static DomainException Precondition(string message) => new(ErrorKind.FailedPrecondition, message);

    public static DomainException Exists(string what, string key) => new(ErrorKind.AlreadyExists, $"{what} '{key}' already exists.");

    /// <summary>
    /// Stock this command read was changed by another server before it wrote (the balance's version moved):
    /// nothing was kept. The writer runs the command again on what is now committed; ABORTED, as gRPC names a
    /// concurrency conflict to retry, only if it keeps losing.
    /// </summary>
    public static DomainException StockChanged() =>
        new(ErrorKind.Aborted, "The stock changed while this was being applied (another server wrote it); try again.") { Retryable = true };

    /// <summary>Running the same command again may succeed: it lost a race, it was not refused.</summary>
    public bool Retryable { get; private init; }
}

/// <summary>Input checks that name the offending field, for use at the top of every handler.</summary>
public static class Require
{
    public static DateOnly Date(string? value, string field) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? date
            : throw DomainException.Invalid(field, $"must be a date as YYYY-MM-DD, got '{value}'.");

    /// <summary>HH:MM from 00:00 to 24:00, as minutes after midnight.</summary>
    public static int Clock(string value, string field)
    {
        var text = value.Trim();
        if (text.Length == 5 && text[2] == ':'
            && int.TryParse(text.AsSpan(0, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(text.AsSpan(3, 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            && minutes < 60 && (hours < 24 || (hours == 24 && minutes == 0)))
        {
            return (hours * 60) + minutes;
        }

        throw DomainException.Invalid(field, $"must be a time as HH:MM between 00:00 and 24:00, got '{value}'.");
    }

    /// <summary>Codes named in a request (order references, say): each present and each once.</summary>
    public static List<string> DistinctCodes(IReadOnlyList<string> values, string field, int maxLength = Limits.Text)
    {
        var codes = new List<string>(values.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var code = NotEmpty(values[i], $"{field}[{i}]", maxLength);
            if (!seen.Add(code))
            {
                throw DomainException.Invalid($"{field}[{i}]", $"'{code}' appears twice.");
            }

            codes.Add(code);
        }

        return codes;
    }

    /// <summary>
    /// A required text, trimmed, at most <paramref name="maxLength"/> characters (<see cref="Limits"/>). The
    /// default is the loosest limit, a net for callers that name none; every field of ours names its own.
    /// </summary>
    public static string NotEmpty(string? value, string field, int maxLength = Limits.Text) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainException.Invalid(field, "is required.") : MaxLength(value.Trim(), field, maxLength);

    /// <summary>An optional text, trimmed ("" when absent), at most <paramref name="maxLength"/> characters.</summary>
    public static string Optional(string? value, string field, int maxLength) => MaxLength((value ?? "").Trim(), field, maxLength);

    /// <summary>The value is not echoed: a megabyte of it would only make the error too big to deliver.</summary>
    private static string MaxLength(string value, string field, int maxLength) =>
        value.Length <= maxLength ? value : throw DomainException.Invalid(field, $"is {value.Length} characters long; at most {maxLength} are allowed.");

    public static decimal Positive(decimal value, string field) =>
        value > 0 ? value : throw DomainException.Invalid(field, $"must be greater than zero, got {value}.");

    public static long Positive(long value, string field) =>
        value > 0 ? value : throw DomainException.Invalid(field, $"must be greater than zero, got {value}.");

    /// <summary>A quantity of units in one request line: more than zero, at most <see cref="Limits.LineQuantity"/>.</summary>
    public static long Quantity(long value, string field) =>
        Positive(value, field) <= Limits.LineQuantity ? value : throw DomainException.Invalid(field, $"must be at most {Limits.LineQuantity} units, got {value}.");

    public static decimal NotNegative(decimal value, string field) =>
        value >= 0 ? value : throw DomainException.Invalid(field, $"must not be negative, got {value}.");

    /// <summary>A finite number from <paramref name="min"/> to <paramref name="max"/>: NaN and infinities never reach the database.</summary>
    public static double InRange(double value, string field, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max
            ? value
            : throw DomainException.Invalid(field, $"must be a number from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");

    /// <summary>A finite number, zero or more (weights, volumes, capacities).</summary>
    public static double NotNegative(double value, string field) =>
        double.IsFinite(value) && value >= 0
            ? value
            : throw DomainException.Invalid(field, $"must be a finite number, zero or more, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");

    public static double Latitude(double value, string field) => InRange(value, field, -90, 90);

    public static double Longitude(double value, string field) => InRange(value, field, -180, 180);

    public static string RequestId(string? value) => NotEmpty(value, "request_id", Limits.RequestId);
}
