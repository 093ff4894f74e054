using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Handheld.Offline;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// Directed picking: go to bin, scan bin, scan item (or its GS1 label), quantity, confirm, next. Short,
/// skip and help keys on every step. Confirmations go through the outbox, so they are kept on the device
/// and the trip goes on when the server cannot be reached.
/// </summary>
internal sealed class PickFlow(Session session, TripTasks trip)
{
    private static readonly string[] Commands = [Keys.Short, Keys.Skip, Keys.Help, Keys.Back];
    private readonly DirectedSteps _steps = new(session, Commands);

    private enum Next { Task, Menu }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await RefreshAsync(cancellationToken);
            session.ReportRefusals();
            if (trip.Current is not { } task)
            {
                var idle = session.Sender.Online
                    ? Screen.Of("PICK", "Enter = look again  x = menu", "No pick work right now.")
                    : Screen.Of("PICK", "Enter = retry  x = menu", "Trip finished on the device.", $"{session.Sender.Pending} actions wait for the server.");
                if (Keys.Is(await session.AskAsync(idle, cancellationToken), Keys.Back))
                {
                    return;
                }

                continue;
            }

            if (await WorkAsync(task, cancellationToken) == Next.Menu)
            {
                return;
            }
        }
    }

    /// <summary>Sends what waits, then takes the server's view of the trip (a new trip when this one is done).</summary>
    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (!session.Sender.ShouldTry)
        {
            return;
        }

        await session.Sender.DrainAsync(null, cancellationToken);
        if (session.Sender.Pending > 0)
        {
            return;
        }

        try
        {
            var tasks = (await session.Client.CallAsync(Rpc.ListTripTasks, new ListTripTasksRequest { WarehouseCode = session.Warehouse }, cancellationToken)).Tasks;
            if (tasks.Count == 0)
            {
                var next = await session.Client.CallAsync(Rpc.GetNextPickTask,
                    new GetNextPickTaskRequest { RequestId = NewRequestId(), WarehouseCode = session.Warehouse }, cancellationToken);
                if (next.Task is { } first)
                {
                    tasks = (await session.Client.CallAsync(Rpc.ListTripTasks, new ListTripTasksRequest { WarehouseCode = session.Warehouse }, cancellationToken)).Tasks;
                    session.Ui.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"New trip {first.TripId}: {first.TaskCount} lines, {first.TripPlannedDistanceM:0} m."));
                }
            }

            foreach (var code in tasks.Select(t => t.SkuCode).Distinct().Where(c => !trip.Knows(c)))
            {
                trip.Remember(await session.Client.CallAsync(Rpc.GetSku, new GetSkuRequest { Code = code }, cancellationToken));
            }

            trip.Replace(tasks);
            session.Sender.MarkOnline();
        }
        catch (RpcException error) when (WmsClient.IsUnreachable(error))
        {
            session.Sender.MarkOffline();
        }
    }

    private static Func<string, Screen> TaskScreen(PickTask task) => prompt => new Screen(
        $"PICK  line {task.Sequence} of {task.TaskCount}",
        [
            $"Bin  {task.BinCode}",
            $"SKU  {task.SkuCode}",
            $"     {Fit(task.SkuDescription, 35)}",
            task.Lot.Length > 0 ? $"Lot  {task.Lot}" : "",
            $"Qty  {task.QuantityRemaining} {Unit(task)}   order {task.OrderReference}",
        ],
        prompt);

    private async Task<Next> WorkAsync(PickTask task, CancellationToken cancellationToken)
    {
        var screen = TaskScreen(task);
        var bin = await _steps.ScanBinAsync(screen, task.BinCode, cancellationToken);
        if (bin.Command is { } afterBin)
        {
            return await CommandAsync(afterBin, task, cancellationToken);
        }

        var item = await _steps.ScanItemAsync(screen, new ExpectedItem(task.SkuCode, trip.BarcodesOf(task.SkuCode), task.Lot), cancellationToken);
        if (item.Command is { } afterItem)
        {
            return await CommandAsync(afterItem, task, cancellationToken);
        }

        var (scan, matched) = item.Value;
        if (task.Lot.Length > 0 && scan.Lot is null)
        {
            var lot = await _steps.ScanLotAsync(screen, task.Lot, cancellationToken);
            if (lot.Command is { } afterLot)
            {
                return await CommandAsync(afterLot, task, cancellationToken);
            }
        }

        var suggested = Math.Min(scan.Count ?? task.QuantityRemaining, task.QuantityRemaining);
        var quantity = await _steps.AskQuantityAsync(screen, suggested, task.QuantityRemaining, Unit(task), cancellationToken);
        if (quantity.Command is { } afterQuantity)
        {
            return await CommandAsync(afterQuantity, task, cancellationToken);
        }

        var confirm = await session.AskAsync(screen($"Pick {quantity.Value}? Enter=yes x=no"), cancellationToken);
        if (Keys.Is(confirm, Keys.Back))
        {
            session.Ui.Info("Not picked.");
            return Next.Task;
        }

        var request = new ConfirmPickRequest
        {
            RequestId = NewRequestId(), TaskId = task.TaskId, ScannedBinCode = task.BinCode, ScannedSku = matched, Lot = task.Lot, Quantity = quantity.Value,
        };
        var outcome = await session.Sender.SubmitAsync(OutboxSender.Kinds.ConfirmPick, request, request.RequestId, cancellationToken);
        switch (outcome)
        {
            case SendOutcome.Sent { Response: ConfirmPickResponse done }:
                trip.Picked(task.TaskId, quantity.Value);
                session.Ui.Info(done.TripCompleted ? $"Picked {quantity.Value}. Trip complete."
                    : done.TaskDone ? $"Picked {quantity.Value}. Line done." : $"Picked {quantity.Value}. {done.QuantityRemaining} left here.");
                break;
            case SendOutcome.Queued:
                trip.Picked(task.TaskId, quantity.Value);
                session.Ui.Info($"Picked {quantity.Value}. Kept on device (offline).");
                break;
            case SendOutcome.Refused refused:
                session.Ui.Error(refused.Reason);
                break;
        }

        return Next.Task;
    }

    private async Task<Next> CommandAsync(string command, PickTask task, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case Keys.Back:
                return Next.Menu;
            case Keys.Skip:
                await SkipAsync(task, cancellationToken);
                return Next.Task;
            case Keys.Short:
                await ShortAsync(task, cancellationToken);
                return Next.Task;
            default:
                await session.AskAsync(Screen.Of("PICK  help", "Enter = back to the task",
                    "Scan the bin, then the item or", "its GS1 label, then the quantity.",
                    "s  short pick (less found)", "k  skip: line to end of trip", "?  this help", "x  back to the menu"), cancellationToken);
                return Next.Task;
        }
    }

    private async Task SkipAsync(PickTask task, CancellationToken cancellationToken)
    {
        var request = new SkipPickRequest { RequestId = NewRequestId(), TaskId = task.TaskId };
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.SkipPick, request, request.RequestId, cancellationToken))
        {
            case SendOutcome.Refused refused:
                session.Ui.Error(refused.Reason);
                break;
            default:
                trip.Skipped(task.TaskId);
                session.Ui.Info($"Skipped {task.BinCode}: it comes last.");
                break;
        }
    }

    private async Task ShortAsync(PickTask task, CancellationToken cancellationToken)
    {
        var screen = (string prompt) => new Screen($"SHORT PICK  {task.BinCode}",
            [$"SKU  {task.SkuCode}", $"Asked {task.QuantityRemaining} {Unit(task)}", "How many did you find?"], prompt);
        var found = -1L;
        while (found < 0)
        {
            var line = await session.AskAsync(screen($"Found [0] of {task.QuantityRemaining}, x=cancel"), cancellationToken);
            if (Keys.Is(line, Keys.Back))
            {
                return;
            }

            found = line.Length == 0 ? 0 : long.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
            if (found < 0 || found >= task.QuantityRemaining)
            {
                session.Ui.Error($"Found must be 0 to {task.QuantityRemaining - 1}; for all of it, pick normally.");
                found = -1;
            }
        }

        var reasonScreen = new Screen($"SHORT PICK  {task.BinCode}", ["1 bin empty", "2 damaged", "3 wrong item in bin", "or type the reason"], "Reason [1]");
        var answer = await session.AskAsync(reasonScreen, cancellationToken);
        var reason = answer switch { "" or "1" => "bin empty", "2" => "damaged", "3" => "wrong item in bin", _ => answer };
        var request = new ShortPickRequest { RequestId = NewRequestId(), TaskId = task.TaskId, QuantityFound = found, Reason = reason };
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.ShortPick, request, request.RequestId, cancellationToken))
        {
            case SendOutcome.Sent { Response: ShortPickResponse r }:
                trip.Shorted(task.TaskId);
                session.Ui.Info($"Short: {r.PickedQuantity} picked, {r.ReallocatedQuantity} from another bin, {r.BackorderedQuantity} backordered."
                    + (r.CycleCountRaised ? " Count raised." : ""));
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

    private static string Unit(PickTask task) => task.UnitOfMeasure.Length == 0 ? "EA" : task.UnitOfMeasure;

    internal static string Fit(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "~";
}
