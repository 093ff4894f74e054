using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>What is where: scan a bin to see its stock, or an item to see its bins.</summary>
internal sealed class StockLookupFlow(Session session)
{
    private const int Rows = 12;

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
            var bin = await session.Client.CallAsync(Rpc.GetBin, new GetBinRequest { WarehouseCode = session.Warehouse, Code = scanned }, cancellationToken);
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
            heading = $"{sku.Code} {PickFlow.Fit(sku.Description, 24)}";
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

        var stock = await session.TryCallAsync(Rpc.QueryStock, request, cancellationToken);
        if (stock is null)
        {
            return null;
        }

        var byBin = request.BinCode.Length == 0;
        var result = new List<string> { heading, byBin ? "Bin        Lot       On  Avail" : "SKU        Lot       On  Avail" };
        result.AddRange(stock.Lines.Select(l => $"{PickFlow.Fit(byBin ? l.BinCode : l.SkuCode, 10),-10} {PickFlow.Fit(l.Lot, 8),-8} {l.OnHand,4} {l.Available,6}"));
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
}
