namespace Wms.Routing.Vehicles.Bench;

/// <summary>
/// A clock that runs on the process's CPU time, so that a budget means the same work on a loaded machine
/// as on a quiet one (as HGS-CVRP's <c>-t</c>, which counts <c>clock()</c>). Process-wide, so the
/// runtime's own threads (JIT, GC) count against the solver: slightly less than its budget for it.
/// </summary>
internal sealed class CpuTimeProvider : TimeProvider
{
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Environment.CpuUsage.TotalTime.Ticks;
}
