using Wms.Contracts.V1;
using Wms.Handheld.Offline;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// One pick line: scan bin, scan item (or its GS1 label), lot when the label has none, quantity; Enter on
/// the quantity shown confirms, so a plain line is two scans and one Enter. A smaller typed quantity is
/// confirmed once more ("x" goes back to the quantity, never to the bin). Short picks and exceptions are
/// only told at the bin: found units need the bin and the item scanned. Every action goes through the
/// outbox, so it is kept on the device and the trip goes on when the server cannot be reached.
/// </summary>
internal sealed class PickLine
{
    private static readonly string[] Commands = [Keys.Short, Keys.Exception, Keys.Skip, Keys.Lines, Keys.Help, Keys.Back];
    private readonly Session _session;
    private readonly TripTasks _trip;
    private readonly DirectedSteps _steps;
    private readonly PickExceptions _exceptions;

    public PickLine(Session session, TripTasks trip)
    {
        _session = session;
        _trip = trip;
        _steps = new DirectedSteps(session, Commands, (scan, ct) => trip.Skus.NameAsync(session, scan, ct));
        _exceptions = new PickExceptions(session, trip);
    }

    /// <summary>How far the picker got on the line: what a short pick may claim depends on it.</summary>
    internal enum Reached { Nothing, Bin, Item }

    /// <summary>Works the line until it is done, skipped or shorted (null), or a key for the trip is typed (that key).</summary>
    public async Task<string?> WorkAsync(PickTask task, CancellationToken cancellationToken)
    {
        var screen = TaskScreen(task, _trip.ToteOf(task.OrderReference));
        var bin = await _steps.ScanBinAsync(screen, task.BinCode, cancellationToken);
        if (bin.Command is { } afterBin)
        {
            return await CommandAsync(afterBin, task, Reached.Nothing, cancellationToken);
        }

        var item = await _steps.ScanItemAsync(screen, new ExpectedItem(task.SkuCode, _trip.Skus.BarcodesOf(task.SkuCode), task.Lot), task.BinCode, cancellationToken);
        if (item.Command is { } afterItem)
        {
            return await CommandAsync(afterItem, task, Reached.Bin, cancellationToken);
        }

        var (scan, matched) = item.Value;
        if (task.Lot.Length > 0 && scan.Lot is null)
        {
            var lot = await _steps.ScanLotAsync(screen, task.Lot, scan.Raw, cancellationToken);
            if (lot.Command is { } afterLot)
            {
                return await CommandAsync(afterLot, task, Reached.Item, cancellationToken);
            }
        }

        var suggested = Math.Min(scan.Count ?? task.QuantityRemaining, task.QuantityRemaining);
        while (true)
        {
            var quantity = await _steps.AskQuantityAsync(screen, suggested, task.QuantityRemaining, Unit(task), scan.Raw, cancellationToken);
            if (quantity.Command is { } afterQuantity)
            {
                return await CommandAsync(afterQuantity, task, Reached.Item, cancellationToken);
            }

            // The quantity shown (what remains, or the label's count) is confirmed by its Enter; a smaller
            // number typed by hand leaves units in the bin, so it is asked once more.
            if (quantity.Value == suggested
                || !Keys.Is(await _session.AskAsync(screen($"Pick {quantity.Value} of {task.QuantityRemaining}? Enter=yes x=no"), cancellationToken), Keys.Back))
            {
                await ConfirmAsync(task, matched, quantity.Value, cancellationToken);
                return null;
            }
        }
    }

    private async Task ConfirmAsync(PickTask task, string matched, long quantity, CancellationToken cancellationToken)
    {
        var request = new ConfirmPickRequest
        {
            RequestId = NewRequestId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = matched, Lot = task.Lot, Quantity = quantity,
        };
        var inHand = new GoodsInHand(_session.Warehouse, task.OrderReference, task.SkuCode, quantity, task.BinCode).ToNote();
        switch (await _session.Sender.SubmitAsync(OutboxSender.Kinds.ConfirmPick, request, request.RequestId, inHand, cancellationToken))
        {
            case SendOutcome.Sent { Response: ConfirmPickResponse done }:
                _trip.Picked(task.TaskId, quantity);
                _trip.CompletedOnServer = done.TripCompleted ? task.TripId : null;
                _session.Ui.Info(done.TripCompleted ? $"Picked {quantity}. Trip complete."
                    : done.TaskDone ? $"Picked {quantity}. Line done." : $"Picked {quantity}. {done.QuantityRemaining} left here.");
                break;
            case SendOutcome.Queued:
                _trip.Picked(task.TaskId, quantity);
                _session.Ui.Info($"Picked {quantity}. Kept on device (offline).");
                break;
            case SendOutcome.Refused refused:
                _session.Ui.Error(refused.Reason);
                break;
        }
    }

    /// <summary>Line keys are handled here; the trip's keys (back, list, help) are answered to the flow.</summary>
    private async Task<string?> CommandAsync(string command, PickTask task, Reached reached, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case Keys.Skip:
                await SkipAsync(task, cancellationToken);
                return null;
            case Keys.Short:
                await _exceptions.ShortAsync(task, reached, cancellationToken);
                return null;
            case Keys.Exception:
                await _exceptions.MenuAsync(task, reached, cancellationToken);
                return null;
            default:
                return command;
        }
    }

    private async Task SkipAsync(PickTask task, CancellationToken cancellationToken)
    {
        var request = new SkipPickRequest { RequestId = NewRequestId(), TaskId = task.TaskId };
        switch (await _session.Sender.SubmitAsync(OutboxSender.Kinds.SkipPick, request, request.RequestId, "", cancellationToken))
        {
            case SendOutcome.Refused refused:
                _session.Ui.Error(refused.Reason);
                break;
            default:
                _trip.Skipped(task.TaskId);
                _session.Ui.Info($"Skipped {task.BinCode}: it comes last.");
                break;
        }
    }

    internal static Func<string, Screen> TaskScreen(PickTask task, string tote) => prompt => new Screen(
        $"PICK  line {task.Sequence} of {task.TaskCount}",
        [
            $"Bin  {task.BinCode}",
            $"SKU  {task.SkuCode}",
            $"     {TextWrap.Fit(task.SkuDescription, 35)}",
            task.Lot.Length > 0 ? $"Lot  {task.Lot}" : "",
            $"Qty  {task.QuantityRemaining} {Unit(task)}   order {task.OrderReference}",
            .. tote.Length > 0 ? new[] { $"Into tote {tote}" } : [],
        ],
        prompt);

    internal static string Unit(PickTask task) => task.UnitOfMeasure.Length == 0 ? "EA" : task.UnitOfMeasure;
}
