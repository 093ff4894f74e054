namespace Wms.Routing.Vehicles;

/// <summary>How long and how a solve runs. Stops at whichever limit comes first.</summary>
public sealed record SolverOptions
{
    public int Seed { get; init; }

    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Optional cap on genetic iterations; with it (and a generous time budget) a run is reproducible.</summary>
    public long? MaxIterations { get; init; }

    /// <summary>Reported synchronously, from the solving thread, each time a better plan is found.</summary>
    public IProgress<SolverProgress>? Progress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>An improvement found during a solve.</summary>
public readonly record struct SolverProgress(double Cost, int Vehicles, int UnservedStops, TimeSpan Elapsed, long Iteration);
