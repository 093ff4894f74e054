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
internal sealed class DirectedSteps(Session session, IReadOnlyCollection<string> commands)
{
    private bool IsCommand(string line) => commands.Any(c => Keys.Is(line, c));

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
    public async Task<Answer<(ItemScan Scan, string Matched)>> ScanItemAsync(Func<string, Screen> screen, ExpectedItem expected, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(screen("Scan item"), cancellationToken);
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
                session.Ui.Error($"Wrong item: expected {expected.SkuCode}, scanned {scan.Shown}");
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
    public async Task<Answer<string>> ScanLotAsync(Func<string, Screen> screen, string expectedLot, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(screen("Scan lot " + expectedLot), cancellationToken);
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

    /// <summary>How many: Enter takes the default; more than <paramref name="max"/> or less than 1 is refused with the limit.</summary>
    public async Task<Answer<long>> AskQuantityAsync(Func<string, Screen> screen, long suggested, long max, string unit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await session.AskAsync(screen($"Qty [{suggested}] {unit}".TrimEnd()), cancellationToken);
            if (IsCommand(line))
            {
                return Answer<long>.Key(line.ToLowerInvariant());
            }

            if (line.Length == 0)
            {
                return Answer<long>.Of(suggested);
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
