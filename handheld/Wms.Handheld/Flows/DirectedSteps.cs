using System.Globalization;
using Wms.Handheld.Ui;

namespace Wms.Handheld.Flows;

/// <summary>An answer to a step: the value, or the command key the picker typed instead.</summary>
internal readonly record struct Answer<T>(T? Value, string? Command)
{
    public static Answer<T> Of(T value) => new(value, null);

    public static Answer<T> Key(string command) => new(default, command);
}

/// <summary>What a directed task asks the picker to take: SKU, its barcodes, the lot if any.</summary>
internal sealed record ExpectedItem(string SkuCode, IReadOnlyList<string> Barcodes, string Lot);

/// <summary>
/// The steps of any directed task (go to a bin, scan it, scan the item, say how many). Picking uses them
/// at the pick bin; a replenishment task is the same steps at its from-bin followed by
/// <see cref="ScanBinAsync"/> at its to-bin, so it needs no new screens.
/// </summary>
/// <param name="identify">Names a scanned item that is not the expected one (null when unknown), so a wrong
/// scan says what was scanned in the floor's words instead of a raw GTIN.</param>
internal sealed class DirectedSteps(Session session, IReadOnlyCollection<string> commands, Func<ItemScan, CancellationToken, Task<string?>>? identify = null)
{
    private bool IsCommand(string line) => commands.Any(c => Keys.Is(line, c));

    /// <summary>
    /// The next line, skipping a double read of <paramref name="previous"/> (the scan that answered the step
    /// before): at this step a repeat of it cannot be meant, so it is dropped without a word.
    /// </summary>
    private async Task<string> AskAsync(Screen screen, string? previous, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(screen, cancellationToken);
            if (previous is null || !session.Ui.LastWasRepeat || !string.Equals(line, previous, StringComparison.Ordinal))
            {
                return line;
            }
        }
    }

    /// <summary>Until the expected bin is scanned: a wrong bin is named, with the one expected, and beeps.</summary>
    public async Task<Answer<string>> ScanBinAsync(Func<string, Screen> screen, string expectedBin, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(screen("Scan bin " + expectedBin), cancellationToken);
            if (IsCommand(line))
            {
                return Answer<string>.Key(line.ToLowerInvariant());
            }

            if (string.Equals(line, expectedBin, StringComparison.OrdinalIgnoreCase))
            {
                return Answer<string>.Of(expectedBin);
            }

            session.Ui.Error(line.Length == 0 ? $"Scan the bin label of {expectedBin}." : $"Wrong bin: expected {expectedBin}, scanned {line}");
        }
    }

    /// <summary>
    /// Until the expected item is scanned: answers the scan and the catalogued code it matched. A lot on a
    /// label must be the expected lot; a label's count is kept for the quantity step.
    /// </summary>
    public async Task<Answer<(ItemScan Scan, string Matched)>> ScanItemAsync(Func<string, Screen> screen, ExpectedItem expected, string? afterScan, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await AskAsync(screen("Scan item"), afterScan, cancellationToken);
            if (IsCommand(line))
            {
                return Answer<(ItemScan, string)>.Key(line.ToLowerInvariant());
            }

            var (scan, error) = ItemScan.Read(line, session.Today);
            if (scan is null)
            {
                session.Ui.Error(error!);
                continue;
            }

            if (scan.MatchFor(expected.SkuCode, expected.Barcodes) is not { } matched)
            {
                var name = identify is null ? null : await identify(scan, cancellationToken);
                session.Ui.Error($"Wrong item: expected {expected.SkuCode}, scanned {name ?? scan.Shown}");
                continue;
            }

            if (expected.Lot.Length > 0 && scan.Lot is { } lot && !string.Equals(lot, expected.Lot, StringComparison.Ordinal))
            {
                session.Ui.Error($"Wrong lot: expected {expected.Lot}, scanned {lot}");
                continue;
            }

            return Answer<(ItemScan, string)>.Of((scan, matched));
        }
    }

    /// <summary>Until the expected lot is scanned or typed (for a plain barcode on a lot-tracked item).</summary>
    public async Task<Answer<string>> ScanLotAsync(Func<string, Screen> screen, string expectedLot, string? afterScan, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await AskAsync(screen("Scan lot " + expectedLot), afterScan, cancellationToken);
            if (IsCommand(line))
            {
                return Answer<string>.Key(line.ToLowerInvariant());
            }

            if (string.Equals(line, expectedLot, StringComparison.Ordinal))
            {
                return Answer<string>.Of(line);
            }

            session.Ui.Error($"Wrong lot: expected {expectedLot}, scanned {line}");
        }
    }

    /// <summary>
    /// How many: Enter takes <paramref name="suggested"/> (with none, a number must be typed); more than
    /// <paramref name="max"/> or less than 1 is refused with the limit.
    /// </summary>
    public async Task<Answer<long>> AskQuantityAsync(Func<string, Screen> screen, long? suggested, long max, string unit, string? afterScan, CancellationToken cancellationToken)
    {
        while (true)
        {
            var prompt = suggested is { } shown ? $"Qty [{shown}] {unit}" : $"Qty 1-{max} {unit}";
            var line = await AskAsync(screen(prompt.TrimEnd()), afterScan, cancellationToken);
            if (IsCommand(line))
            {
                return Answer<long>.Key(line.ToLowerInvariant());
            }

            if (line.Length == 0)
            {
                if (suggested is { } taken)
                {
                    return Answer<long>.Of(taken);
                }

                session.Ui.Error($"Type how many, 1 to {max}.");
                continue;
            }

            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var quantity) || quantity < 1)
            {
                session.Ui.Error($"Quantity must be a whole number from 1 to {max}, not '{line}'.");
                continue;
            }

            if (quantity > max)
            {
                session.Ui.Error($"Too many: {quantity} asked, only {max} to take here.");
                continue;
            }

            return Answer<long>.Of(quantity);
        }
    }
}
