namespace Wms.Routing.PickPaths;

/// <summary>
/// Limits for a solve. Searching methods stop at whichever comes first: the time budget, the iteration
/// cap or cancellation, and return the best plan found so far. Results are reproducible for a seed as
/// long as the iteration cap, not the clock, ends the search.
/// </summary>
public readonly record struct PickPathOptions
{
    public PickPathOptions(int seed, TimeSpan timeBudget, int maxIterations = 0)
    {
        if (timeBudget <= TimeSpan.Zero)
        {
            throw new ArgumentException("Time budget must be positive.", nameof(timeBudget));
        }

        if (maxIterations < 0)
        {
            throw new ArgumentException("Iteration cap must be zero (automatic) or positive.", nameof(maxIterations));
        }

        Seed = seed;
        TimeBudget = timeBudget;
        MaxIterations = maxIterations;
    }

    /// <summary>Seed 0, one second, automatic iteration cap.</summary>
    public static PickPathOptions Default { get; } = new(0, TimeSpan.FromSeconds(1));

    public int Seed { get; }

    public TimeSpan TimeBudget { get; }

    /// <summary>Local search kicks; 0 picks a cap from the number of locations.</summary>
    public int MaxIterations { get; }
}
