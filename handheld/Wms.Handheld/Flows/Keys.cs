namespace Wms.Handheld.Flows;

/// <summary>
/// Commands are one character and Enter, like a scan, so they travel in the same ordered stream; no bin,
/// barcode or label is a single character.
/// </summary>
internal static class Keys
{
    public const string Back = "x";
    public const string Help = "?";
    public const string Short = "s";
    public const string Skip = "k";
    public const string Putaway = "p";
    public const string Done = "d";
    public const string Lines = "l";
    public const string Exception = "e";

    public static bool Is(string line, string key) => string.Equals(line, key, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A short number typed before a scan sets how many the next scan counts. No barcode is six digits or
    /// fewer, so a scan is never taken for one.
    /// </summary>
    public static bool IsQuantity(string line, out long quantity)
    {
        quantity = 0;
        return line.Length is > 0 and <= 6 && line.All(char.IsAsciiDigit)
            && long.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out quantity);
    }
}

/// <summary>The input ended (stdin closed, test finished): the app unwinds to its exit.</summary>
internal sealed class EndOfInputException : Exception
{
    public EndOfInputException()
        : base("The input stream ended.")
    {
    }
}
