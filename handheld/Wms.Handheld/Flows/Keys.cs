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

    public static bool Is(string line, string key) => string.Equals(line, key, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The input ended (stdin closed, test finished): the app unwinds to its exit.</summary>
internal sealed class EndOfInputException : Exception
{
    public EndOfInputException()
        : base("The input stream ended.")
    {
    }
}
