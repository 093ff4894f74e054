using System.Diagnostics;

namespace Wms.Simulator.Time;

/// <summary>
/// Discrete events on the simulated clock, one at a time: each event's calls to the server are awaited
/// before the next event starts, so the server sees the same calls in the same order for the same seed.
/// Ties in time go in scheduling order. With a speed factor the loop waits real time between events.
/// <para>
/// Concurrent (load mode): the events due within one simulated second of the first one due run at once, on
/// the clock of that first one, and the next second starts when all of them are done. The calls overlap as on
/// a real floor; the order the server sees them in is no longer fixed, so a run is not deterministic.
/// </para>
/// </summary>
public sealed class EventLoop(SimulatedClock clock, double? speed, bool concurrent = false)
{
    private static readonly TimeSpan Batch = TimeSpan.FromSeconds(1);
    private readonly PriorityQueue<Func<Task>, (DateTimeOffset At, long Seq)> _queue = new();
    private long _seq;

    public SimulatedClock Clock => clock;

    public DateTimeOffset Now => clock.GetUtcNow();

    public int Pending => _queue.Count;

    /// <summary>Events run so far.</summary>
    public long Processed { get; private set; }

    public void At(DateTimeOffset at, Func<Task> action) => _queue.Enqueue(action, (at < Now ? Now : at, _seq++));

    public void After(TimeSpan delay, Func<Task> action) => At(Now + delay, action);

    /// <summary>Runs events until none is left before <paramref name="end"/>; the clock ends at <paramref name="end"/>.</summary>
    public async Task RunUntilAsync(DateTimeOffset end, CancellationToken cancellationToken)
    {
        var realStart = Stopwatch.GetTimestamp();
        var simStart = Now;
        while (_queue.TryPeek(out _, out var key) && key.At <= end)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var action = _queue.Dequeue();
            if (speed is { } factor)
            {
                var due = TimeSpan.FromTicks((long)((key.At - simStart).Ticks / factor));
                var wait = due - Stopwatch.GetElapsedTime(realStart);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }

            clock.AdvanceTo(key.At);
            if (!concurrent)
            {
                await action();
                Processed++;
                continue;
            }

            var batch = new List<Task> { action() };
            while (_queue.TryPeek(out _, out var next) && next.At < key.At + Batch && next.At <= end)
            {
                batch.Add(_queue.Dequeue()());
            }

            await Task.WhenAll(batch);
            Processed += batch.Count;
        }

        clock.AdvanceTo(end);
    }
}
