using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>Moves unreserved stock: scan the bin it is in, the item, how many (typed, never a silent "all"), the bin it goes to.</summary>
internal sealed class MoveFlow(Session session)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var from = await session.AskAsync(Screen.Of("MOVE", "Scan from-bin (x = menu)", "Scan the bin to take stock from."), cancellationToken);
            if (Keys.Is(from, Keys.Back))
            {
                return;
            }

            var stock = await session.TryCallAsync(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = session.Warehouse, BinCode = from }, cancellationToken);
            if (stock is null)
            {
                continue;
            }

            if (stock.Lines.Count == 0)
            {
                session.Ui.Error($"Bin {from} holds no stock.");
                continue;
            }

            var line = await ChooseAsync(from, stock, cancellationToken);
            if (line is null)
            {
                continue;
            }

            var steps = new DirectedSteps(session, [Keys.Back]);
            var screen = (string prompt) => new Screen("MOVE", [$"From {line.BinCode}", $"SKU  {line.SkuCode}", line.Lot.Length > 0 ? "Lot  " + line.Lot : "", $"Available {line.Available}"], prompt);
            // No default: moving everything by one stray Enter is too easy a mistake to make for the picker.
            var quantity = await steps.AskQuantityAsync(screen, null, line.Available, "", null, cancellationToken);
            if (quantity.Command is null)
            {
                await MoveToAsync(line, quantity.Value, screen, cancellationToken);
            }
        }
    }

    /// <summary>Until the stock is moved or the picker gives up (x): a bin that cannot take it is said, and the to-bin asked again.</summary>
    private async Task MoveToAsync(StockLine line, long quantity, Func<string, Screen> screen, CancellationToken cancellationToken)
    {
        while (true)
        {
            var to = await session.AskAsync(screen($"Scan to-bin for {quantity}"), cancellationToken);
            if (Keys.Is(to, Keys.Back))
            {
                return;
            }

            if (string.Equals(to, line.BinCode, StringComparison.OrdinalIgnoreCase))
            {
                session.Ui.Error($"{line.BinCode} is where it is now: scan the bin it goes to.");
                continue;
            }

            var moved = await session.TryCallAsync(WmsMethods.Inventory.MoveStock, new MoveStockRequest
            {
                RequestId = NewRequestId(), WarehouseCode = session.Warehouse, FromBinCode = line.BinCode, ToBinCode = to,
                SkuCode = line.SkuCode, Lot = line.Lot, Quantity = quantity,
            }, cancellationToken);
            if (moved is not null)
            {
                session.Ui.Info($"Moved {quantity} {line.SkuCode} {line.BinCode} > {to}: {moved.ToBinOnHand} there now.");
                return;
            }

            if (!session.Sender.Online)
            {
                return;
            }
        }
    }

    /// <summary>The stock line the scanned item (and label lot) names in the bin.</summary>
    private async Task<StockLine?> ChooseAsync(string bin, QueryStockResponse stock, CancellationToken cancellationToken)
    {
        while (true)
        {
            var answer = await session.AskAsync(new Screen("MOVE", [$"From {bin}", .. stock.Lines.Take(5).Select(l => $"{l.SkuCode} {l.Lot}".TrimEnd())], "Scan item"), cancellationToken);
            if (Keys.Is(answer, Keys.Back))
            {
                return null;
            }

            if (await ItemScan.ReadAndResolveAsync(session, answer, known: null, cancellationToken) is not (var scan, var sku))
            {
                continue;
            }

            var lines = stock.Lines.Where(l => l.SkuCode == sku.Code && (scan.Lot is null || l.Lot == scan.Lot)).ToList();
            if (lines.Count == 0)
            {
                session.Ui.Error($"No {sku.Code}{(scan.Lot is null ? "" : " lot " + scan.Lot)} in {bin}.");
                continue;
            }

            if (lines.Count == 1)
            {
                return lines[0];
            }

            var lot = await session.AskAsync(new Screen("MOVE", [$"{sku.Code} in {bin}:", .. lines.Select(l => $"lot {l.Lot}  {l.Available}")], "Scan lot"), cancellationToken);
            if (lines.Find(l => l.Lot == lot) is { } chosen)
            {
                return chosen;
            }

            session.Ui.Error($"No lot {lot} of {sku.Code} in {bin}.");
        }
    }
}
