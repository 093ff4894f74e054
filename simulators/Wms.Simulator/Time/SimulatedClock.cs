namespace Wms.Simulator.Time;

/// <summary>
/// The simulation's clock, and the server's when it runs in-process: time moves only when the event loop
/// advances it, so a day takes as long as its events need and the same seed sees the same times. Timers
/// (Task.Delay, PeriodicTimer on this provider: the server's device monitor, token refresh) fire as the
/// clock passes their due time.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<SimTimer> _timers = [];
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    // GetTimestamp stays the real stopwatch: a solver's time budget or a latency must be measured in real
    // time, or a budget would never run out while the simulated clock stands still during one event.

    /// <summary>Moves the clock to <paramref name="to"/> (never back) and fires every timer due by then, in due order.</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        while (true)
        {
            SimTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.Due <= to).OrderBy(t => t.Due).ThenBy(t => t.Id).FirstOrDefault();
                if (due is null)
                {
                    if (to > _now)
                    {
                        _now = to;
                    }

                    return;
                }

                if (due.Due > _now)
                {
                    _now = due.Due;
                }

                if (due.Period is { } period && period > TimeSpan.Zero)
                {
                    due.Due += period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private long _nextTimerId;

    private sealed class SimTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Id { get; } = Interlocked.Increment(ref clock._nextTimerId);

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
