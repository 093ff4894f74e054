namespace Wms.Server.Dispatch;

/// <summary>How deliveries are timed when routes are planned (<c>Wms:Dispatch</c>).</summary>
public sealed class DispatchOptions
{
    public const int MinTimeBudgetMs = 100;
    public const int MaxTimeBudgetMs = 30_000;
    public const int DefaultTimeBudgetMs = 2_000;

    /// <summary>Average road speed between stops, straight-line (great-circle) distance over time.</summary>
    public double AverageSpeedKmh { get; set; } = 40;

    /// <summary>Time at each stop to hand over the shipment, parking included.</summary>
    public double ServiceMinutesPerStop { get; set; } = 8;

    /// <summary>Extra handling time per carton of the shipment.</summary>
    public double ServiceMinutesPerCarton { get; set; } = 1;

    /// <summary>
    /// The route engine when a call names none: <c>hgs</c> (default: it won the side-by-side benchmark,
    /// docs/benchmarks.md), <c>ortools</c> or <c>best-of</c> (both, the better plan kept; two cores for the budget).
    /// </summary>
    public string Engine { get; set; } = "hgs";

    /// <summary>Per warehouse code, an engine other than <see cref="Engine"/> (<c>Wms:Dispatch:Engines:WH1 = best-of</c>).</summary>
    public Dictionary<string, string> Engines { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Route solves running at once; more wait their turn (each takes a core for its whole budget).</summary>
    public int MaxConcurrentSolves { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Where road distances and times come from (<c>Wms:Dispatch:Travel</c>): straight line by default, or pgRouting.</summary>
    public TravelOptions Travel { get; set; } = new();

    /// <summary>
    /// Optional cap on the solver's iterations (<c>Wms:Dispatch:MaxIterations</c>; null = the time budget alone).
    /// With it, and a budget the cap reaches first, the same seed gives the same plan however busy the machine
    /// is: the simulator sets it so that a seeded day routes the same way every run.
    /// </summary>
    public long? MaxIterations { get; set; }
}
