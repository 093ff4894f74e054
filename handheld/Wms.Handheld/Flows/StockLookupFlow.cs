using Wms.Client;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>What is where: scan a bin to see its stock, or an item to see its bins.</summary>
internal sealed class StockLookupFlow(Session session)
{
    // Stock rows that fit a 16-row screen with the heading, a message and the bars.
    private const int Rows = 8;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lines = new List<string> { "Scan a bin or an item." };
        while (true)
        {
            var line = await session.AskAsync(new Screen("STOCK", lines, "Scan bin or item (x = menu)"), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return;
            }

            lines = await LookupAsync(line, cancellationToken) ?? lines;
        }
    }

    private async Task<List<string>?> LookupAsync(string scanned, CancellationToken cancellationToken)
    {
        QueryStockRequest request;
        string heading;
        try
        {
            var bin = await session.Client.CallAsync(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = session.Warehouse, Code = scanned }, cancellationToken);
            request = new QueryStockRequest { WarehouseCode = session.Warehouse, BinCode = bin.Code, PageSize = Rows };
            heading = $"Bin {bin.Code}" + (bin.OnHold ? "  ON HOLD" : "");
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.NotFound)
        {
            var (scan, problem) = ItemScan.Read(scanned, session.Today);
            if (scan is null)
            {
                session.Ui.Error(problem!);
                return null;
            }

            if (await scan.ResolveAsync(session, cancellationToken) is not { } sku)
            {
                session.Ui.Error($"No bin or item {scan.Shown}.");
                return null;
            }

            request = new QueryStockRequest { WarehouseCode = session.Warehouse, SkuCode = sku.Code, Lot = scan.Lot ?? "", PageSize = Rows };
            heading = $"{sku.Code} {TextWrap.Fit(sku.Description, 24)}";
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

        var stock = await session.TryCallAsync(WmsMethods.Inventory.QueryStock, request, cancellationToken);
        if (stock is null)
        {
            return null;
        }

        var byBin = request.BinCode.Length == 0;
        var result = new List<string> { heading };
        result.AddRange(Table(stock.Lines, byBin));
        if (stock.Lines.Count == 0)
        {
            result.Add("No stock.");
        }
        else if (stock.NextPageToken.Length > 0)
        {
            result.Add("(more)");
        }

        return result;
    }

    /// <summary>
    /// The stock as a table of only the columns that say something (no lot column for untracked stock),
    /// in FEFO order (earliest expiry first, as allocation takes it), lots whole so that two lots never
    /// read alike. When a row is wider than the screen, lot and expiry go on a line of their own. Held stock reads
    /// HOLD for available, with the hold's reason below the table.
    /// </summary>
    internal static IEnumerable<string> Table(IReadOnlyCollection<StockLine> lines, bool byBin)
    {
        var ordered = lines.OrderBy(l => l.Expiry.Length == 0).ThenBy(l => l.Expiry, StringComparer.Ordinal).ThenBy(l => l.Lot, StringComparer.Ordinal)
            .ThenBy(l => byBin ? l.BinCode : l.SkuCode, StringComparer.Ordinal).ToList();
        string Code(StockLine l) => byBin ? l.BinCode : l.SkuCode;
        var codeWidth = Math.Max(3, ordered.Select(l => Code(l).Length).DefaultIfEmpty(0).Max());
        var lotWidth = ordered.Select(l => l.Lot.Length).DefaultIfEmpty(0).Max();
        var hasExpiry = ordered.Any(l => l.Expiry.Length > 0);
        var numbers = $"{"On",5} {"Avail",5}";
        var lotHeader = lotWidth == 0 ? "" : " " + "Lot".PadRight(Math.Max(lotWidth, 3));
        var expiryHeader = hasExpiry ? " Expiry    " : "";
        var oneLine = codeWidth + lotHeader.Length + expiryHeader.Length + 1 + numbers.Length <= Session.ScreenWidth;
        var codeHeader = (byBin ? "Bin" : "SKU").PadRight(codeWidth);
        yield return oneLine ? $"{codeHeader}{lotHeader}{expiryHeader} {numbers}" : $"{codeHeader} {numbers}";
        foreach (var l in ordered)
        {
            // Held stock (its lot, or its bin) is not there for orders: the picker reads HOLD, not a number to pick.
            var counts = $"{l.OnHand,5} {(l.HoldReason.Length > 0 ? "HOLD" : l.Available.ToString(System.Globalization.CultureInfo.InvariantCulture)),5}";
            var lot = lotWidth == 0 ? "" : " " + l.Lot.PadRight(Math.Max(lotWidth, 3));
            var expiry = hasExpiry ? " " + l.Expiry.PadRight(10) : "";
            if (oneLine)
            {
                yield return $"{TextWrap.Fit(Code(l), codeWidth).PadRight(codeWidth)}{lot}{expiry} {counts}";
                continue;
            }

            yield return $"{TextWrap.Fit(Code(l), Session.ScreenWidth - counts.Length - 1).PadRight(codeWidth)} {counts}";
            var detail = $"  {(l.Lot.Length > 0 ? "lot " + l.Lot : "")}{(l.Expiry.Length > 0 ? "  exp " + l.Expiry : "")}";
            if (detail.Trim().Length > 0)
            {
                yield return TextWrap.Fit(detail, Session.ScreenWidth);
            }
        }

        foreach (var held in ordered.Where(l => l.HoldReason.Length > 0).GroupBy(l => (Code(l), l.Lot, l.HoldReason)))
        {
            var (code, lot, reason) = held.Key;
            yield return TextWrap.Fit($"HOLD {code}{(lot.Length > 0 ? " " + lot : "")}: {reason}", Session.ScreenWidth);
        }
    }
}
