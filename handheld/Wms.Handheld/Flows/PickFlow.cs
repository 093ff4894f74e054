using Wms.Client;
using Wms.Contracts.V1;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// Directed picking, trip by trip: keeps the trip's tasks on the device (so picking goes on offline), hands
/// each line to <see cref="PickLine"/>, and answers the keys that are about the trip rather than the line:
/// the list of remaining lines (jump to one), help, back to the menu.
/// </summary>
/// <param name="useTotes">The site picks into totes: <see cref="TripCart"/> asks for them at trip start and for the drop-off at its end.</param>
internal sealed class PickFlow(Session session, TripTasks trip, bool useTotes)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var line = new PickLine(session, trip);
        var cart = new TripCart(session, trip);
        while (true)
        {
            if (useTotes && trip.AwaitingDropOff(session.Sender.Online) is { } completed)
            {
                await cart.DropOffAsync(completed, cancellationToken);
            }

            await RefreshAsync(cancellationToken);
            session.ReportSync();
            if (useTotes && !await cart.StartAsync(cancellationToken))
            {
                return;
            }

            if (trip.Current is not { } task)
            {
                if (await IdleAsync(cancellationToken))
                {
                    return;
                }

                continue;
            }

            switch (await line.WorkAsync(task, cancellationToken))
            {
                case Keys.Back:
                    return;
                case Keys.Lines:
                    await ListAsync(cancellationToken);
                    break;
                case Keys.Help:
                    await HelpAsync(cancellationToken);
                    break;
            }
        }
    }

    /// <summary>No task to show: online, there is no work; offline, the device has no trip of its own to go on with.</summary>
    private async Task<bool> IdleAsync(CancellationToken cancellationToken)
    {
        Screen idle;
        if (session.Sender.Online)
        {
            idle = Screen.Of("PICK", "Enter = look again  x = menu", "No pick work right now.");
        }
        else if (trip.Finished)
        {
            idle = Screen.Of("PICK", "Enter = retry  x = menu", "Trip finished on the device.", $"{session.Sender.Pending} actions wait for the server.");
        }
        else
        {
            // The picker must not walk on believing a trip is done: say plainly that nothing is loaded, and beep.
            session.Ui.Append("Offline — no trip loaded.", isError: true);
            idle = Screen.Of("PICK", "Enter = retry  x = menu", "The server cannot be reached and", "this device holds no trip.");
        }

        return Keys.Is(await session.AskAsync(idle, cancellationToken), Keys.Back);
    }

    /// <summary>Sends what waits, then takes the server's view of the trip (a new trip when this one is done).</summary>
    private Task RefreshAsync(CancellationToken cancellationToken) => session.ReloadAsync(async () =>
    {
        var tasks = (await session.Client.CallAsync(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = session.Warehouse }, cancellationToken)).Tasks;
        if (tasks.Count == 0)
        {
            var next = await session.Client.CallAsync(WmsMethods.Picking.GetNextPickTask,
                new GetNextPickTaskRequest { RequestId = NewRequestId(), WarehouseCode = session.Warehouse }, cancellationToken);
            if (next.Task is { } first)
            {
                tasks = (await session.Client.CallAsync(WmsMethods.Picking.ListTripTasks, new ListTripTasksRequest { WarehouseCode = session.Warehouse }, cancellationToken)).Tasks;
                session.Ui.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"New trip {first.TripId}: {first.TaskCount} lines, {first.TripPlannedDistanceM:0} m."), isError: false);
            }
        }

        await trip.Skus.LearnAsync(session, tasks.Select(t => t.SkuCode), cancellationToken);
        trip.Replace(tasks);
    }, cancellationToken);

    /// <summary>The trip's remaining lines, in the order they will come; a line's number makes it the one to do now.</summary>
    private async Task ListAsync(CancellationToken cancellationToken)
    {
        const int Shown = 9;
        var tasks = trip.Remaining;
        var rows = tasks.Take(Shown).Select((t, i) => $"{i + 1} {TextWrap.Fit(t.BinCode, 9),-9} {TextWrap.Fit(t.SkuCode, 14),-14} {t.QuantityRemaining,5}").ToList();
        if (tasks.Count > Shown)
        {
            rows.Add($"  and {tasks.Count - Shown} more");
        }

        while (true)
        {
            var answer = await session.AskAsync(new Screen($"TRIP  {tasks.Count} line{(tasks.Count == 1 ? "" : "s")} left", rows, $"Line 1-{Math.Min(tasks.Count, Shown)}, Enter = back"), cancellationToken);
            if (answer.Length == 0 || Keys.Is(answer, Keys.Back))
            {
                return;
            }

            if (int.TryParse(answer, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= Math.Min(tasks.Count, Shown))
            {
                trip.Jump(tasks[n - 1].TaskId);
                session.Ui.Info($"Now line {n}: {tasks[n - 1].BinCode}.");
                return;
            }

            session.Ui.Error($"No line '{answer}': type 1 to {Math.Min(tasks.Count, Shown)}.");
        }
    }

    private async Task HelpAsync(CancellationToken cancellationToken) =>
        await session.AskAsync(Screen.Of("PICK  help", "Enter = back to the task",
            "Scan the bin, the item (or its label),", "Enter takes the quantity shown.",
            "s  short: fewer found (at the bin)", "e  damaged, wrong item, bin blocked", "k  skip: line to end of trip",
            "l  lines left in the trip, jump", "?  this help", "x  back to the menu"), cancellationToken);
}
