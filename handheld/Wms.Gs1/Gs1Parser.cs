using System.Globalization;

namespace Wms.Gs1;

/// <summary>
/// Reads GS1-128 (and GS1 DataMatrix / QR) element strings as a keyboard-wedge scanner types them: an
/// optional symbology identifier (<c>]C1</c>, <c>]d2</c>, <c>]Q3</c>), then application identifiers and their
/// values, variable-length values ending at GS (ASCII 29) or at the end. The bracketed human-readable form
/// <c>(01)…(10)…</c>, which people type by hand, is read too. Every malformed label gets one clear sentence.
/// </summary>
public static class Gs1Parser
{
    public const char GroupSeparator = '\u001d';

    private static readonly string[] SymbologyIdentifiers = ["]C1", "]d2", "]Q3"];

    /// <summary>Parses with expiry years read as 20YY; see the other overload for the GS1 sliding century.</summary>
    public static Gs1Result Parse(string? scan) => Parse(scan, null);

    /// <summary>
    /// Parses a scan. With <paramref name="today"/>, a two-digit expiry year is put in the century that
    /// places it within 49 years back and 50 years ahead of today, as the GS1 General Specifications ask.
    /// </summary>
    public static Gs1Result Parse(string? scan, DateOnly? today)
    {
        if (string.IsNullOrEmpty(scan))
        {
            return Gs1Result.Fail("Empty scan.");
        }

        var data = scan.AsSpan();
        if (data.StartsWith("]"))
        {
            var prefix = data.Length >= 3 ? data[..3].ToString() : data.ToString();
            if (!SymbologyIdentifiers.Contains(prefix))
            {
                return Gs1Result.Fail($"Symbology '{prefix}' carries no GS1 data: expected ]C1, ]d2 or ]Q3.");
            }

            data = data[3..];
        }

        var elements = new List<Gs1Element>();
        var error = data.StartsWith("(") ? ReadBracketed(data, elements) : ReadRaw(data, elements);
        if (error is not null)
        {
            return Gs1Result.Fail(error);
        }

        if (elements.Count == 0)
        {
            return Gs1Result.Fail("The label holds no data.");
        }

        return Build(elements, today);
    }

    /// <summary>
    /// Whether a scan should be read as a GS1 label rather than a plain barcode or bin code: it has a GS1
    /// symbology identifier, a GS, the bracketed form, or starts like an SSCC/GTIN element and is longer
    /// than any plain GTIN could be.
    /// </summary>
    public static bool LooksLikeGs1(string scan) =>
        SymbologyIdentifiers.Any(p => scan.StartsWith(p, StringComparison.Ordinal))
        || scan.Contains(GroupSeparator, StringComparison.Ordinal)
        || (scan.Length > 4 && scan[0] == '(' && char.IsAsciiDigit(scan[1]) && char.IsAsciiDigit(scan[2]))
        || (scan.Length > 14 && (scan.StartsWith("00", StringComparison.Ordinal) || scan.StartsWith("01", StringComparison.Ordinal) || scan.StartsWith("02", StringComparison.Ordinal)));

    private static string? ReadRaw(ReadOnlySpan<char> data, List<Gs1Element> elements)
    {
        var position = 0;
        while (position < data.Length)
        {
            // A GS where an AI should start is the FNC1 of an encoder that ends every field with one.
            if (data[position] == GroupSeparator)
            {
                position++;
                continue;
            }

            var rest = data[position..];
            var definition = ApplicationIdentifiers.Find(rest, out var ai);
            if (definition is null)
            {
                return $"Unknown application identifier '{ai}' at character {position + 1}.";
            }

            var valueStart = position + ai.Length;
            var tail = data[valueStart..];
            var separator = tail.IndexOf(GroupSeparator);
            var available = separator < 0 ? tail.Length : separator;
            int length;
            if (definition.Fixed)
            {
                if (available < definition.Length)
                {
                    return $"AI {ai} ({definition.Title}) is cut short: it needs {definition.Length} characters, the label has {available} ('{tail[..available]}').";
                }

                length = definition.Length;
            }
            else
            {
                length = available;
            }

            elements.Add(new Gs1Element(ai, definition.Title, tail[..length].ToString()));
            position = valueStart + length;
        }

        return null;
    }

    private static string? ReadBracketed(ReadOnlySpan<char> data, List<Gs1Element> elements)
    {
        var text = data.ToString();
        var position = 0;
        while (position < text.Length)
        {
            var close = text.IndexOf(')', position);
            if (text[position] != '(' || close < 0)
            {
                return $"Expected '(AI)' at character {position + 1}.";
            }

            var ai = text[(position + 1)..close];
            var definition = ApplicationIdentifiers.Get(ai);
            if (definition is null)
            {
                return $"Unknown application identifier '{ai}' at character {position + 2}.";
            }

            var next = text.IndexOf('(', close + 1);
            var value = next < 0 ? text[(close + 1)..] : text[(close + 1)..next];
            if (definition.Fixed && value.Length != definition.Length)
            {
                return value.Length < definition.Length
                    ? $"AI {ai} ({definition.Title}) is cut short: it needs {definition.Length} characters, the label has {value.Length} ('{value}')."
                    : $"AI {ai} ({definition.Title}) has {value.Length} characters, expected {definition.Length} ('{value}').";
            }

            elements.Add(new Gs1Element(ai, definition.Title, value));
            position = next < 0 ? text.Length : next;
        }

        return null;
    }

    private static Gs1Result Build(List<Gs1Element> elements, DateOnly? today)
    {
        var label = new Gs1Label(elements);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ai, title, value) in elements)
        {
            var definition = ApplicationIdentifiers.Get(ai)!;
            if (seen.TryGetValue(ai, out var earlier))
            {
                if (earlier != value)
                {
                    return Gs1Result.Fail($"AI {ai} ({title}) appears twice with different values: '{earlier}' and '{value}'.");
                }

                continue;
            }

            seen[ai] = value;
            var problem = Check(definition, value);
            if (problem is not null)
            {
                return Gs1Result.Fail($"AI {ai} ({title}) {problem}");
            }

            switch (ai)
            {
                case "00": label.Sscc = value; break;
                case "01": label.Gtin = value; break;
                case "02": label.ContentGtin = value; break;
                case "10": label.Lot = value; break;
                case "21": label.Serial = value; break;
                case "37": label.Count = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "17":
                    if (ReadDate(value, today) is not { } expiry)
                    {
                        return Gs1Result.Fail($"AI 17 (expiry) '{value}' is not a date (YYMMDD).");
                    }

                    label.Expiry = expiry;
                    break;
                default:
                    label.NetWeightKg = long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) / Pow10(ai[3] - '0');
                    break;
            }
        }

        return Gs1Result.Ok(label);
    }

    private static string? Check(AiDefinition definition, string value)
    {
        if (value.Length == 0)
        {
            return "is empty.";
        }

        if (value.Length > definition.Length)
        {
            return $"is longer than {definition.Length} characters ('{value}'): is a GS separator missing?";
        }

        if (definition.Content == AiContent.Text)
        {
            var bad = value.FirstOrDefault(c => !ApplicationIdentifiers.IsText(c));
            return bad == default ? null : $"contains '{bad}', which a GS1 label cannot carry.";
        }

        if (!value.All(char.IsAsciiDigit))
        {
            return $"must be digits, the label has '{value}'.";
        }

        if (definition.Content == AiContent.CheckedDigits && !GtinCheckDigit.IsValid(value))
        {
            var expected = GtinCheckDigit.Compute(value.AsSpan(0, value.Length - 1));
            return $"{value} has a bad check digit: {value[^1]}, expected {expected}.";
        }

        return null;
    }

    private static DateOnly? ReadDate(string yymmdd, DateOnly? today)
    {
        var yy = int.Parse(yymmdd.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(yymmdd.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(yymmdd.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var year = 2000 + yy;
        if (today is { } t)
        {
            var century = t.Year / 100 * 100;
            var difference = yy - t.Year % 100;
            year = century + yy + (difference >= 51 ? -100 : difference <= -50 ? 100 : 0);
        }

        if (month is < 1 or > 12)
        {
            return null;
        }

        // Day 00 is the label's way of saying "end of the month".
        var last = DateTime.DaysInMonth(year, month);
        return day == 0 ? new DateOnly(year, month, last) : day <= last ? new DateOnly(year, month, day) : null;
    }

    private static decimal Pow10(int decimals)
    {
        var result = 1m;
        for (var i = 0; i < decimals; i++)
        {
            result *= 10;
        }

        return result;
    }
}
