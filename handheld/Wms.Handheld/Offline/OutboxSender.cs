using Google.Protobuf;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
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
/// Every pick action goes through here: written to the outbox first, then the outbox is drained oldest
/// first. An unreachable server stops the drain and marks the device offline; the next action (or an
/// explicit retry) tries again. Because each entry keeps its request id, an entry whose answer was lost
/// on the way back is simply sent again and the server answers it without applying it twice.
/// </summary>
public sealed class OutboxSender(Outbox outbox, Func<WmsClient> client, TimeProvider time, TimeSpan retryInterval)
{
    private readonly List<string> _refusals = [];
    private DateTimeOffset _lastFailure = DateTimeOffset.MinValue;

    public bool Online { get; private set; } = true;

    public int Pending => outbox.Count();

    /// <summary>Refusals of actions queued earlier, which the picker has not seen yet; reading them clears them.</summary>
    public IReadOnlyList<string> TakeRefusals()
    {
        var refusals = _refusals.ToList();
        _refusals.Clear();
        return refusals;
    }

    public void MarkOffline()
    {
        Online = false;
        _lastFailure = time.GetUtcNow();
    }

    public void MarkOnline() => Online = true;

    /// <summary>Whether it is worth trying the network now: online, or offline for longer than the retry interval.</summary>
    public bool ShouldTry => Online || time.GetUtcNow() - _lastFailure >= retryInterval;

    public async Task<SendOutcome> SubmitAsync(string kind, IMessage request, string requestId, CancellationToken cancellationToken)
    {
        outbox.Add(requestId, kind, request.ToByteArray(), time.GetUtcNow());
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

        while (outbox.Oldest() is { } entry)
        {
            try
            {
                var response = await SendAsync(client(), entry, cancellationToken);
                results[entry.RequestId] = new SendOutcome.Sent(response);
                MarkOnline();
            }
            catch (RpcException error) when (WmsClient.IsUnreachable(error))
            {
                MarkOffline();
                return results;
            }
            catch (RpcException error)
            {
                var reason = WmsClient.Explain(error);
                results[entry.RequestId] = new SendOutcome.Refused(reason);
                if (entry.RequestId != ownRequestId)
                {
                    _refusals.Add($"Queued {Describe(entry)} refused: {reason}");
                }

                MarkOnline();
            }

            outbox.Remove(entry.Seq);
        }

        return results;
    }

    private static string Describe(OutboxEntry entry) => entry.Kind switch
    {
        Kinds.ConfirmPick => "pick of task " + ConfirmPickRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.ShortPick => "short pick of task " + ShortPickRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kinds.SkipPick => "skip of task " + SkipPickRequest.Parser.ParseFrom(entry.Payload).TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => entry.Kind,
    };

    private static async Task<IMessage> SendAsync(WmsClient client, OutboxEntry entry, CancellationToken cancellationToken) => entry.Kind switch
    {
        Kinds.ConfirmPick => await client.CallAsync(Rpc.ConfirmPick, ConfirmPickRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.ShortPick => await client.CallAsync(Rpc.ShortPick, ShortPickRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        Kinds.SkipPick => await client.CallAsync(Rpc.SkipPick, SkipPickRequest.Parser.ParseFrom(entry.Payload), cancellationToken),
        _ => throw new InvalidOperationException($"Outbox entry {entry.Seq} has unknown kind '{entry.Kind}'."),
    };

    public static class Kinds
    {
        public const string ConfirmPick = "ConfirmPick";
        public const string ShortPick = "ShortPick";
        public const string SkipPick = "SkipPick";
    }
}
