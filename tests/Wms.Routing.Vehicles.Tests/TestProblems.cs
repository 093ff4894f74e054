namespace Wms.Routing.Vehicles.Tests;

/// <summary>Small problems built in code (tests never read the shared benchmark files).</summary>
internal static class TestProblems
{
    public static RoutingProblem RandomCvrp(int stops, int vehicles, double capacity, int seed)
    {
        var rng = new Random(seed);
        var list = Enumerable.Range(0, stops)
            .Select(i => new Stop($"s{i}", new Location(rng.Next(0, 100), rng.Next(0, 100)), Weight: rng.Next(1, 10)))
            .ToList();
        var fleet = Enumerable.Range(0, vehicles).Select(k => new Vehicle($"v{k}", capacity));
        return new RoutingProblem(new Location(50, 50), list, fleet, TravelModel.Euclidean());
    }

    /// <summary>Stops with time windows around a depot; windows wide enough that a plan exists.</summary>
    public static RoutingProblem RandomWithTimeWindows(int stops, int vehicles, double capacity, int seed)
    {
        var rng = new Random(seed);
        var list = new List<Stop>();
        for (int i = 0; i < stops; i++)
        {
            double ready = rng.Next(0, 150);
            list.Add(new Stop($"s{i}", new Location(rng.Next(0, 60), rng.Next(0, 60)), Weight: rng.Next(1, 10),
                ServiceTime: 5, ReadyTime: ready, DueTime: ready + rng.Next(20, 60)));
        }

        var fleet = Enumerable.Range(0, vehicles).Select(k => new Vehicle($"v{k}", capacity, ShiftStart: 0, ShiftEnd: 400));
        return new RoutingProblem(new Location(30, 30), list, fleet, TravelModel.Euclidean());
    }

    /// <summary>A wall-clock budget: only for tests of the budget itself, of cancellation, or that never search.</summary>
    public static SolverOptions Quick(int seed = 1, double seconds = 0.5) => new() { Seed = seed, TimeBudget = TimeSpan.FromSeconds(seconds) };

    /// <summary>
    /// An iteration cap and a budget no loaded machine reaches: the same plan on every run, however busy the
    /// machine, and no time spent searching a small problem long after its plan stopped changing (a wall-clock
    /// budget searched 2-7 stops for 0.1-0.3 s each).
    /// </summary>
    public static SolverOptions Iterations(int seed, long iterations) => new() { Seed = seed, TimeBudget = TimeSpan.FromHours(1), MaxIterations = iterations };

    public static void AssertFeasible(RoutingProblem problem, RoutePlan plan)
    {
        var violations = PlanChecker.Check(problem, plan);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Select(v => $"{v.Kind}: {v.Message}")));
    }

    public static string Describe(RoutePlan plan) =>
        string.Join(" | ", plan.Routes.Select(r => $"{r.VehicleId}:{string.Join(",", r.Visits.Select(v => v.StopId))}"))
        + " / unserved " + string.Join(",", plan.Unserved.Select(u => u.StopId));
}
