namespace Wms.Gs1;

/// <summary>
/// The GS1 mod-10 check digit of GTINs and SSCCs: digits weighted 3 and 1 alternately from the right
/// (the check digit itself excluded), and the check digit brings the sum up to a multiple of ten.
/// </summary>
public static class GtinCheckDigit
{
    /// <summary>The check digit for <paramref name="body"/>, the digits that precede it.</summary>
    public static int Compute(ReadOnlySpan<char> body)
    {
        var sum = 0;
        var weight = 3;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(body[i]))
            {
                throw new ArgumentException("Only digits carry a GS1 check digit.", nameof(body));
            }

            sum += (body[i] - '0') * weight;
            weight = 4 - weight;
        }

        return (10 - sum % 10) % 10;
    }

    /// <summary>True when <paramref name="number"/> is all digits and its last digit is the right check digit.</summary>
    public static bool IsValid(ReadOnlySpan<char> number)
    {
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return number.Length >= 2 && Compute(number[..^1]) == number[^1] - '0';
    }

    /// <summary>
    /// The forms a catalog may hold a GTIN-14 under: itself, and with its leading zeros dropped down to
    /// GTIN-13, GTIN-12 and GTIN-8 (a GS1-128 label always carries 14 digits, a retail barcode fewer).
    /// </summary>
    public static IEnumerable<string> ShorterForms(string gtin14)
    {
        yield return gtin14;
        foreach (var length in new[] { 13, 12, 8 })
        {
            var cut = gtin14.Length - length;
            if (cut > 0 && gtin14.AsSpan(0, cut).IndexOfAnyExcept('0') < 0)
            {
                yield return gtin14[cut..];
            }
        }
    }
}
