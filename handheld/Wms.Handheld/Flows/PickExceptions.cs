using System.Globalization;
using Wms.Contracts.V1;
using Wms.Handheld.Offline;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// When a line cannot be picked as asked: fewer found (s), or the exceptions menu (e): damaged, wrong item
/// in the bin, bin blocked, other. A short pick is just that: the server picks what was found, reallocates the
/// rest from another bin or backorders it, and counts the bin. An exception is a short pick that a picker
/// cannot put right, so the server also holds the bin (for damaged goods only that SKU and lot in it) and alerts the supervisors
/// (<c>PickingService.ReportPickException</c>), all in one transaction. Found units are only claimed after the
/// bin and the item were scanned, and the reason is always chosen by the picker (a default could contradict
/// the count: "bin empty" with 2 found). Both go through the outbox like picks, so they work offline.
/// </summary>
internal sealed class PickExceptions(Session session, TripTasks trip)
{
    /// <summary>The server's limit on the note (Limits.Reason).</summary>
    private const int NoteLength = 200;

    public async Task MenuAsync(PickTask task, PickLine.Reached reached, CancellationToken cancellationToken)
    {
        while (true)
        {
            var answer = await session.AskAsync(new Screen($"EXCEPTION  {task.BinCode}",
                [$"SKU  {task.SkuCode}", "1 damaged (that lot goes on hold)", "2 wrong item in bin", "3 bin blocked (cannot reach)", "4 other (type what)",
                 "The bin goes on hold and your", "supervisor is told."], "Choose 1-4, x=cancel"), cancellationToken);
            var kind = answer switch
            {
                "1" => PickExceptionKind.Damaged,
                "2" => PickExceptionKind.WrongItem,
                "3" => PickExceptionKind.BinBlocked,
                "4" => PickExceptionKind.Other,
                _ => PickExceptionKind.Unspecified,
            };
            if (kind != PickExceptionKind.Unspecified)
            {
                await ReportAsync(task, reached, kind, cancellationToken);
                return;
            }

            if (Keys.Is(answer, Keys.Back))
            {
                return;
            }

            session.Ui.Error($"No choice '{answer}': 1, 2, 3 or 4.");
        }
    }

    /// <summary>
    /// The exception, told at the bin like a short (a blocked bin needs no scan): how many good units are in
    /// hand when the item was scanned, what is wrong for "other", then the report through the outbox.
    /// </summary>
    private async Task ReportAsync(PickTask task, PickLine.Reached reached, PickExceptionKind kind, CancellationToken cancellationToken)
    {
        var blocked = kind == PickExceptionKind.BinBlocked;
        if (reached == PickLine.Reached.Nothing && !blocked)
        {
            session.Ui.Error($"Scan bin {task.BinCode} first: an exception is told at the bin.");
            return;
        }

        var found = reached == PickLine.Reached.Item && !blocked ? await AskFoundAsync(task, cancellationToken) : 0;
        if (found is null)
        {
            return;
        }

        var note = kind == PickExceptionKind.Other ? await AskNoteAsync(task, found.Value, cancellationToken) : "";
        if (note is null)
        {
            return;
        }

        var what = kind switch
        {
            PickExceptionKind.Damaged => "damaged",
            PickExceptionKind.WrongItem => "wrong item in bin",
            PickExceptionKind.BinBlocked => "bin blocked",
            _ => note,
        };
        var request = new ReportPickExceptionRequest { RequestId = NewRequestId(), TaskId = task.TaskId, Kind = kind, QuantityFound = found.Value, Note = note };
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.ReportPickException, request, request.RequestId, InHand(task, found.Value), cancellationToken))
        {
            case SendOutcome.Sent { Response: ReportPickExceptionResponse r }:
                trip.Shorted(task.TaskId);
                trip.CompletedOnServer = r.ShortPick.TripCompleted ? task.TripId : null;
                session.Ui.Info($"Reported ({TextWrap.Fit(what, 30)}): {r.ShortPick.PickedQuantity} picked, {r.ShortPick.ReallocatedQuantity} from another bin, "
                    + $"{r.ShortPick.BackorderedQuantity} backordered. {Held(r)} on hold, supervisor alerted.");
                break;
            case SendOutcome.Queued:
                trip.Shorted(task.TaskId);
                session.Ui.Info($"Exception ({TextWrap.Fit(what, 30)}) kept on device (offline): hold and alert follow when back online.");
                break;
            case SendOutcome.Refused refused:
                session.Ui.Error(refused.Reason);
                break;
        }
    }

    /// <summary>What went on hold: the bin, or for damaged goods only the SKU and lot in it ("K1 lot L7 in A-01").</summary>
    private static string Held(ReportPickExceptionResponse r) =>
        r.HeldSkuCode.Length == 0 ? r.HeldBinCode : $"{r.HeldSkuCode}{(r.HeldLot.Length > 0 ? " lot " + r.HeldLot : "")} in {r.HeldBinCode}";

    /// <summary>What is wrong, for "other": typed, a few words. Null: the picker went back.</summary>
    private async Task<string?> AskNoteAsync(PickTask task, long found, CancellationToken cancellationToken)
    {
        while (true)
        {
            var note = (await session.AskAsync(new Screen($"EXCEPTION  {task.BinCode}", [$"SKU  {task.SkuCode}", $"Found {found}.", "What is wrong? (a few words)"], "Type it, x=cancel"), cancellationToken)).Trim();
            if (Keys.Is(note, Keys.Back))
            {
                return null;
            }

            if (note.Length is > 0 and <= NoteLength)
            {
                return note;
            }

            session.Ui.Error(note.Length == 0 ? "Type what is wrong, in a few words." : $"At most {NoteLength} characters: say it shorter.");
        }
    }

    public async Task ShortAsync(PickTask task, PickLine.Reached reached, CancellationToken cancellationToken)
    {
        // Told standing at the bin, with its label scanned.
        if (reached == PickLine.Reached.Nothing)
        {
            session.Ui.Error($"Scan bin {task.BinCode} first: a short pick is told at the bin.");
            return;
        }

        var found = reached == PickLine.Reached.Item ? await AskFoundAsync(task, cancellationToken) : 0;
        if (found is null)
        {
            return;
        }

        var reason = await AskReasonAsync(task, found.Value, reached, cancellationToken);
        if (reason is null)
        {
            return;
        }

        var request = new ShortPickRequest { RequestId = NewRequestId(), TaskId = task.TaskId, QuantityFound = found.Value, Reason = reason };
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.ShortPick, request, request.RequestId, InHand(task, found.Value), cancellationToken))
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

    /// <summary>The good units found are in the picker's hand: if the server refuses the report late, they go back to the bin.</summary>
    private string InHand(PickTask task, long found) =>
        found == 0 ? "" : new GoodsInHand(session.Warehouse, task.OrderReference, task.SkuCode, found, task.BinCode).ToNote();

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
