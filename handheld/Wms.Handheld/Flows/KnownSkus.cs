using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>
/// The SKUs of the tasks the device holds (a pick trip, the replenishment queue), loaded once each while
/// online, so that an expected item's barcodes and the name of a wrong scan are known offline too.
/// </summary>
internal sealed class KnownSkus
{
    private readonly Dictionary<string, Sku> _skus = new(StringComparer.Ordinal);

    /// <summary>Asks the server for each of <paramref name="codes"/> not known yet.</summary>
    public async Task LearnAsync(Session session, IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        foreach (var code in codes.Distinct().Where(c => !_skus.ContainsKey(c)))
        {
            var sku = await session.Client.CallAsync(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = code }, cancellationToken);
            _skus[sku.Code] = sku;
        }
    }

    public IReadOnlyList<string> BarcodesOf(string skuCode) => _skus.TryGetValue(skuCode, out var sku) ? [.. sku.Barcodes] : [];

    /// <summary>The known SKU a scan names (by barcode or code), without the server.</summary>
    public Sku? SkuFor(ItemScan scan) => _skus.Values.FirstOrDefault(s => scan.MatchFor(s.Code, s.Barcodes) is not null);

    /// <summary>A wrong item by name: from these SKUs first (works offline), else the server's catalogue; null when unknown.</summary>
    public async Task<string?> NameAsync(Session session, ItemScan scan, CancellationToken cancellationToken)
    {
        var sku = SkuFor(scan) ?? (session.Sender.Online ? await scan.IdentifyAsync(session, cancellationToken) : null);
        return sku is null ? null : $"{sku.Code} {TextWrap.Fit(sku.Description, 20)}".TrimEnd();
    }
}
