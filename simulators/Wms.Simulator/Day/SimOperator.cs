using System.Globalization;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Ui;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

public enum OperatorJob
{
    /// <summary>Receives suppliers' deliveries at the dock and puts them away (handheld menu 2).</summary>
    Receiver,

    /// <summary>Works the replenishment tasks, reserve to pick face (handheld menu 7).</summary>
    Replenisher,

    /// <summary>Counts the bins the cycle counts name, blind (handheld menu 5).</summary>
    Counter,
}

/// <summary>A supplier's delivery as it arrives at the dock: the receipt's reference and what is on the truck.</summary>
public sealed record IncomingReceipt(string Reference, string Dock, IReadOnlyList<IncomingLine> Lines);

public sealed record IncomingLine(string Sku, long Quantity, string Lot, string Expiry);

/// <summary>
/// A warehouse operator with the real handheld app, like the pickers (<see cref="SimPicker"/>), for the
/// flows that are not picking: the receiver takes each supplier's receipt (scan the receipt, the dock, then
/// per line the quantity typed and the item scanned, the lot or expiry when asked), then puts the goods away
/// at the server's suggested bins, walking there; the replenisher takes the open tasks from the app's list,
/// walks to the reserve bin, scans bin, item and lot, confirms the quantity and scans the pick face. With
/// nothing to do they wait until the office wakes them (a truck, a replenishment scan). The counter
/// (<c>SimOperator.Counting.cs</c>) works the open cycle counts.
/// </summary>
/// <param name="random">The counter's miscounts; the receiver and the replenisher draw nothing at random.</param>
public sealed partial class SimOperator(string name, OperatorJob job, SimOptions options, ServerLink link, Floor floor, EventLoop loop, DayMetrics metrics, Random? random = null) : IAsyncDisposable
{
    private static readonly TimeSpan ScanTime = TimeSpan.FromSeconds(2);

    /// <summary>Unloading and counting one line of a delivery (a few cartons off the pallet).</summary>
    private static readonly TimeSpan UnloadLine = TimeSpan.FromSeconds(40);

    /// <summary>Taking the units out of the reserve bin, or putting them on the shelf.</summary>
    private static readonly TimeSpan Handling = TimeSpan.FromSeconds(30);

    private readonly Queue<IncomingReceipt> _receipts = new();
    private HandheldDriver? _device;
    private string _token = "";
    private DateTimeOffset _dayEnd;
    private bool _scheduled;
    private bool _woken;
    private int _unexpected;
    private (string, string, string) _last;
    private int _repeats;
    private (double X, double Y) _position = floor.Depot;

    // The receipt in hand: its next line, whether that line's quantity is typed, whether it is put away.
    private IncomingReceipt? _receipt;
    private int _line;
    private int _scanned;
    private bool _quantityTyped;
    private bool _putAway;
    private string _lastPutawayBin = "";
    private int _putawayTries;

    public async Task SignInAsync(DateTimeOffset dayEnd)
    {
        _dayEnd = dayEnd;
        (_token, _device) = await HandheldHabits.TakeHandheldAsync(name, link, loop, metrics);
        await TurnAsync();
    }

    /// <summary>A truck is at the dock: the receiver takes it after what they are doing.</summary>
    public void Deliver(IncomingReceipt receipt)
    {
        _receipts.Enqueue(receipt);
        Wake();
    }

    /// <summary>There may be work: an idle operator looks again.</summary>
    public void Wake()
    {
        _woken = true;
        if (!_scheduled && _device is not null)
        {
            _scheduled = true;
            loop.After(TimeSpan.Zero, TurnAsync);
        }
    }

    private async Task TurnAsync()
    {
        _scheduled = false;
        if (loop.Now >= _dayEnd || _device is null)
        {
            return;
        }

        try
        {
            var screen = _device.Screen;
            var same = (screen.Title, screen.Prompt, screen.Message);
            _repeats = same == _last && screen.Message.Length > 0 ? _repeats + 1 : 0;
            _last = same;
            if (_repeats >= 5)
            {
                // The app keeps refusing what this operator answers: back out rather than loop, and report it.
                metrics.Errors.Add($"{name}: stuck at '{screen.Title}' / '{screen.Prompt}' / '{screen.Message}'");
                _repeats = 0;
                await _device.SendAsync("x");
                _scheduled = true;
                loop.After(ScanTime, TurnAsync);
                return;
            }

            if (await ActAsync(_device, screen) is { } spent)
            {
                _scheduled = true;
                loop.After(spent, TurnAsync);
            }
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            metrics.Errors.Add($"{name}: {ex.Message}");
        }
    }

    /// <summary>One step on the screen shown; null: nothing to do until woken.</summary>
    private async Task<TimeSpan?> ActAsync(HandheldDriver device, ScreenFrame screen)
    {
        if (await HandheldHabits.SignInAsync(device, screen, link.Address, _token, options.Warehouse) is { } signedIn)
        {
            return signedIn;
        }

        return job switch
        {
            OperatorJob.Receiver => await ReceiveStepAsync(device, screen),
            OperatorJob.Replenisher => await ReplenishStepAsync(device, screen),
            _ => await CountStepAsync(device, screen),
        };
    }

    private async Task<TimeSpan?> ReceiveStepAsync(HandheldDriver device, ScreenFrame screen)
    {
        var (title, prompt) = (screen.Title, screen.Prompt);
        if (title.StartsWith("MENU", StringComparison.Ordinal))
        {
            if (_receipt is null && !_receipts.TryDequeue(out _receipt))
            {
                return null;
            }

            (_line, _quantityTyped, _putAway) = (0, false, false);
            await device.SendAsync("2");
            return ScanTime;
        }

        if (_receipt is null)
        {
            return await UnexpectedAsync(device, screen);
        }

        if (title == "RECEIVE" && prompt.StartsWith("Scan receipt", StringComparison.Ordinal))
        {
            var dock = floor.PositionOf(_receipt.Dock);
            var walk = Walk(dock);
            await device.SendAsync(_receipt.Reference);
            return walk + ScanTime;
        }

        if (prompt == "Scan dock bin")
        {
            await device.SendAsync(_receipt.Dock);
            return ScanTime;
        }

        if (prompt == "Lot")
        {
            await device.SendAsync(_receipt.Lines[_scanned].Lot);
            return ScanTime;
        }

        if (prompt.StartsWith("Expiry", StringComparison.Ordinal))
        {
            await device.SendAsync(_receipt.Lines[_scanned].Expiry);
            return ScanTime;
        }

        if (title.StartsWith("RECEIVE  ", StringComparison.Ordinal) && prompt.StartsWith("Scan item", StringComparison.Ordinal))
        {
            if (_line < _receipt.Lines.Count)
            {
                var line = _receipt.Lines[_line];
                if (!_quantityTyped)
                {
                    // A number typed before the scan: that many are received at once.
                    _quantityTyped = true;
                    await device.SendAsync(line.Quantity.ToString(CultureInfo.InvariantCulture));
                    return ScanTime;
                }

                // The lot and best-before, when the app asks, are this line's: the next line is counted from here.
                _scanned = _line;
                await device.SendAsync(floor.BarcodeOf(line.Sku));
                (_line, _quantityTyped) = (_line + 1, false);
                return UnloadLine;
            }

            if (!_putAway)
            {
                _putAway = true;
                await device.SendAsync("p");
                return ScanTime;
            }

            // What the server booked against the receipt (the office reads it; the screen only shows the last scan).
            var booked = await link.CallAsync(metrics, WmsMethods.Inventory.GetReceipt, new GetReceiptRequest { WarehouseCode = options.Warehouse, Reference = _receipt.Reference });
            metrics.Inbound.UnitsReceived += booked.Lines.Sum(l => l.ReceivedQuantity);
            metrics.Inbound.ReceiptsDone++;
            _receipt = null;
            await device.SendAsync("x");
            return ScanTime;
        }

        if (title == "PUT AWAY")
        {
            const string Target = "Scan bin ";
            _putawayTries = _lastPutawayBin == prompt ? _putawayTries + 1 : 0;
            _lastPutawayBin = prompt;
            if (!prompt.StartsWith(Target, StringComparison.Ordinal) || _putawayTries >= 2)
            {
                // No bin suggested, or the suggested one refused twice: it stays in the dock for the supervisor.
                metrics.Inbound.ItemsLeftInDock++;
                await device.SendAsync("k");
                return ScanTime;
            }

            var bin = prompt[Target.Length..];
            var units = long.TryParse(screen.Lines.FirstOrDefault()?.Split(" x ")[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var walk = Walk(floor.PositionOf(_receipt.Dock)) + Walk(floor.PositionOf(bin));
            await device.SendAsync(bin);
            if (device.Screen.Message.StartsWith("Put ", StringComparison.Ordinal))
            {
                metrics.Inbound.UnitsPutAway += units;
            }

            return walk + Handling;
        }

        return await UnexpectedAsync(device, screen);
    }

    private async Task<TimeSpan?> ReplenishStepAsync(HandheldDriver device, ScreenFrame screen)
    {
        var (title, prompt) = (screen.Title, screen.Prompt);
        if (title.StartsWith("MENU", StringComparison.Ordinal))
        {
            await device.SendAsync("7");
            return ScanTime;
        }

        if (title == "REPLENISH")
        {
            // No task open: wait for the next scan (or a pick that raised one), then look again.
            if (!_woken)
            {
                return null;
            }

            _woken = false;
            await device.SendAsync("");
            return ScanTime;
        }

        if (title.EndsWith(" open", StringComparison.Ordinal))
        {
            // The list: the first task (urgent first, then oldest, as the server orders them).
            await device.SendAsync("");
            return ScanTime;
        }

        if (!title.StartsWith("REPLENISH  task", StringComparison.Ordinal))
        {
            return await UnexpectedAsync(device, screen);
        }

        if (long.TryParse(title["REPLENISH  task".Length..], NumberStyles.None | NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture, out var taskId))
        {
            metrics.ReplenishmentTaskIds.Add(taskId);
        }

        if (prompt.StartsWith("Scan bin ", StringComparison.Ordinal))
        {
            var bin = prompt["Scan bin ".Length..];
            var walk = Walk(floor.PositionOf(bin));
            var putting = screen.Lines.Any(l => l.StartsWith("into pick face", StringComparison.Ordinal));
            await device.SendAsync(bin);
            if (putting && device.Screen.Message.StartsWith("Moved", StringComparison.Ordinal))
            {
                metrics.ReplenishmentsConfirmed++;
                DayMetrics.Count(metrics.ReplenishmentsByHour, metrics.HourOf(loop.Now));
            }

            return walk + (putting ? Handling : ScanTime);
        }

        if (prompt == "Scan item")
        {
            var sku = screen.Lines.FirstOrDefault(l => l.StartsWith("SKU  ", StringComparison.Ordinal))?[5..].Trim() ?? "";
            await device.SendAsync(floor.BarcodeOf(sku));
            return ScanTime;
        }

        if (prompt.StartsWith("Scan lot ", StringComparison.Ordinal))
        {
            await device.SendAsync(prompt["Scan lot ".Length..]);
            return ScanTime;
        }

        // The quantity (Enter takes what the task asks) and anything else on the task: Enter.
        await device.SendAsync("");
        return prompt.StartsWith("Qty", StringComparison.Ordinal) ? Handling : ScanTime;
    }

    private TimeSpan Walk((double X, double Y) to)
    {
        var metres = floor.Distance(_position, to);
        _position = to;
        return TimeSpan.FromSeconds(metres / options.WalkSpeed);
    }

    /// <summary>A screen this operator has no habit for: back out of it, and say so in the report.</summary>
    private async Task<TimeSpan?> UnexpectedAsync(HandheldDriver device, ScreenFrame screen)
    {
        if (++_unexpected <= 3)
        {
            metrics.Errors.Add($"{name}: unexpected screen '{screen.Title}' / '{screen.Prompt}' / '{screen.Message}'");
        }

        await device.SendAsync("x");
        return ScanTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (_device is not null)
        {
            await _device.DisposeAsync();
        }
    }
}
