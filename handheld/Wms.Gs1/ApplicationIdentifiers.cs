namespace Wms.Gs1;

internal enum AiContent
{
    /// <summary>Digits ending in a GS1 mod-10 check digit (SSCC, GTIN).</summary>
    CheckedDigits,
    Digits,
    /// <summary>YYMMDD.</summary>
    Date,
    /// <summary>GS1 character set 82 (printable ASCII without # $ @ [ \ ] ^ ` { | } ~).</summary>
    Text,
    /// <summary>Six digits with as many implied decimals as the AI's last digit says (310n).</summary>
    Decimal,
}

/// <summary>How one application identifier is written: fixed length or variable up to a maximum.</summary>
internal sealed record AiDefinition(string Ai, string Title, bool Fixed, int Length, AiContent Content);

/// <summary>The identifiers the warehouse reads (domain.md): enough for pallets, cases and lots.</summary>
internal static class ApplicationIdentifiers
{
    private static readonly Dictionary<string, AiDefinition> ByAi = new[]
    {
        new AiDefinition("00", "SSCC", true, 18, AiContent.CheckedDigits),
        new AiDefinition("01", "GTIN", true, 14, AiContent.CheckedDigits),
        new AiDefinition("02", "content GTIN", true, 14, AiContent.CheckedDigits),
        new AiDefinition("10", "lot", false, 20, AiContent.Text),
        new AiDefinition("17", "expiry", true, 6, AiContent.Date),
        new AiDefinition("21", "serial", false, 20, AiContent.Text),
        new AiDefinition("37", "count", false, 8, AiContent.Digits),
    }.Concat(Enumerable.Range(0, 6).Select(n => new AiDefinition("310" + (char)('0' + n), "net weight kg", true, 6, AiContent.Decimal)))
        .ToDictionary(d => d.Ai, StringComparer.Ordinal);

    /// <summary>The identifier that starts <paramref name="data"/>: two digits, or four for the 31nn weights.</summary>
    public static AiDefinition? Find(ReadOnlySpan<char> data, out string ai)
    {
        var length = data.StartsWith("31") ? 4 : 2;
        ai = new string(data[..Math.Min(length, data.Length)]);
        return ai.Length == length && ByAi.TryGetValue(ai, out var definition) ? definition : null;
    }

    public static AiDefinition? Get(string ai) => ByAi.GetValueOrDefault(ai);

    public static bool IsText(char c) =>
        c is >= '!' and <= '~' && c is not ('#' or '$' or '@' or '[' or '\\' or ']' or '^' or '`' or '{' or '|' or '}' or '~');
}
