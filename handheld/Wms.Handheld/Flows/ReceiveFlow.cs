using Wms.Client;
using System.Globalization;
using Wms.Contracts.V1;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// Receiving against an expected receipt, then directed putaway. Each item scan is received at once (one
/// unit, or a label's count, or a quantity typed just before the scan), so a pallet of cartons can be
/// scanned as fast as the scanner fires. Putaway takes the server's suggested bin, confirmed by scanning
/// it, or any other bin with room.
/// </summary>
internal sealed class ReceiveFlow(Session session)
{
    private sealed record Received(string SkuCode, string Lot)
    {
        public long Quantity { get; set; }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var receipt = await ScanReceiptAsync(cancellationToken);
        if (receipt is null)
        {
            return;
        }

        var dock = await ScanDockAsync(receipt.Reference, cancellationToken);
        if (dock is null)
        {
            return;
        }

        var received = new List<Received>();
        var skus = new Dictionary<string, Sku>(StringComparer.OrdinalIgnoreCase);
        long? nextQuantity = null;
        var last = "";
        while (true)
        {
            var prompt = nextQuantity is { } q ? $"Scan item (next counts {q})" : "Scan item";
            var line = await session.AskAsync(new Screen($"RECEIVE  {receipt.Reference}",
                [$"Into {dock}", last, "", "Type a number, then scan, to", "receive that many at once.", "p  put away   x  done"], prompt), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return;
            }

            if (Keys.Is(line, Keys.Putaway))
            {
                await PutawayAsync(dock, received, cancellationToken);
                continue;
            }

            if (Keys.IsQuantity(line, out var typed))
            {
                nextQuantity = typed;
                continue;
            }

            if (await ItemScan.ReadAndResolveAsync(session, line, skus, cancellationToken) is not (var scan, var sku))
            {
                continue;
            }

            var lot = await scan.LotAsync(session, sku, Screen.Of($"RECEIVE  {sku.Code}", "Lot", "The label has no lot.", "Scan or type the lot."), cancellationToken);
            var expiry = scan.ExpiryText;

            if (sku.ExpiryTracked && expiry.Length == 0)
            {
                expiry = await AskExpiryAsync(sku.Code, cancellationToken);
            }

            var quantity = scan.Count ?? nextQuantity ?? 1;
            nextQuantity = null;
            var response = await session.TryCallAsync(WmsMethods.Inventory.ReceiveItem, new ReceiveItemRequest
            {
                RequestId = NewRequestId(), WarehouseCode = session.Warehouse, ReceiptReference = receipt.Reference, SkuCode = sku.Code,
                Lot = lot, Expiry = expiry, Quantity = quantity, BinCode = dock,
            }, cancellationToken);
            if (response is null)
            {
                continue;
            }

            var entry = received.Find(r => r.SkuCode == response.SkuCode && r.Lot == response.Lot);
            if (entry is null)
            {
                entry = new Received(response.SkuCode, response.Lot);
                received.Add(entry);
            }

            entry.Quantity += quantity;
            last = $"+{quantity} {response.SkuCode}{(response.Lot.Length > 0 ? " lot " + response.Lot : "")}";
            session.Ui.Info($"Received {quantity} {response.SkuCode}: {response.LineReceivedQuantity} of {response.LineExpectedQuantity}"
                + (response.ReceiptStatus == ReceiptStatus.Closed ? ". Receipt complete." : "."));
        }
    }

    private async Task<Receipt?> ScanReceiptAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(Screen.Of("RECEIVE", "Scan receipt (x = menu)", "Scan the receipt or PO label."), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return null;
            }

            var receipt = await session.TryCallAsync(WmsMethods.Inventory.GetReceipt, new GetReceiptRequest { WarehouseCode = session.Warehouse, Reference = line }, cancellationToken);
            if (receipt is not null)
            {
                session.Ui.Info(string.Join("  ", receipt.Lines.Take(3).Select(l => $"{l.SkuCode} {l.ReceivedQuantity}/{l.ExpectedQuantity}")));
                return receipt;
            }
        }
    }

    private async Task<string?> ScanDockAsync(string reference, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(Screen.Of($"RECEIVE  {reference}", "Scan dock bin", "Scan the dock or staging bin", "the goods are unloaded into."), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return null;
            }

            var bin = await session.TryCallAsync(WmsMethods.Layout.GetBin, new GetBinRequest { WarehouseCode = session.Warehouse, Code = line }, cancellationToken);
            if (bin is null)
            {
                continue;
            }

            if (bin.Kind is BinKind.Dock or BinKind.Staging)
            {
                return bin.Code;
            }

            session.Ui.Error($"{bin.Code} is not a dock or staging bin.");
        }
    }

    private async Task<string> AskExpiryAsync(string skuCode, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(Screen.Of($"RECEIVE  {skuCode}", "Expiry (YYMMDD or YYYY-MM-DD)", "The label has no expiry date."), cancellationToken);
            if (DateOnly.TryParseExact(line, ["yyMMdd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            session.Ui.Error($"Not a date: '{line}'.");
        }
    }

    private async Task PutawayAsync(string dock, List<Received> received, CancellationToken cancellationToken)
    {
        foreach (var goods in received.Where(r => r.Quantity > 0).ToList())
        {
            var suggestion = await session.TryCallAsync(WmsMethods.Inventory.SuggestPutaway, new SuggestPutawayRequest
            {
                WarehouseCode = session.Warehouse, SkuCode = goods.SkuCode, Lot = goods.Lot, Quantity = goods.Quantity, FromBinCode = dock,
            }, cancellationToken);
            var target = suggestion?.BinCode ?? "";
            while (goods.Quantity > 0)
            {
                var line = await session.AskAsync(new Screen("PUT AWAY",
                [
                    $"{goods.Quantity} x {goods.SkuCode}", goods.Lot.Length > 0 ? "Lot " + goods.Lot : "",
                    target.Length > 0 ? $"To   {target}" : "No bin suggested.", .. TextWrap.Wrap(suggestion?.Reason ?? "", Session.ScreenWidth).Take(3), "", "k  leave in dock   x  stop",
                ], target.Length > 0 ? $"Scan bin {target}" : "Scan a bin"), cancellationToken);
                if (Keys.Is(line, Keys.Back))
                {
                    return;
                }

                if (Keys.Is(line, Keys.Skip))
                {
                    break;
                }

                var moved = await session.TryCallAsync(WmsMethods.Inventory.ConfirmPutaway, new MoveStockRequest
                {
                    RequestId = NewRequestId(), WarehouseCode = session.Warehouse, FromBinCode = dock, ToBinCode = line,
                    SkuCode = goods.SkuCode, Lot = goods.Lot, Quantity = goods.Quantity,
                }, cancellationToken);
                if (moved is not null)
                {
                    session.Ui.Info($"Put {goods.Quantity} {goods.SkuCode} in {line}" + (target.Length > 0 && !string.Equals(line, target, StringComparison.OrdinalIgnoreCase) ? $" (not {target})." : "."));
                    goods.Quantity = 0;
                }
            }
        }

        received.RemoveAll(r => r.Quantity == 0);
    }
}
