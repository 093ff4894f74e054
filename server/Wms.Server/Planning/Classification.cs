namespace Wms.Server.Planning;

/// <summary>
/// ABC by share of picked units (A: the SKUs making up the first <c>aShare</c> of volume, B: up to
/// <c>bShare</c>, C: the rest) and XYZ by the coefficient of variation of daily demand (X steady, Y
/// variable, Z erratic). Cut-offs come from Wms:Planning.
/// </summary>
public static class Classification
{
    public static Dictionary<long, char> Abc(IReadOnlyDictionary<long, double> volumeBySku, double aShare, double bShare)
    {
        if (aShare is <= 0 or >= 1 || bShare <= aShare || bShare > 1)
        {
            throw new ArgumentException($"ABC cut-offs must satisfy 0 < A ({aShare}) < B ({bShare}) <= 1.");
        }

        var total = volumeBySku.Values.Sum();
        var classes = new Dictionary<long, char>(volumeBySku.Count);
        double cumulative = 0;
        foreach (var (sku, volume) in volumeBySku.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key))
        {
            // A SKU is classed by where its volume starts: the one that crosses a cut-off still belongs above it.
            var start = total > 0 ? cumulative / total : 1;
            classes[sku] = volume <= 0 ? 'C' : start < aShare ? 'A' : start < bShare ? 'B' : 'C';
            cumulative += volume;
        }

        return classes;
    }

    public static char Xyz(double mean, double sigma, double xMaxCv, double yMaxCv)
    {
        if (mean <= 0)
        {
            return 'Z';
        }

        var cv = sigma / mean;
        return cv <= xMaxCv ? 'X' : cv <= yMaxCv ? 'Y' : 'Z';
    }
}
