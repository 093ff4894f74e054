using Wms.Client;
using Wms.Contracts.V1;

namespace Wms.Simulator.Day;

/// <summary>
/// The warehouse as the simulated people know it: where every bin is (for walking), which barcode is on
/// each SKU (for scanning), which SKUs are stocked. Read once through the public API at the start.
/// </summary>
public sealed class Floor
{
    private readonly Dictionary<string, Bin> _bins;
    private readonly Dictionary<(string Bin, string Sku), long> _missing = [];

    private Floor(Dictionary<string, Bin> bins, Dictionary<string, Sku> skus, (double X, double Y) depot, double backAisleY)
    {
        _bins = bins;
        Skus = skus;
        Depot = depot;
        BackAisleY = backAisleY;
        FrontAisleY = 0;
    }

    public IReadOnlyDictionary<string, Sku> Skus { get; }

    /// <summary>Where trips start and end: the first staging bin (carts, totes, the packing bench).</summary>
    public (double X, double Y) Depot { get; }

    public IReadOnlyCollection<Bin> Bins => _bins.Values;

    private double FrontAisleY { get; }

    private double BackAisleY { get; }

    public static async Task<Floor> LoadAsync(ServerLink link, DayMetrics metrics, string warehouse)
    {
        var bins = new Dictionary<string, Bin>(StringComparer.OrdinalIgnoreCase);
        var token = "";
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = warehouse, PageSize = 500, PageToken = token });
            foreach (var bin in page.Bins)
            {
                bins[bin.Code] = bin;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var skus = new Dictionary<string, Sku>(StringComparer.OrdinalIgnoreCase);
        token = "";
        do
        {
            var page = await link.CallAsync(metrics, WmsMethods.Catalog.ListSkus, new ListSkusRequest { PageSize = 500, PageToken = token });
            foreach (var sku in page.Skus)
            {
                skus[sku.Code] = sku;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var staging = bins.Values.Where(b => b.Kind == BinKind.Staging).OrderBy(b => b.Code, StringComparer.Ordinal).FirstOrDefault();
        var depot = staging is null ? (0.0, 0.0) : (staging.XM, staging.YM);
        var back = bins.Values.Where(b => b.Kind == BinKind.PickFace).Select(b => b.YM).DefaultIfEmpty(0).Max() + 1.2;
        return new Floor(bins, skus, depot, back);
    }

    public bool IsPickFace(string binCode) => _bins.TryGetValue(binCode, out var bin) && bin.Kind == BinKind.PickFace;

    public (double X, double Y) PositionOf(string binCode) => _bins.TryGetValue(binCode, out var bin) ? (bin.XM, bin.YM) : Depot;

    /// <summary>
    /// Walking distance between two points of a parallel-aisle floor: along the aisle when both are in it,
    /// else out through the front or the back cross-aisle, whichever is shorter.
    /// </summary>
    public double Distance((double X, double Y) from, (double X, double Y) to)
    {
        var dx = Math.Abs(from.X - to.X);
        if (dx < 0.5)
        {
            return Math.Abs(from.Y - to.Y);
        }

        var front = Math.Abs(from.Y - FrontAisleY) + Math.Abs(to.Y - FrontAisleY);
        var back = Math.Abs(from.Y - BackAisleY) + Math.Abs(to.Y - BackAisleY);
        return dx + Math.Min(front, back);
    }

    /// <summary>
    /// Units a picker did not find where the book has them (a short pick): the shelf holds that many fewer than the
    /// book until a count finds it. The simulator's only difference between shelf and book.
    /// </summary>
    public void NoteMissing(string binCode, string skuCode, long units)
    {
        if (units > 0 && binCode.Length > 0 && skuCode.Length > 0)
        {
            var key = (binCode.ToUpperInvariant(), skuCode.ToUpperInvariant());
            _missing[key] = _missing.GetValueOrDefault(key) + units;
        }
    }

    /// <summary>Units of the SKU missing from the shelf against the book.</summary>
    public long MissingAt(string binCode, string skuCode) => _missing.GetValueOrDefault((binCode.ToUpperInvariant(), skuCode.ToUpperInvariant()));

    /// <summary>A posted count made the book what the shelf holds: nothing is missing there any more.</summary>
    public void Counted(string binCode)
    {
        foreach (var key in _missing.Keys.Where(k => k.Bin == binCode.ToUpperInvariant()).ToList())
        {
            _missing.Remove(key);
        }
    }

    /// <summary>The label a picker scans on an item: its first barcode (the GTIN), else its code.</summary>
    public string BarcodeOf(string skuCode) => Skus.TryGetValue(skuCode, out var sku) && sku.Barcodes.Count > 0 ? sku.Barcodes[0] : skuCode;
}
