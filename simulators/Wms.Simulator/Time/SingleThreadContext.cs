using System.Collections.Concurrent;

namespace Wms.Simulator.Time;

/// <summary>
/// A synchronisation context with one thread of its own: every continuation of the simulator's code posted to
/// it runs there, one at a time. Load mode runs the day on it, so that hundreds of pickers and devices can
/// await the server at once while their counters, queues and random sources are only ever touched by one
/// thread. The server's work is not on it (the in-memory transport and the broker run on the thread pool).
/// </summary>
public sealed class SingleThreadContext : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state)
    {
        try
        {
            _queue.Add((d, state));
        }
        catch (InvalidOperationException)
        {
            // The day is over: a late continuation (a disposed client's) runs on the pool.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The simulator's thread does not wait for itself.");

    /// <summary>Runs <paramref name="run"/> and its continuations on a new thread with this context; completes with it.</summary>
    public static Task<T> RunAsync<T>(Func<Task<T>> run)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var context = new SingleThreadContext();
            SetSynchronizationContext(context);
            var task = run();
            task.ContinueWith(_ => context._queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var (callback, state) in context._queue.GetConsumingEnumerable())
            {
                callback(state);
            }

            if (task.IsFaulted)
            {
                done.SetException(task.Exception!.InnerExceptions);
            }
            else if (task.IsCanceled)
            {
                done.SetCanceled();
            }
            else
            {
                done.SetResult(task.Result);
            }
        }) { IsBackground = true, Name = "simulator" };
        thread.Start();
        return done.Task;
    }
}
