using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Offline;
using Wms.Handheld.Server;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// The open replenishment tasks as the device last loaded them (urgent first, then oldest, as the server
/// orders them) with their SKUs' barcodes, advanced locally by every confirmation, so that a task taken while
/// online can be finished offline. Kept by the app across visits to the menu, like the pick trip.
/// </summary>
internal sealed class ReplenishmentQueue
{
    private readonly List<ReplenishmentTask> _tasks = [];

    /// <summary>The list came from the server at least once since sign-in.</summary>
    public bool Loaded { get; private set; }

    public IReadOnlyList<ReplenishmentTask> Tasks => _tasks;

    /// <summary>The tasks' SKUs, known without the server.</summary>
    public KnownSkus Skus { get; } = new();

    public void Replace(IEnumerable<ReplenishmentTask> tasks)
    {
        _tasks.Clear();
        _tasks.AddRange(tasks.Select(t => t.Clone()));
        Loaded = true;
    }

    /// <summary>A task the server no longer offers this device (cancelled by a hold, taken by another operator).</summary>
    public void Remove(long taskId) => _tasks.RemoveAll(t => t.TaskId == taskId);

    /// <summary>As the server books it: the rest stays open unless nothing is left or the task was closed.</summary>
    public void Moved(long taskId, long quantity, bool closed)
    {
        if (_tasks.Find(t => t.TaskId == taskId) is not { } task)
        {
            return;
        }

        task.QuantityRemaining -= quantity;
        if (task.QuantityRemaining <= 0 || closed)
        {
            _tasks.Remove(task);
        }
    }
}

/// <summary>
/// Replenishment on the handheld (menu 7): the queue of open tasks (free ones and the operator's own), one taken
/// by its number, which claims it on the server so no other operator is sent to it; then the same directed steps
/// as a pick at the reserve bin (scan bin, item, lot where tracked, quantity) and the pick face scanned last.
/// Backing out of a task gives it back. The confirmation goes through the outbox like a pick, so offline it is
/// kept on the device and sent in order with its request id (it claims the task when it arrives). Less than the
/// task asks either leaves the rest open or, when the reserve bin holds no more, closes the task. A task another
/// operator holds, or that a hold cancelled, is refused with the server's reason and leaves the list.
/// </summary>
internal sealed class ReplenishFlow(Session session, ReplenishmentQueue queue)
{
    private const string Close = "c";
    private const int Shown = 9;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await RefreshAsync(cancellationToken);
            session.ReportSync();
            if (queue.Tasks.Count == 0)
            {
                if (await IdleAsync(cancellationToken))
                {
                    return;
                }

                continue;
            }

            var task = await ChooseAsync(cancellationToken);
            if (task is null)
            {
                return;
            }

            if (await TakeAsync(task, cancellationToken) && !await WorkAsync(task, cancellationToken))
            {
                await GiveBackAsync(task, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Claims the task for this operator. Refused (another operator holds it, a hold cancelled it): the server's
    /// reason, and the task leaves the device's list. Unreachable: the device's copy is worked on, and the
    /// confirmation claims it when it reaches the server.
    /// </summary>
    private async Task<bool> TakeAsync(ReplenishmentTask task, CancellationToken cancellationToken)
    {
        if (!session.Sender.ShouldTry)
        {
            return true;
        }

        try
        {
            var claimed = await session.Client.CallAsync(WmsMethods.Replenishment.ClaimReplenishment,
                new ClaimReplenishmentRequest { RequestId = NewRequestId(), TaskId = task.TaskId }, cancellationToken);
            session.Sender.MarkOnline();
            task.ClaimedBy = claimed.ClaimedBy;
            return true;
        }
        catch (RpcException error) when (WmsClient.IsUnreachable(error))
        {
            session.Sender.MarkOffline();
            return true;
        }
        catch (RpcException error)
        {
            session.Ui.Error(WmsClient.Explain(error));
            queue.Remove(task.TaskId);
            return false;
        }
    }

    /// <summary>Backed out of a task before confirming: it goes back to the queue for the others. Offline the claim simply lapses.</summary>
    private async Task GiveBackAsync(ReplenishmentTask task, CancellationToken cancellationToken)
    {
        if (!session.Sender.Online || task.ClaimedBy.Length == 0)
        {
            return;
        }

        try
        {
            await session.Client.CallAsync(WmsMethods.Replenishment.ReleaseReplenishment,
                new ReleaseReplenishmentRequest { RequestId = NewRequestId(), TaskId = task.TaskId }, cancellationToken);
            task.ClaimedBy = "";
        }
        catch (RpcException error) when (WmsClient.IsUnreachable(error))
        {
            session.Sender.MarkOffline();
        }
        catch (RpcException error)
        {
            // Cancelled by a hold meanwhile, say: nothing is the operator's any more, and the reason is worth hearing.
            session.Ui.Error(WmsClient.Explain(error));
            queue.Remove(task.TaskId);
        }
    }

    /// <summary>Sends what waits, then takes the server's queue; offline the device's own copy stays.</summary>
    private Task RefreshAsync(CancellationToken cancellationToken) => session.ReloadAsync(async () =>
    {
        var tasks = (await session.Client.CallAsync(WmsMethods.Replenishment.ListReplenishmentTasks,
            new ListReplenishmentTasksRequest { WarehouseCode = session.Warehouse, PageSize = 50 }, cancellationToken)).Tasks;
        await queue.Skus.LearnAsync(session, tasks.Select(t => t.SkuCode), cancellationToken);
        queue.Replace(tasks);
    }, cancellationToken);

    /// <summary>No task to show: online, there is none open; offline, the device never loaded the queue. True: back to the menu.</summary>
    private async Task<bool> IdleAsync(CancellationToken cancellationToken)
    {
        Screen idle;
        if (session.Sender.Online || queue.Loaded)
        {
            idle = Screen.Of("REPLENISH", "Enter = look again  x = menu", "No replenishment tasks open.");
        }
        else
        {
            session.Ui.Append("Offline — no replenishment tasks loaded.", isError: true);
            idle = Screen.Of("REPLENISH", "Enter = retry  x = menu", "The server cannot be reached and", "this device holds no tasks.");
        }

        return Keys.Is(await session.AskAsync(idle, cancellationToken), Keys.Back);
    }

    /// <summary>The task to do, by its number in the list (Enter: the first); null when the operator goes back to the menu.</summary>
    private async Task<ReplenishmentTask?> ChooseAsync(CancellationToken cancellationToken)
    {
        var tasks = queue.Tasks;
        var count = Math.Min(tasks.Count, Shown);
        var rows = tasks.Take(Shown).Select((t, i) =>
            $"{i + 1} {TextWrap.Fit(t.FromBinCode, 8),-8}>{TextWrap.Fit(t.ToBinCode, 8),-8} {TextWrap.Fit(t.SkuCode, 12),-12} {t.QuantityRemaining,5}"
            + $"{(t.Priority == 1 ? "!" : " ")}{(Mine(t) ? "*" : "")}".TrimEnd()).ToList();
        if (tasks.Count > Shown)
        {
            rows.Add($"  and {tasks.Count - Shown} more");
        }

        if (tasks.Take(Shown).Any(t => t.Priority == 1))
        {
            rows.Add("! urgent: face empty or orders wait");
        }

        if (tasks.Take(Shown).Any(Mine))
        {
            rows.Add("* yours: taken, not finished");
        }

        while (true)
        {
            var answer = await session.AskAsync(new Screen($"REPLENISH  {tasks.Count} open", rows, $"Task 1-{count}, Enter=1, x=menu"), cancellationToken);
            if (Keys.Is(answer, Keys.Back))
            {
                return null;
            }

            if (answer.Length == 0)
            {
                return tasks[0];
            }

            if (int.TryParse(answer, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= count)
            {
                return tasks[n - 1];
            }

            session.Ui.Error($"No task '{answer}': type 1 to {count}.");
        }
    }

    private bool Mine(ReplenishmentTask task) => task.ClaimedBy.Length > 0 && task.ClaimedBy == session.User;

    /// <summary>
    /// One task: reserve bin, item, lot, quantity, pick face, then the confirmation; x at the first scan goes back
    /// to the list. False: the operator backed out and nothing was sent.
    /// </summary>
    private async Task<bool> WorkAsync(ReplenishmentTask task, CancellationToken cancellationToken)
    {
        var steps = new DirectedSteps(session, [Keys.Back], (scan, ct) => queue.Skus.NameAsync(session, scan, ct));
        var screen = TaskScreen(task);
        var from = await steps.ScanBinAsync(screen, task.FromBinCode, cancellationToken);
        if (from.Command is not null)
        {
            return false;
        }

        var item = await steps.ScanItemAsync(screen, new ExpectedItem(task.SkuCode, queue.Skus.BarcodesOf(task.SkuCode), task.Lot), task.FromBinCode, cancellationToken);
        if (item.Command is not null)
        {
            return false;
        }

        var (scan, matched) = item.Value;
        if (task.Lot.Length > 0 && scan.Lot is null && (await steps.ScanLotAsync(screen, task.Lot, scan.Raw, cancellationToken)).Command is not null)
        {
            return false;
        }

        var suggested = Math.Min(scan.Count ?? task.QuantityRemaining, task.QuantityRemaining);
        while (true)
        {
            var quantity = await steps.AskQuantityAsync(screen, suggested, task.QuantityRemaining, Unit(task), scan.Raw, cancellationToken);
            if (quantity.Command is not null)
            {
                return false;
            }

            var close = false;
            if (quantity.Value < task.QuantityRemaining)
            {
                // Fewer than asked: either the rest comes later (the task stays open) or the reserve bin has no more.
                var answer = await session.AskAsync(Screen.Of($"REPLENISH  task {task.TaskId}", "Enter, c or x",
                    $"Moving {quantity.Value} of {task.QuantityRemaining}.", "Enter  the rest comes later", "c      no more in the bin: close", "x      back to the quantity"), cancellationToken);
                if (Keys.Is(answer, Keys.Back))
                {
                    continue;
                }

                close = Keys.Is(answer, Close);
            }

            var to = await steps.ScanBinAsync(prompt => PutScreen(task, quantity.Value, prompt), task.ToBinCode, cancellationToken);
            if (to.Command is not null)
            {
                session.Ui.Info($"Nothing moved: the {quantity.Value} {task.SkuCode} go back to {task.FromBinCode}.");
                return false;
            }

            await ConfirmAsync(task, matched, quantity.Value, close, cancellationToken);
            return true;
        }
    }

    private async Task ConfirmAsync(ReplenishmentTask task, string matched, long quantity, bool close, CancellationToken cancellationToken)
    {
        var request = new ConfirmReplenishmentRequest
        {
            RequestId = NewRequestId(), TaskId = task.TaskId, ScannedFromBinCode = task.FromBinCode, ScannedSku = matched, Lot = task.Lot,
            Quantity = quantity, ScannedToBinCode = task.ToBinCode, Close = close,
        };
        var inHand = new GoodsInHand(session.Warehouse, "", task.SkuCode, quantity, task.FromBinCode, task.ToBinCode).ToNote();
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.ConfirmReplenishment, request, request.RequestId, inHand, cancellationToken))
        {
            case SendOutcome.Sent { Response: ConfirmReplenishmentResponse done }:
                queue.Moved(task.TaskId, quantity, done.Done);
                session.Ui.Info($"Moved {quantity} to {task.ToBinCode}: {done.FaceOnHand} there now. "
                    + (done.Done ? "Task done." : $"{done.QuantityRemaining} still to move."));
                break;
            case SendOutcome.Queued:
                queue.Moved(task.TaskId, quantity, close);
                session.Ui.Info($"Moved {quantity} to {task.ToBinCode}. Kept on device (offline).");
                break;
            case SendOutcome.Refused refused:
                // Another operator's by now, cancelled by a hold, or the face is full: nothing moved on the books, and
                // the refusal says why and where the units go back to.
                session.Ui.Error(refused.Reason);
                queue.Remove(task.TaskId);
                break;
        }
    }

    private static Func<string, Screen> TaskScreen(ReplenishmentTask task) => prompt => new Screen(
        $"REPLENISH  task {task.TaskId}",
        [
            $"From {task.FromBinCode}",
            $"SKU  {task.SkuCode}",
            $"     {TextWrap.Fit(task.SkuDescription, 35)}",
            task.Lot.Length > 0 ? $"Lot  {task.Lot}" : "",
            TextWrap.Fit($"Qty  {task.QuantityRemaining} {Unit(task)}   to {task.ToBinCode}", Session.ScreenWidth),
        ],
        prompt);

    private static Screen PutScreen(ReplenishmentTask task, long quantity, string prompt) => new(
        $"REPLENISH  task {task.TaskId}",
        [$"Put {quantity} {Unit(task)} of {task.SkuCode}", $"into pick face {task.ToBinCode}", "", $"From {task.FromBinCode}"],
        prompt);

    private static string Unit(ReplenishmentTask task) => task.UnitOfMeasure.Length == 0 ? "EA" : task.UnitOfMeasure;
}
