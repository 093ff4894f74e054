using Wms.Contracts.V1;
using Wms.Handheld.Offline;
using Wms.Handheld.Ui;
using static Wms.Handheld.Flows.Session;

namespace Wms.Handheld.Flows;

/// <summary>
/// The cart at both ends of a trip, for sites that pick into totes: before the first line, a tote is
/// scanned for each order of the trip (the server records which tote holds which order, for the pack
/// station); when the trip is complete, the drop-off point where the totes are left. Both go through the
/// outbox like picks: offline they are kept on the device and sent, in order, with their request ids.
/// </summary>
internal sealed class TripCart(Session session, TripTasks trip)
{
    /// <summary>Asks for the totes of a newly loaded trip; false when the picker went back to the menu instead.</summary>
    public async Task<bool> StartAsync(CancellationToken cancellationToken)
    {
        if (trip.Current is not { } first || trip.TotesOfTrip == first.TripId)
        {
            return true;
        }

        var orders = trip.Remaining.Select(t => t.OrderReference).Distinct().Order(StringComparer.Ordinal).ToList();
        var totes = new List<(string Order, string Tote)>();
        while (totes.Count < orders.Count)
        {
            var order = orders[totes.Count];
            var tote = await session.AskAsync(new Screen($"CART  trip {first.TripId}",
                [$"{orders.Count} order{(orders.Count == 1 ? "" : "s")}, one tote each.", "", .. totes.Select(t => $"{t.Order,-14} tote {t.Tote}").TakeLast(6)],
                $"Tote for {order} ({totes.Count + 1}/{orders.Count})"), cancellationToken);
            if (Keys.Is(tote, Keys.Back))
            {
                return false;
            }

            if (tote.Length == 0)
            {
                session.Ui.Error($"Scan the tote that {order} goes in.");
            }
            else if (totes.FindIndex(t => string.Equals(t.Tote, tote, StringComparison.OrdinalIgnoreCase)) is var taken and >= 0)
            {
                session.Ui.Error($"Tote {totes[taken].Tote} already holds {totes[taken].Order}: take another tote.");
            }
            else
            {
                totes.Add((order, tote));
            }
        }

        var request = new RecordTotesRequest { RequestId = NewRequestId(), TripId = first.TripId };
        request.Totes.AddRange(totes.Select(t => new ToteAssignment { OrderReference = t.Order, ToteCode = t.Tote }));
        var onCart = $"{totes.Count} tote{(totes.Count == 1 ? "" : "s")} on the cart";
        switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.RecordTotes, request, request.RequestId, "", cancellationToken))
        {
            case SendOutcome.Sent:
                trip.Totes(first.TripId, totes);
                session.Ui.Info($"{onCart}. First line:");
                break;
            case SendOutcome.Queued:
                trip.Totes(first.TripId, totes);
                session.Ui.Info($"{onCart}, kept on device (offline). First line:");
                break;
            case SendOutcome.Refused refused:
                // Picking goes on without totes rather than stopping the trip; the pack station sorts by order.
                trip.Totes(first.TripId, []);
                session.Ui.Error(refused.Reason);
                break;
        }

        return true;
    }

    /// <summary>
    /// Until the drop-off point is scanned and recorded (or kept on the device while offline: the server takes it
    /// after the trip's queued picks, which go first), or the picker leaves it (x) for a supervisor.
    /// </summary>
    public async Task DropOffAsync(long tripId, CancellationToken cancellationToken)
    {
        trip.DropOffAsked(tripId);
        while (true)
        {
            var bin = await session.AskAsync(Screen.Of($"DROP OFF  trip {tripId}", "Scan drop-off point (x = later)",
                "Trip complete. Take the cart to the", "pack station and scan its label."), cancellationToken);
            if (Keys.Is(bin, Keys.Back))
            {
                session.Ui.Info($"Trip {tripId} not dropped off.");
                return;
            }

            if (bin.Length == 0)
            {
                session.Ui.Error("Scan the label of the drop-off point.");
                continue;
            }

            var request = new DropOffTripRequest { RequestId = NewRequestId(), TripId = tripId, DropOffBinCode = bin };
            switch (await session.Sender.SubmitAsync(OutboxSender.Kinds.DropOffTrip, request, request.RequestId, "", cancellationToken))
            {
                case SendOutcome.Sent { Response: TripTotes dropped }:
                    session.Ui.Info($"Trip {tripId} dropped off at {dropped.DropOffBinCode}.");
                    return;
                case SendOutcome.Queued:
                    session.Ui.Info($"Trip {tripId} dropped off at {bin}, kept on device (offline).");
                    return;
                case SendOutcome.Refused refused:
                    session.Ui.Error(refused.Reason);
                    break;
            }
        }
    }
}
