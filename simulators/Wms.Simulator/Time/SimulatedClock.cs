namespace Wms.Simulator.Time;

/// <summary>
/// The simulation's clock, and the server's when it runs in-process: time moves only when the event loop
/// advances it, so a day takes as long as its events need and the same seed sees the same times. Timers
/// (Task.Delay, PeriodicTimer on this provider: the server's device monitor, token refresh, alert
/// follower) fire when the clock passes their due time, at most once per advance, as in a process that
/// was paused across the jump: the server's 100 ms alert poll would otherwise run 36,000 times for every
/// simulated hour, and the day would cost as much real time as it simulates.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<SimTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _nextTimerId;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    // GetTimestamp stays the real stopwatch: a solver's time budget or a latency must be measured in real
    // time, or a budget would never run out while the simulated clock stands still during one event.

    /// <summary>
    /// Moves the clock to <paramref name="to"/> (never back) and fires, once each and in due order, the timers
    /// due by then. A timer set again by its own callback counts from <paramref name="to"/>; a periodic one
    /// skips the ticks it missed.
    /// </summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        List<SimTimer> due;
        lock (_lock)
        {
            if (to > _now)
            {
                _now = to;
            }

            due = _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due).ThenBy(t => t.Id).ToList();
            foreach (var timer in due)
            {
                if (timer.Period is { } period && period > TimeSpan.Zero)
                {
                    timer.Due = _now + period;
                }
                else
                {
                    _timers.Remove(timer);
                }
            }
        }

        // The server's timer callbacks must not capture the simulator's own synchronisation context (load mode):
        // they run as on a pool thread.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            foreach (var timer in due)
            {
                timer.Fire();
            }
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimTimer(this, callback, state, Interlocked.Increment(ref _nextTimerId));
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class SimTimer(SimulatedClock clock, TimerCallback callback, object? state, long id) : ITimer
    {
        public long Id => id;

        public DateTimeOffset Due { get; set; }

        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                Due = clock._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
                clock._timers.Add(this);
                return true;
            }
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
