namespace Wms.Server.Alerts;

/// <summary>
/// Tells the alert followers (FollowAlerts streams, the MQTT alert publisher) that alerts changed, so that they
/// read the table when there is something to read instead of polling it: an idle server does nothing. The
/// writers call <see cref="Committed"/> after their commit (never before: a follower woken early would read
/// nothing and sleep through the change). The database stays the source of truth: a follower reads "after
/// position N" on every signal, and at the latest every <see cref="AlertOptions.CatchUpSeconds"/>, which is
/// how changes another server wrote reach it.
/// <para>
/// Seam for a cross-server signal (PostgreSQL LISTEN/NOTIFY, issue 19): whatever hears that another server
/// committed an alert calls <see cref="Committed"/> too, and the catch-up poll can then be lengthened.
/// </para>
/// </summary>
public sealed class AlertChanges
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Grows with every signal; a follower takes it before it reads, and waits for it to move.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Alerts changed and the change is committed.</summary>
    public void Committed()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Waits until a change after <paramref name="seen"/> (a <see cref="Version"/>) or for <paramref name="atMost"/>; true if there was a change.</summary>
    public async Task<bool> WaitAsync(long seen, TimeSpan atMost, TimeProvider time, CancellationToken cancellationToken)
    {
        // The waiter is taken before the version is compared: a change between the two still completes it.
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

/// <summary>Wms:Alerts settings.</summary>
public sealed class AlertOptions
{
    /// <summary>
    /// How often an idle follower reads the alerts table anyway, for changes no signal told it about (written by
    /// another server on the same database). Changes made by this server are followed at once.
    /// </summary>
    public int CatchUpSeconds { get; set; } = 30;
}
