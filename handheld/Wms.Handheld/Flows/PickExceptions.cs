using System.Globalization;
using Wms.Contracts.V1;
using Wms.Handheld.Offline;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// When a line cannot be picked as asked: fewer found (s), or the exceptions menu (e): damaged, wrong item
/// in the bin, bin blocked. Each is a short pick with its reason, so the server does the follow-up it does
/// for any short pick: the rest is reallocated from another bin or backordered, and the bin gets a cycle
/// count. Found units are only claimed after the bin and the item were scanned, and the reason is always
/// chosen by the picker (a default could contradict the count: "bin empty" with 2 found).
/// </summary>
internal sealed class PickExceptions(Session session, TripTasks trip)
{
    private const string BinBlocked = "bin blocked";

    public async Task MenuAsync(PickTask task, PickLine.Reached reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            var answer = await session.AskAsync(new Screen($"EXCEPTION  {task.BinCode}",
                [$"SKU  {task.SkuCode}", "1 damaged", "2 wrong item in bin", "3 bin blocked (cannot reach)"], "Choose 1-3, x=cancel"), cancellationToken);
            switch (answer)
            {
                case "1":
                    await ShortAsync(task, reached, "damaged", cancellationToken);
                    return;
                case "2":
                    await ShortAsync(task, reached, "wrong item in bin", cancellationToken);
                    return;
                case "3":
                    await ShortAsync(task, reached, BinBlocked, cancellationToken);
                    return;
                case var back when Keys.Is(back, Keys.Back):
                    return;
                default:
                    session.Ui.Error($"No choice '{answer}': 1, 2 or 3.");
                    break;
            }
        }
    }

    /// <param name="reason">Chosen in the exceptions menu; null asks for it.</param>
    public async Task ShortAsync(PickTask task, PickLine.Reached reached, string? reason, CancellationToken cancellationToken)
    {
        // A blocked bin cannot be scanned; anything else is told standing at the bin, with its label scanned.
        if (reached == PickLine.Reached.Nothing && reason != BinBlocked)
        {
            session.Ui.Error($"Scan bin {task.BinCode} first: a short pick is told at the bin.");
            return;
        }

        var found = reached == PickLine.Reached.Item && reason != BinBlocked ? await AskFoundAsync(task, cancellationToken) : 0;
        if (found is null)
        {
            return;
        }

        reason ??= await AskReasonAsync(task, found.Value, reached, cancellationToken);
        if (reason is null)
        {
            return;
        }

        var request = new ShortPickRequest { RequestId = NewRequestId(), TaskId = task.TaskId, QuantityFound = found.Value, Reason = reason };
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.ShortPick, request, request.RequestId, "", cancellationToken))
        {
            case SendOutcome.Sent { Response: ShortPickResponse r }:
                trip.Shorted(task.TaskId);
                trip.CompletedOnServer = r.TripCompleted ? task.TripId : null;
                session.Ui.Info($"Short ({reason}): {r.PickedQuantity} picked, {r.ReallocatedQuantity} from another bin, {r.BackorderedQuantity} backordered."
                    + (r.CycleCountRaised ? $" Count raised on {task.BinCode}." : ""));
                break;
            case SendOutcome.Queued:
                trip.Shorted(task.TaskId);
                session.Ui.Info($"Short pick ({reason}) kept on device (offline).");
                break;
            case SendOutcome.Refused refused:
                session.Ui.Error(refused.Reason);
                break;
        }
    }

    private Screen ShortScreen(PickTask task, string prompt, params string[] lines) =>
        new($"SHORT PICK  {task.BinCode}", [$"SKU  {task.SkuCode}", $"Asked {task.QuantityRemaining} {PickLine.Unit(task)}", .. lines], prompt);

    /// <summary>How many good units are in hand; typed, never defaulted. Null: the picker went back.</summary>
    private async Task<long?> AskFoundAsync(PickTask task, CancellationToken cancellationToken)
    {
        var most = task.QuantityRemaining - 1;
        while (true)
        {
            var line = await session.AskAsync(ShortScreen(task, $"Found 0-{most}, x=cancel", "How many did you find?"), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return null;
            }

            if (long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var found) && found <= most)
            {
                return found;
            }

            session.Ui.Error(line.Length == 0 ? $"Type how many you found, 0 to {most}."
                : $"Found must be 0 to {most}; for all {task.QuantityRemaining}, pick normally.");
        }
    }

    private async Task<string?> AskReasonAsync(PickTask task, long found, PickLine.Reached reached, CancellationToken cancellationToken)
    {
        var first = found == 0 ? "bin empty" : "too few in bin";
        var lines = new List<string> { $"Found {found}. Why?", $"1 {first}", "2 damaged", "3 wrong item in bin", "or type the reason" };
        if (reached == PickLine.Reached.Bin)
        {
            lines.Add("Found some? x, scan one, then s.");
        }

        while (true)
        {
            var answer = await session.AskAsync(ShortScreen(task, "Reason 1-3, x=cancel", [.. lines]), cancellationToken);
            switch (answer)
            {
                case var back when Keys.Is(back, Keys.Back):
                    return null;
                case "":
                    session.Ui.Error("Choose the reason: 1, 2, 3 or type it.");
                    break;
                case "1":
                    return first;
                case "2":
                    return "damaged";
                case "3":
                    return "wrong item in bin";
                default:
                    return answer;
            }
        }
    }
}
