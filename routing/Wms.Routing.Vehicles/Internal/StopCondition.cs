namespace Wms.Routing.Vehicles.Internal;

/// <summary>Time budget, iteration cap and cancellation, whichever comes first.</summary>
internal sealed class StopCondition(TimeProvider clock, TimeSpan budget, long? maxIterations, CancellationToken cancellation)
{
    private readonly long _start = clock.GetTimestamp();

    public TimeSpan Elapsed => clock.GetElapsedTime(_start);

    public TimeSpan Remaining => budget - Elapsed;

    public bool ShouldStop(long iteration) =>
        cancellation.IsCancellationRequested || Elapsed >= budget || (maxIterations is long max && iteration >= max);
}
