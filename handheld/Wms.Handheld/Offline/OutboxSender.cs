using Wms.Client;
using Google.Protobuf;
using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Handheld.Server;

namespace Wms.Handheld.Offline;

/// <summary>What became of an action handed to the sender.</summary>
public abstract record SendOutcome
{
    /// <summary>The server applied it (or had already: a replay answers the first result).</summary>
    public sealed record Sent(IMessage Response) : SendOutcome;

    /// <summary>Kept on the device: the server is out of reach; it goes out, in order, when it is back.</summary>
    public sealed record Queued : SendOutcome;

    /// <summary>The server refused it (wrong scan, task taken...): nothing happened, the picker must act.</summary>
    public sealed record Refused(string Reason) : SendOutcome;
}

/// <summary>
/// Every pick action (and totes, drop-offs, exception reports, replenishment confirmations) goes through here: written to the outbox first, then the outbox is drained oldest
/// first. An unreachable server stops the drain and marks the device offline; the next action (or an
/// explicit retry) tries again. Because each entry keeps its request id, an entry whose answer was lost
/// on the way back is simply sent again and the server answers it without applying it twice.
/// </summary>
public sealed class OutboxSender(Outbox outbox, Func<WmsClient> client, TimeProvider time, TimeSpan retryInterval)
{
    private readonly List<string> _refusals = [];
    private DateTimeOffset _lastFailure = DateTimeOffset.MinValue;
    private int _sentAfterOffline;

    public bool Online { get; private set; } = true;

    public int Pending => outbox.Count();

    /// <summary>Refusals of actions queued earlier, which the picker has not seen yet; reading them clears them.</summary>
    public IReadOnlyList<string> TakeRefusals()
    {
        var refusals = _refusals.ToList();
        _refusals.Clear();
        return refusals;
    }

    /// <summary>
    /// How many queued actions went out since the device came back online (0 when none did); reading it
    /// clears it, so the picker is told once.
    /// </summary>
    public int TakeSentAfterOffline()
    {
        var sent = _sentAfterOffline;
        _sentAfterOffline = 0;
        return sent;
    }

    public void MarkOffline()
    {
        Online = false;
        _lastFailure = time.GetUtcNow();
    }

    public void MarkOnline() => Online = true;

    /// <summary>Whether it is worth trying the network now: online, or offline for longer than the retry interval.</summary>
    public bool ShouldTry => Online || time.GetUtcNow() - _lastFailure >= retryInterval;

    /// <param name="note">What to tell the picker if the server refuses it after it was queued (see <see cref="GoodsInHand"/>).</param>
    public async Task<SendOutcome> SubmitAsync(string kind, IMessage request, string requestId, string note, CancellationToken cancellationToken)
    {
        outbox.Add(requestId, kind, request.ToByteArray(), time.GetUtcNow(), note);
        var results = await DrainAsync(requestId, cancellationToken);
        return results.TryGetValue(requestId, out var outcome) ? outcome : new SendOutcome.Queued();
    }

    /// <summary>
    /// Sends what waits, oldest first, until the outbox is empty or the server is out of reach. Refusals
    /// other than of <paramref name="ownRequestId"/> (the action the caller shows the outcome of) are kept
    /// for <see cref="TakeRefusals"/>.
    /// </summary>
    public async Task<Dictionary<string, SendOutcome>> DrainAsync(string? ownRequestId, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, SendOutcome>(StringComparer.Ordinal);
        if (!ShouldTry)
        {
            return results;
        }

        var wasOffline = !Online;
        while (outbox.Oldest() is { } entry)
        {
            try
            {
                var response = await SendAsync(client(), entry, cancellationToken);
                results[entry.RequestId] = new SendOutcome.Sent(response);
                MarkOnline();
                _sentAfterOffline += wasOffline && entry.RequestId != ownRequestId ? 1 : 0;
            }
            catch (RpcException error) when (WmsClient.IsUnreachable(error))
            {
                MarkOffline();
                return results;
            }
            catch (RpcException error)
            {
                var reason = await RefusalAsync(entry, WmsClient.Explain(error), queued: entry.RequestId != ownRequestId, cancellationToken);
                results[entry.RequestId] = new SendOutcome.Refused(reason);
                if (entry.RequestId != ownRequestId)
                {
                    _refusals.Add(reason);
                }

                MarkOnline();
            }

            outbox.Remove(entry.Seq);
        }

        return results;
    }

    /// <summary>
    /// A refused pick (or short pick, or exception report, with units found) was never taken off the books, so
    /// the units in the picker's hand still belong in the bin they came from: putting them back there is the whole put-back (no stock moves on the server),
    /// and the message says so, with the order and SKU, whether the pick was queued or refused at once.
    /// </summary>
    private async Task<string> RefusalAsync(OutboxEntry entry, string reason, bool queued, CancellationToken cancellationToken)
    {
        if (entry.Kind is Kinds.ConfirmPick or Kinds.ShortPick or Kinds.ReportPickException && GoodsInHand.FromNote(entry.Note) is { To.Length: 0 } goods)
        {
            var why = await IsCancelledAsync(goods, cancellationToken) ? $"Order {goods.Order} was cancelled" : $"Pick for {goods.Order} refused ({reason.TrimEnd('.')})";
            return $"{why}: put the {goods.Quantity} {goods.Sku} in your hand back in bin {goods.Bin}.";
        }

        // A refused replenishment never moved on the books either: the units belong in the reserve bin again.
        if (entry.Kind == Kinds.ConfirmReplenishment && GoodsInHand.FromNote(entry.Note) is { To.Length: > 0 } moved)
        {
            return $"Replenishment of {moved.Quantity} {moved.Sku} refused ({reason.TrimEnd('.')}): take them from {moved.To} back to {moved.Bin}.";
        }

        return queued ? $"Queued {Describe(entry)} refused: {reason}" : reason;
    }

    /// <summary>The server's refusal speaks of tasks and trips; whether the order itself was cancelled is asked of the order.</summary>
    private async Task<bool> IsCancelledAsync(GoodsInHand goods, CancellationToken cancellationToken)
    {
        try
        {
            var order = await client().CallAsync(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = goods.Warehouse, Reference = goods.Order }, cancellationToken);
            return order.Status == OrderStatus.Cancelled;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    private static string Describe(OutboxEntry entry) => entry.Kind switch
    {
        Kinds.ConfirmPick => "pick of task " + ConfirmPickRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.ShortPick => "short pick of task " + ShortPickRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.SkipPick => "skip of task " + SkipPickRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.ReportPickException => "exception report of task " + ReportPickExceptionRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.RecordTotes => "totes of trip " + RecordTotesRequest.Parser.ParseFrom(entry.Payload).TripId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.DropOffTrip => "drop-off of trip " + DropOffTripRequest.Parser.ParseFrom(entry.Payload).TripId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.ConfirmReplenishment => "replenishment task " + ConfirmReplenishmentRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => entry.Kind,
    };

    private static async Task<IMessage> SendAsync(WmsClient client, OutboxEntry entry, CancellationToken cancellationToken) => entry.Kind switch
    {
        Kinds.ConfirmPick => await client.CallAsync(WmsMethods.Picking.ConfirmPick, ConfirmPickRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.ShortPick => await client.CallAsync(WmsMethods.Picking.ShortPick, ShortPickRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.SkipPick => await client.CallAsync(WmsMethods.Picking.SkipPick, SkipPickRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.ReportPickException => await client.CallAsync(WmsMethods.Picking.ReportPickException, ReportPickExceptionRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.RecordTotes => await client.CallAsync(WmsMethods.Picking.RecordTotes, RecordTotesRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.DropOffTrip => await client.CallAsync(WmsMethods.Picking.DropOffTrip, DropOffTripRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.ConfirmReplenishment => await client.CallAsync(WmsMethods.Replenishment.ConfirmReplenishment, ConfirmReplenishmentRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        _ => throw new InvalidOperationException($"Outbox entry {entry.Seq} has unknown kind '{entry.Kind}'."),
    };

    public static class Kinds
    {
        public const string ConfirmPick = "ConfirmPick";
        public const string ShortPick = "ShortPick";
        public const string SkipPick = "SkipPick";
        public const string ReportPickException = "ReportPickException";
        public const string RecordTotes = "RecordTotes";
        public const string DropOffTrip = "DropOffTrip";
        public const string ConfirmReplenishment = "ConfirmReplenishment";
    }
}
