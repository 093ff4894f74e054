using Wms.Server.Common;

namespace Wms.Server.Catalog;

/// <summary>
/// GS1 trade item numbers. A barcode of 8, 12, 13 or 14 digits is read as a GTIN and must carry a good
/// mod-10 check digit (weights 3 and 1 from the right); anything else is an internal code.
/// </summary>
public static class Gtin
{
    public static bool LooksLikeGtin(string barcode) =>
        barcode.Length is 8 or 12 or 13 or 14 && barcode.All(char.IsAsciiDigit);

    public static bool HasValidCheckDigit(string gtin)
    {
        var sum = 0;
        var weight = 3;
        for (var i = gtin.Length - 2; i >= 0; i--)
        {
            sum += (gtin[i] - '0') * weight;
            weight = 4 - weight;
        }

        return (10 - sum % 10) % 10 == gtin[^1] - '0';
    }

    /// <summary>Null when the barcode is acceptable, else why not.</summary>
    public static string? Problem(string barcode)
    {
        if (barcode.Length > Limits.Barcode)
        {
            return $"is {barcode.Length} characters long; at most {Limits.Barcode} are allowed.";
        }

        if (barcode.Any(char.IsWhiteSpace) || barcode.Any(char.IsControl))
        {
            return $"'{barcode}' contains spaces or control characters.";
        }

        return LooksLikeGtin(barcode) && !HasValidCheckDigit(barcode)
            ? $"'{barcode}' is a GTIN-{barcode.Length} with a wrong check digit."
            : null;
    }
}
