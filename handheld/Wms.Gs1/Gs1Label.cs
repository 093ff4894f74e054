namespace Wms.Gs1;

/// <summary>One application identifier and its value, as it appeared on the label.</summary>
public sealed record Gs1Element(string Ai, string Title, string Value);

/// <summary>What a GS1-128 label says, field by field; a field the label does not carry is null.</summary>
public sealed class Gs1Label
{
    internal Gs1Label(IReadOnlyList<Gs1Element> elements) => Elements = elements;

    public IReadOnlyList<Gs1Element> Elements { get; }

    /// <summary>AI 00: the serial shipping container code of a pallet or carton (18 digits).</summary>
    public string? Sscc { get; internal set; }

    /// <summary>AI 01: the trade item on the label (GTIN-14).</summary>
    public string? Gtin { get; internal set; }

    /// <summary>AI 02: the trade items inside a logistic unit (GTIN-14).</summary>
    public string? ContentGtin { get; internal set; }

    /// <summary>AI 10: batch or lot number.</summary>
    public string? Lot { get; internal set; }

    /// <summary>AI 17: expiry date (a day 00 means the last day of the month).</summary>
    public DateOnly? Expiry { get; internal set; }

    /// <summary>AI 21: serial number.</summary>
    public string? Serial { get; internal set; }

    /// <summary>AI 37: count of trade items in the logistic unit.</summary>
    public long? Count { get; internal set; }

    /// <summary>AI 310n: net weight in kilograms, n decimals.</summary>
    public decimal? NetWeightKg { get; internal set; }

    /// <summary>The item the label identifies: its own GTIN, else the GTIN of its contents.</summary>
    public string? ItemGtin => Gtin ?? ContentGtin;
}

/// <summary>A parsed label, or why the scan is not one; never both.</summary>
public sealed class Gs1Result
{
    private Gs1Result(Gs1Label? label, string? error)
    {
        Label = label;
        Error = error;
    }

    public Gs1Label? Label { get; }

    /// <summary>A sentence for the picker's screen: what is wrong and where.</summary>
    public string? Error { get; }

    public bool IsSuccess => Label is not null;

    internal static Gs1Result Ok(Gs1Label label) => new(label, null);

    internal static Gs1Result Fail(string error) => new(null, error);
}
