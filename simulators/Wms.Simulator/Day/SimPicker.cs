using System.Globalization;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Ui;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>
/// One simulated picker with the real handheld app: signs in with their own token, opens picking, and
/// does what each screen asks, taking simulated time for it: walks to the bin at walking speed (the
/// floor's aisle distances), scans the bin and the item (sometimes the wrong one, as people do), the lot
/// when asked, and confirms the quantity shown, or reports a short pick. Between trips they walk back to
/// the depot; with no work they look again a minute later.
/// </summary>
public sealed class SimPicker(string name, SimOptions options, ServerLink link, Floor floor, EventLoop loop, DayMetrics metrics, Random random) : IAsyncDisposable
{
    private static readonly TimeSpan ScanTime = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LookAgain = TimeSpan.FromMinutes(1);
    private readonly PickerStats _stats = new(name);
    private HandheldDriver? _device;
    private string _token = "";
    private (double X, double Y) _position = floor.Depot;
    private string _atBin = "";
    private string _sku = "";
    private bool _erredHere;
    private bool _busy;
    private DateTimeOffset _signedInAt;
    private DateTimeOffset _dayEnd;
    private int _unexpected;

    public PickerStats Stats => _stats;

    /// <summary>A token of their own (role picker) from AccessService, then the handheld, at the given time.</summary>
    public async Task SignInAsync(DateTimeOffset dayEnd)
    {
        _dayEnd = dayEnd;
        (_token, _device) = await HandheldHabits.TakeHandheldAsync(name, link, loop, metrics);
        _signedInAt = loop.Now;
        metrics.Pickers.Add(_stats);
        await TurnAsync();
    }

    private void Next(TimeSpan after) => loop.After(after, TurnAsync);

    /// <summary>Reads the screen and does the one thing it asks; schedules the next turn after the time that took.</summary>
    private async Task TurnAsync()
    {
        var device = _device!;
        var screen = device.Screen;
        _stats.SignedIn = Min(loop.Now, _dayEnd) - _signedInAt;
        if (loop.Now >= _dayEnd)
        {
            return;
        }

        try
        {
            var spent = await ActAsync(device, screen);
            if (_busy)
            {
                // Only the shift counts: a walk begun just before its end is not busy time after it.
                _stats.Busy += Min(loop.Now + spent, _dayEnd) - loop.Now;
            }

            Next(spent);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            metrics.Errors.Add($"{name}: {ex.Message}");
        }
    }

    private async Task<TimeSpan> ActAsync(HandheldDriver device, ScreenFrame screen)
    {
        var title = screen.Title;
        var prompt = screen.Prompt;
        if (await HandheldHabits.SignInAsync(device, screen, link.Address, _token, options.Warehouse) is { } signedIn)
        {
            return signedIn;
        }

        if (title.StartsWith("MENU", StringComparison.Ordinal))
        {
            await device.SendAsync("1");
            return ScanTime;
        }

        if (title == "PICK")
        {
            // No work: idle at the depot until the next look.
            SetBusy(false);
            await device.SendAsync("");
            return After(device.Screen, LookAgain);
        }

        if (title.StartsWith("PICK  line", StringComparison.Ordinal))
        {
            SetBusy(true);
            return await PickStepAsync(device, screen, prompt);
        }

        if (title.StartsWith("SHORT PICK", StringComparison.Ordinal))
        {
            if (prompt.StartsWith("Found 0-", StringComparison.Ordinal))
            {
                var most = long.Parse(prompt["Found 0-".Length..prompt.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                var found = random.NextInt64(0, most + 1);
                // What the picker did not find is not on the shelf: the counter will find it missing.
                floor.NoteMissing(_atBin, _sku, most + 1 - found);
                await device.SendAsync(found.ToString(CultureInfo.InvariantCulture));
                return ScanTime;
            }

            await device.SendAsync("1");
            _stats.ShortPicks++;
            metrics.ShortPicks++;
            DayMetrics.Count(metrics.StockOutsByHour, metrics.HourOf(loop.Now));
            return After(device.Screen, ScanTime);
        }

        // A screen this picker has no habit for: back out of it, and say so in the report.
        if (++_unexpected <= 3)
        {
            metrics.Errors.Add($"{name}: unexpected screen '{screen.Title}' / '{screen.Prompt}' / '{screen.Message}'");
        }

        await device.SendAsync("x");
        return ScanTime;
    }

    private async Task<TimeSpan> PickStepAsync(HandheldDriver device, ScreenFrame screen, string prompt)
    {
        var bin = Field(screen, "Bin  ");
        var sku = Field(screen, "SKU  ");
        _sku = sku;
        if (prompt.StartsWith("Scan bin ", StringComparison.Ordinal))
        {
            if (!string.Equals(_atBin, bin, StringComparison.OrdinalIgnoreCase))
            {
                // Walk there first; the scan is the next turn.
                var to = floor.PositionOf(bin);
                var metres = floor.Distance(_position, to);
                Walked(metres);
                (_position, _atBin, _erredHere) = (to, bin, false);
                return TimeSpan.FromSeconds(metres / options.WalkSpeed);
            }

            await device.SendAsync(WrongScan() ? NeighbourOf(bin) : bin);
            return ScanTime;
        }

        if (prompt == "Scan item")
        {
            await device.SendAsync(WrongScan() ? floor.BarcodeOf(OtherSku(sku)) : floor.BarcodeOf(sku));
            return ScanTime;
        }

        if (prompt.StartsWith("Scan lot ", StringComparison.Ordinal))
        {
            await device.SendAsync(prompt["Scan lot ".Length..]);
            return ScanTime;
        }

        if (prompt.StartsWith("Qty [", StringComparison.Ordinal))
        {
            var quantity = long.Parse(prompt[5..prompt.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var pickTime = TimeSpan.FromSeconds(Math.Max(1, options.SecondsPerPick - 2 * ScanTime.TotalSeconds));
            if (quantity > 1 && random.NextDouble() < options.ShortPickRate)
            {
                await device.SendAsync("s");
                return pickTime;
            }

            await device.SendAsync("");
            if (device.Screen.Message.StartsWith("Picked", StringComparison.Ordinal))
            {
                _stats.Lines++;
                _stats.Units += quantity;
                metrics.LinesPicked++;
                metrics.UnitsPicked += quantity;
                metrics.UnitsPickedBySku[sku] = metrics.UnitsPickedBySku.GetValueOrDefault(sku) + quantity;
                metrics.LinesPickedAt.Add((loop.Now, floor.Distance(floor.Depot, floor.PositionOf(bin))));
            }

            return After(device.Screen, pickTime);
        }

        // "Pick n of m?" and anything else on the line: Enter.
        await device.SendAsync("");
        return ScanTime;
    }

    /// <summary>A wrong scan now and then, never twice at the same step.</summary>
    private bool WrongScan()
    {
        if (_erredHere || random.NextDouble() >= options.WrongScanRate)
        {
            _erredHere = false;
            return false;
        }

        _erredHere = true;
        _stats.WrongScans++;
        metrics.WrongScans++;
        return true;
    }

    /// <summary>After an action: a new trip is counted; a finished trip sends the picker back to the depot with the cart.</summary>
    private TimeSpan After(ScreenFrame screen, TimeSpan spent)
    {
        if (screen.Message.Contains("New trip", StringComparison.Ordinal))
        {
            _stats.Trips++;
            metrics.TripsStarted++;
            SetBusy(true);
        }

        if (screen.Message.Contains("Trip complete", StringComparison.Ordinal) || (screen.Title == "PICK" && _atBin.Length > 0))
        {
            var metres = floor.Distance(_position, floor.Depot);
            Walked(metres);
            (_position, _atBin) = (floor.Depot, "");
            spent += TimeSpan.FromSeconds(metres / options.WalkSpeed);
        }

        return spent;
    }

    private void Walked(double metres)
    {
        _stats.WalkedMetres += metres;
        metrics.Walks.Add((loop.Now, metres));
    }

    private void SetBusy(bool busy)
    {
        if (busy != _busy)
        {
            metrics.PickersBusy += busy ? 1 : -1;
            _busy = busy;
        }
    }

    private static string Field(ScreenFrame screen, string label) =>
        screen.Lines.FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal))?[label.Length..].Trim() ?? "";

    private string NeighbourOf(string bin)
    {
        var near = floor.Bins.Where(b => b.Kind == BinKind.PickFace && !string.Equals(b.Code, bin, StringComparison.OrdinalIgnoreCase))
            .OrderBy(b => floor.Distance(floor.PositionOf(bin), (b.XM, b.YM))).ThenBy(b => b.Code, StringComparer.Ordinal).FirstOrDefault();
        return near?.Code ?? bin + "-X";
    }

    private string OtherSku(string sku)
    {
        var others = floor.Skus.Keys.Where(k => !string.Equals(k, sku, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        return others.Count == 0 ? sku : others[random.Next(others.Count)];
    }

    /// <summary>The shift is over (or the run was stopped): signed in until then, even when the last turn came before it.</summary>
    public void EndShift(DateTimeOffset end)
    {
        if (_device is not null)
        {
            _stats.SignedIn = end - _signedInAt;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public async ValueTask DisposeAsync()
    {
        if (_device is not null)
        {
            await _device.DisposeAsync();
        }
    }
}
