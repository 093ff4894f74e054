using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Wms.Server.Data;

/// <summary>
/// "Something on channel X was committed": wakes the readers that follow the database (FollowLedger,
/// FollowAlerts, the MQTT alert publisher) after a commit, so that they read when there is something to read
/// instead of polling. A write marks its channel on the batch's session (<see cref="SqlSession.Signal"/>), in
/// the transaction that makes the change; the <see cref="WriteBatcher"/> raises the marked channels here once
/// that transaction has committed and, on PostgreSQL, sends them with <c>pg_notify</c> inside it, so that the
/// other servers on the same database hear of it exactly when the change is visible
/// (<see cref="PostgresSignalListener"/>).
/// <para>
/// A signal carries no data: the database stays the source of truth. A follower takes the channel's
/// <see cref="Version"/> before it reads "after position N", and waits for it to move; it also reads again
/// after <see cref="CatchUp"/> without a signal, so a lost notification (a listener reconnecting, a server
/// that wrote to a shared SQLite file) delays a change, never loses or doubles it.
/// </para>
/// <para>
/// Channels are named by the features (<see cref="Ledger"/>, <see cref="Alerts"/>; any other name of lower-case
/// letters, digits, '_' or '-' works the same, e.g. a device directory that wants to hear of changes made
/// through another server).
/// </para>
/// </summary>
public sealed partial class DatabaseSignals(IOptions<DataOptions> options)
{
    /// <summary>Stock ledger rows were written.</summary>
    public const string Ledger = "ledger";

    /// <summary>Alerts were raised or resolved.</summary>
    public const string Alerts = "alerts";

    /// <summary>The PostgreSQL channel every signal travels on; the payload names this server and the signal's channel.</summary>
    public const string PostgresChannel = "wms_signals";

    private readonly ConcurrentDictionary<string, Channel> _channels = new(StringComparer.Ordinal);

    /// <summary>Names this server in the notifications it sends, so its listener ignores its own (it raised them already).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    /// <summary>How long a follower waits for a signal before it reads anyway (Wms:Database:SignalCatchUpSeconds).</summary>
    public TimeSpan CatchUp { get; } = TimeSpan.FromSeconds(Math.Max(1, options.Value.SignalCatchUpSeconds));

    /// <summary>Throws unless <paramref name="channel"/> is a valid channel name.</summary>
    public static string Validate(string channel) =>
        ChannelName().IsMatch(channel) ? channel : throw new ArgumentException($"A signal channel is 1-40 lower-case letters, digits, '_' or '-', got '{channel}'.", nameof(channel));

    /// <summary>Grows with every signal on the channel; a follower takes it before it reads, and waits for it to move.</summary>
    public long Version(string channel) => Get(channel).Version;

    /// <summary>Changes on these channels are committed (called after the commit, never before: a follower woken early would read nothing and sleep through the change).</summary>
    public void Raise(IEnumerable<string> channels)
    {
        foreach (var channel in channels)
        {
            Get(channel).Raise();
        }
    }

    /// <summary>Wakes every follower: after the listener (re)connects, notifications sent while it was away are lost.</summary>
    public void RaiseAll() => Raise(_channels.Keys);

    /// <summary>
    /// Waits until the channel moves past <paramref name="seen"/> (a <see cref="Version(string)"/>) or for
    /// <see cref="CatchUp"/>; true if it moved.
    /// </summary>
    public Task<bool> WaitAsync(string channel, long seen, TimeProvider time, CancellationToken cancellationToken) =>
        Get(channel).WaitAsync(seen, CatchUp, time, cancellationToken);

    /// <summary>
    /// The PostgreSQL advisory lock that orders positions across servers (<see cref="SqlSession.AppendTo"/>). One for
    /// every stream: a batch writing two streams cannot then wait for one while holding the other.
    /// </summary>
    public const long PositionLockKey = 0x574D53_504F53; // "WMS" "POS"

    /// <summary>The notification payload for a channel sent by this server.</summary>
    public string Payload(string channel) => Origin + "/" + channel;

    /// <summary>The channel a notification payload names, or null if this server sent it or it is not ours.</summary>
    public string? FromPayload(string payload)
    {
        var slash = payload.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || payload.AsSpan(0, slash).SequenceEqual(Origin))
        {
            return null;
        }

        var channel = payload[(slash + 1)..];
        return ChannelName().IsMatch(channel) ? channel : null;
    }

    private Channel Get(string channel) => _channels.GetOrAdd(channel, static _ => new Channel());

    [GeneratedRegex("^[a-z0-9_-]{1,40}$")]
    private static partial Regex ChannelName();

    private sealed class Channel
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _version;

        public long Version => Interlocked.Read(ref _version);

        public void Raise()
        {
            Interlocked.Increment(ref _version);
            Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        public async Task<bool> WaitAsync(long seen, TimeSpan atMost, TimeProvider time, CancellationToken cancellationToken)
        {
            // The waiter is taken before the version is compared: a signal between the two still completes it.
            var next = Volatile.Read(ref _next);
            if (Version != seen)
            {
                return true;
            }

            try
            {
                await next.Task.WaitAsync(atMost, time, cancellationToken);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }
    }
}
