using Wms.Client;
using System.Globalization;
using Wms.Contracts.V1;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// Blind cycle counts: the counter picks an open count, scans the bin, then scans what is there (each scan
/// one unit, a number first for several, a label's count and lot as printed) and submits. The book
/// quantity is never shown, so the count is what is on the shelf and nothing else.
/// </summary>
internal sealed class CycleCountFlow(Session session)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var list = await session.TryCallAsync(WmsMethods.Inventory.ListCycleCounts, new ListCycleCountsRequest { WarehouseCode = session.Warehouse, PageSize = 9 }, cancellationToken);
            var counts = list?.Counts.ToList() ?? [];
            var lines = counts.Count == 0
                ? ["No counts waiting."]
                : counts.Select((c, i) => $"{i + 1} {c.BinCode,-10} {TextWrap.Fit(c.Reason, 20)}{(c.Status == CycleCountStatus.RecountRequested ? " RECOUNT" : "")}").ToList();
            var line = await session.AskAsync(new Screen("CYCLE COUNT", lines, "Number or bin (x = menu)"), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return;
            }

            var chosen = int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= counts.Count
                ? counts[n - 1]
                : counts.Find(c => string.Equals(c.BinCode, line, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                if (line.Length > 0)
                {
                    session.Ui.Error($"No open count for '{line}'.");
                }

                continue;
            }

            await CountAsync(chosen, cancellationToken);
        }
    }

    private async Task CountAsync(CycleCount count, CancellationToken cancellationToken)
    {
        var steps = new DirectedSteps(session, [Keys.Back]);
        var bin = await steps.ScanBinAsync(prompt => Screen.Of($"COUNT  {count.BinCode}", prompt, "Go to the bin and scan it."), count.BinCode, cancellationToken);
        if (bin.Command is not null)
        {
            return;
        }

        var counted = new List<CountedLine>();
        long? nextQuantity = null;
        while (true)
        {
            var shown = counted.Select(c => $"{c.SkuCode} {c.Lot} {c.Quantity}".Replace("  ", " ", StringComparison.Ordinal)).TakeLast(8).ToList();
            var line = await session.AskAsync(new Screen($"COUNT  {count.BinCode}",
                [.. shown.DefaultIfEmpty("Nothing counted yet."), "", "d  done (empty bin: d now)", "x  cancel"],
                nextQuantity is { } q ? $"Scan item (next counts {q})" : "Scan item"), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                session.Ui.Info("Count cancelled: nothing sent.");
                return;
            }

            if (Keys.Is(line, Keys.Done))
            {
                await SubmitAsync(count, counted, cancellationToken);
                return;
            }

            if (Keys.IsQuantity(line, out var typed))
            {
                nextQuantity = typed;
                continue;
            }

            if (await ItemScan.ReadAndResolveAsync(session, line, known: null, cancellationToken) is not (var scan, var sku))
            {
                continue;
            }

            var lot = await scan.LotAsync(session, sku, Screen.Of($"COUNT  {count.BinCode}", "Lot", $"{sku.Code} is lot-tracked.", "Scan or type the lot."), cancellationToken);

            var entry = counted.Find(c => c.SkuCode == sku.Code && c.Lot == lot);
            if (entry is null)
            {
                entry = new CountedLine { SkuCode = sku.Code, Lot = lot, Expiry = scan.ExpiryText };
                counted.Add(entry);
            }

            entry.Quantity += scan.Count ?? nextQuantity ?? 1;
            nextQuantity = null;
        }
    }

    private async Task SubmitAsync(CycleCount count, List<CountedLine> counted, CancellationToken cancellationToken)
    {
        var request = new SubmitCountRequest { RequestId = NewRequestId(), CountId = count.Id };
        request.Lines.AddRange(counted);
        var result = await session.TryCallAsync(WmsMethods.Inventory.SubmitCount, request, cancellationToken);
        if (result is null)
        {
            return;
        }

        if (result.Status == CycleCountStatus.RecountRequested)
        {
            session.Ui.Error($"Count of {count.BinCode} differs from the book: count it again (attempt {result.Attempts + 1}).");
        }
        else
        {
            session.Ui.Info($"Count of {count.BinCode} posted" + (result.Adjustments.Count == 0 ? ": no difference." : $": {result.Adjustments.Count} adjusted."));
        }
    }
}
