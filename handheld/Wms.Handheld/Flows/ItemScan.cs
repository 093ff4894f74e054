using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Gs1;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>
/// A scan in answer to "scan item": a plain barcode or SKU code, or a GS1 label that also brings a lot,
/// an expiry and a count. <see cref="Candidates"/> are the codes the scan may be catalogued under.
/// </summary>
internal sealed record ItemScan(string Raw, IReadOnlyList<string> Candidates, string? Lot, DateOnly? Expiry, long? Count)
{
    /// <summary>The scan, or the message that says why it cannot be an item.</summary>
    public static (ItemScan? Scan, string? Error) Read(string line, DateOnly today)
    {
        if (!Gs1Parser.LooksLikeGs1(line))
        {
            var candidates = line.Length == 14 && GtinCheckDigit.IsValid(line) ? GtinCheckDigit.ShorterForms(line).ToList() : [line];
            return (new ItemScan(line, candidates, null, null, null), null);
        }

        var result = Gs1Parser.Parse(line, today);
        if (result.Label is not { } label)
        {
            return (null, "Bad label: " + result.Error);
        }

        if (label.ItemGtin is not { } gtin)
        {
            return (null, "The label names no item (no AI 01 or 02): scan the item's own label.");
        }

        return (new ItemScan(line, GtinCheckDigit.ShorterForms(gtin).ToList(), label.Lot, label.Expiry, label.Count), null);
    }

    /// <summary>
    /// The scan → resolve step of every "scan item" prompt (count, receive, move): the scan and the SKU the server
    /// knows it as, or null once the user has been told why not (bad label, unknown item, no answer).
    /// <paramref name="known"/> keeps SKUs already resolved in this flow, so a repeated scan asks the server nothing.
    /// </summary>
    public static async Task<(ItemScan Scan, Sku Sku)?> ReadAndResolveAsync(Session session, string line, Dictionary<string, Sku>? known, CancellationToken cancellationToken)
    {
        var (scan, error) = Read(line, session.Today);
        if (scan is null)
        {
            session.Ui.Error(error!);
            return null;
        }

        var sku = known?.GetValueOrDefault(scan.Raw) ?? await scan.ResolveAsync(session, cancellationToken);
        if (sku is null)
        {
            return null;
        }

        known?.TryAdd(scan.Raw, sku);
        return (scan, sku);
    }

    /// <summary>The lot: the label's, else asked for with <paramref name="ask"/> when the SKU is lot-tracked, else none.</summary>
    public async Task<string> LotAsync(Session session, Sku sku, Screen ask, CancellationToken cancellationToken)
    {
        var lot = Lot ?? "";
        return sku.LotTracked && lot.Length == 0 ? await session.AskAsync(ask, cancellationToken) : lot;
    }

    /// <summary>The shown form of the scan: the GTIN of a label, else what was scanned.</summary>
    public string Shown => Gs1Parser.LooksLikeGs1(Raw) ? Candidates[0] : Raw;

    /// <summary>The code under which the SKU knows this scan, or null when the scan is another item.</summary>
    public string? MatchFor(string skuCode, IEnumerable<string> barcodes)
    {
        var known = barcodes.Append(skuCode).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Candidates.FirstOrDefault(known.Contains);
    }

    public string ExpiryText => Expiry?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "";

    /// <summary>The SKU the server knows this scan as, or null (unknown, or no answer): for naming a wrong scan, so it says nothing itself.</summary>
    public async Task<Sku?> IdentifyAsync(Session session, CancellationToken cancellationToken)
    {
        try
        {
            return await FindAsync(session, cancellationToken);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    private async Task<Sku> FindAsync(Session session, CancellationToken cancellationToken)
    {
        foreach (var candidate in Candidates)
        {
            try
            {
                return await session.Client.CallAsync(WmsMethods.Catalog.LookupBarcode, new LookupBarcodeRequest { Barcode = candidate }, cancellationToken);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
            {
            }
        }

        return await session.Client.CallAsync(WmsMethods.Catalog.GetSku, new GetSkuRequest { Code = Raw }, cancellationToken);
    }

    /// <summary>The SKU the server knows this scan as: by barcode (each GTIN form), else as a SKU code.</summary>
    public async Task<Sku?> ResolveAsync(Session session, CancellationToken cancellationToken)
    {
        try
        {
            return await FindAsync(session, cancellationToken);
        }
        catch (RpcException error) when (error.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            session.Ui.Error($"Unknown item: {Shown}");
            return null;
        }
        catch (RpcException error)
        {
            if (WmsClient.IsUnreachable(error))
            {
                session.Sender.MarkOffline();
            }

            session.Ui.Error(WmsClient.Explain(error));
            return null;
        }
    }
}
