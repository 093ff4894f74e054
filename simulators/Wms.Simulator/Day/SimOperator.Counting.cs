using System.Globalization;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Ui;

namespace Wms.Simulator.Day;

/// <summary>
/// The counter: the handheld's cycle count flow (menu 5, blind counts). Takes the first open count of the app's
/// list (a recount as it comes), walks to the bin and scans it, then per SKU and lot on the shelf types how many
/// and scans the item (the lot when asked), and sends the count with <c>d</c>. What is on the shelf is the book
/// less what pickers did not find there (<see cref="Floor.NoteMissing"/>); with <see cref="SimOptions.CountErrorRate"/>
/// a line is miscounted by 1-3 units. A count the server refuses (fewer counted than reserved for picking) is left
/// for the supervisor and tried again half an hour later. With no count open the counter looks again every 10 minutes.
/// </summary>
public sealed partial class SimOperator
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RefusedCountWait = TimeSpan.FromMinutes(30);
    private readonly Dictionary<string, DateTimeOffset> _countLaterAt = new(StringComparer.OrdinalIgnoreCase);
    private bool _listFresh;

    // The count in hand: its bin, what the counter will say is there, the next line, whether its quantity is typed.
    private string _countBin = "";
    private List<ShelfLine> _shelf = [];
    private int _countLine;
    private bool _countTyped;

    private sealed record ShelfLine(string Sku, string Lot, long Book, long Counted, long Missing);

    private async Task<TimeSpan?> CountStepAsync(HandheldDriver device, ScreenFrame screen)
    {
        var (title, prompt) = (screen.Title, screen.Prompt);
        if (title.StartsWith("MENU", StringComparison.Ordinal))
        {
            await device.SendAsync("5");
            _listFresh = true;
            return ScanTime;
        }

        if (title == "CYCLE COUNT")
        {
            return await ChooseCountAsync(device, screen);
        }

        if (!title.StartsWith("COUNT  ", StringComparison.Ordinal))
        {
            return await UnexpectedAsync(device, screen);
        }

        if (prompt.StartsWith("Scan bin ", StringComparison.Ordinal))
        {
            _countBin = prompt["Scan bin ".Length..];
            var walk = Walk(floor.PositionOf(_countBin));
            _shelf = await LookAtShelfAsync(_countBin);
            (_countLine, _countTyped) = (0, false);
            await device.SendAsync(_countBin);
            return walk + ScanTime;
        }

        if (prompt == "Lot")
        {
            await device.SendAsync(_shelf[_countLine - 1].Lot);
            return ScanTime;
        }

        if (!prompt.StartsWith("Scan item", StringComparison.Ordinal))
        {
            return await UnexpectedAsync(device, screen);
        }

        while (_countLine < _shelf.Count && _shelf[_countLine].Counted == 0)
        {
            _countLine++; // nothing there: not scanned, and the count says 0 for it
        }

        if (_countLine < _shelf.Count)
        {
            var line = _shelf[_countLine];
            if (!_countTyped)
            {
                _countTyped = true;
                await device.SendAsync(line.Counted.ToString(CultureInfo.InvariantCulture));
                return ScanTime;
            }

            (_countLine, _countTyped) = (_countLine + 1, false);
            await device.SendAsync(floor.BarcodeOf(line.Sku));
            // Counting the units on the shelf: a few seconds, and a moment per unit.
            return TimeSpan.FromSeconds(5 + (0.5 * line.Counted));
        }

        return await SubmitCountAsync(device);
    }

    /// <summary>The app's list of open counts: the first one not waiting for the supervisor, else look again later.</summary>
    private async Task<TimeSpan?> ChooseCountAsync(HandheldDriver device, ScreenFrame screen)
    {
        for (var i = 0; i < screen.Lines.Count; i++)
        {
            var parts = screen.Lines[i].Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                && !(_countLaterAt.TryGetValue(parts[1], out var later) && later > loop.Now))
            {
                await device.SendAsync(number.ToString(CultureInfo.InvariantCulture));
                return ScanTime;
            }
        }

        if (!_listFresh)
        {
            // Enter lists the open counts again.
            _listFresh = true;
            await device.SendAsync("");
            return ScanTime;
        }

        _listFresh = false;
        return LookAgain;
    }

    /// <summary>
    /// What the counter finds in the bin, per SKU and lot: the book less what pickers did not find there (taken
    /// from the lots in turn), now and then miscounted.
    /// </summary>
    private async Task<List<ShelfLine>> LookAtShelfAsync(string bin)
    {
        var book = await BookAsync(bin);
        var shelf = new List<ShelfLine>();
        var missingBySku = book.Select(b => b.SkuCode).Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(sku => sku, sku => floor.MissingAt(bin, sku), StringComparer.OrdinalIgnoreCase);
        foreach (var line in book)
        {
            var missing = Math.Min(line.OnHand, missingBySku[line.SkuCode]);
            missingBySku[line.SkuCode] -= missing;
            var counted = line.OnHand - missing;
            if (random is not null && random.NextDouble() < options.CountErrorRate)
            {
                metrics.Counts.Miscounted++;
                counted = Math.Max(0, counted + ((random.Next(2) == 0 ? -1 : 1) * random.Next(1, 4)));
            }

            shelf.Add(new ShelfLine(line.SkuCode, line.Lot, line.OnHand, counted, missing));
        }

        return shelf;
    }

    private async Task<List<StockLine>> BookAsync(string bin)
    {
        var stock = await link.CallAsync(metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = options.Warehouse, BinCode = bin, PageSize = 500 });
        return stock.Lines.Where(l => l.OnHand > 0).OrderBy(l => l.SkuCode, StringComparer.Ordinal).ThenBy(l => l.Lot, StringComparer.Ordinal).ToList();
    }

    /// <summary><c>d</c>: the count goes to the server; the app says whether it was posted, needs a recount, or was refused.</summary>
    private async Task<TimeSpan?> SubmitCountAsync(HandheldDriver device)
    {
        // The book as the server compares it (a picker may have taken some while the counter counted).
        var book = (await BookAsync(_countBin)).ToDictionary(l => (l.SkuCode, l.Lot), l => l.OnHand);
        await device.SendAsync("d");
        metrics.Counts.Submitted++;
        var message = device.Screen.Message;
        if (message.Contains(" posted", StringComparison.Ordinal))
        {
            metrics.Counts.Posted++;
            foreach (var line in _shelf)
            {
                var difference = line.Counted - book.GetValueOrDefault((line.Sku, line.Lot));
                metrics.Counts.AdjustedLines += difference == 0 ? 0 : 1;
                metrics.Counts.UnitsAdded += Math.Max(0, difference);
                metrics.Counts.UnitsRemoved += Math.Max(0, -difference);
                metrics.Counts.UnitsFoundMissing += line.Missing;
            }

            floor.Counted(_countBin);
        }
        else if (message.Contains("count it again", StringComparison.Ordinal))
        {
            metrics.Counts.Recounts++;
        }
        else
        {
            metrics.Counts.Refused++;
            metrics.Refused(message.Contains("reserved", StringComparison.Ordinal) ? "SubmitCount: fewer counted than reserved" : "SubmitCount: refused");
            _countLaterAt[_countBin] = loop.Now + RefusedCountWait;
        }

        _listFresh = true;
        return ScanTime;
    }
}
