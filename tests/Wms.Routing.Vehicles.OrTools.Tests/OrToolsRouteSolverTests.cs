namespace Wms.Routing.Vehicles.OrTools.Tests;

public sealed class OrToolsRouteSolverTests
{
    public static TheoryData<string> Cases => [.. EngineCases.Names];

    /// <summary>
    /// Seven stops: a cap of 500 solutions (OR-Tools takes no seed) reaches the brute-force optimum on every
    /// case here in about 0.1 s, where a 1-s limit kept searching for the whole second (100 solutions did not
    /// reach it on seed 13). The other cases keep their 1-s limits: guided local search ends only at a limit,
    /// and on some (the "unreachable" case) 100 solutions took 13 s, never reaching the cap sooner.
    /// </summary>
    private static readonly SolverOptions SevenStops = new() { TimeBudget = TimeSpan.FromMinutes(1), MaxIterations = 500 };

    /// <summary>
    /// The engine cases: 500 solutions or 1 s, whichever comes first. Most cases reach 500 solutions in
    /// 0.01-0.3 s of CPU, so they stop there rather than searching for the whole second. The larger ones
    /// (50 stops with windows: 1.3 s) and the "unreachable" case, which never reaches the cap, stop at 1 s as before.
    /// </summary>
    private static readonly SolverOptions EveryCase = new() { TimeBudget = TimeSpan.FromSeconds(1), MaxIterations = 500 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Solve_EveryTestInstance_PassesPlanChecker(string name)
    {
        var problem = EngineCases.Get(name);
        var plan = OrToolsRouteSolver.Solve(problem, EveryCase, TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        // Same expectations as the HGS tests where a case has one.
        switch (name)
        {
            case "max-route-duration":
                Assert.Empty(plan.Unserved);
                Assert.True(plan.Routes.Count >= 2);
                break;
            case "fleet-too-small":
                Assert.Equal(2, plan.Unserved.Count);
                Assert.All(plan.Unserved, u => Assert.Equal(UnservedReason.FleetExhausted, u.Reason));
                break;
            case "unreachable":
                Assert.Equal(["closed", "heavy"], plan.Unserved.Select(u => u.StopId).Order());
                Assert.All(plan.Unserved, u => Assert.Equal(UnservedReason.NoVehicleCanServe, u.Reason));
                break;
            case "optional":
                Assert.Equal("far", Assert.Single(plan.Unserved).StopId);
                Assert.Equal(60 + 100, plan.TotalCost, 6);
                break;
            case "fixed-cost":
                Assert.Single(plan.Routes);
                break;
            case "asymmetric-matrix":
                Assert.Equal(3, plan.TotalDistance);
                break;
            case "pinned-too-small":
                Assert.Equal(UnservedReason.NoVehicleCanServe, Assert.Single(plan.Unserved).Reason);
                break;
            case "fleet-exactly":
                Assert.Equal(problem.Vehicles.Count, plan.Routes.Count);
                break;
            case "no-stops":
                Assert.Empty(plan.Routes);
                break;
            default:
                // Every stop is required: left out only when it cannot be served or did not fit in time
                // (guided local search may take longer than the budget on a loaded machine to fit the last pin).
                Assert.All(plan.Unserved, u => Assert.NotEqual(UnservedReason.CheaperToSkip, u.Reason));
                break;
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Solve_SevenStopCvrp_MatchesBruteForceOptimum(int seed)
    {
        var problem = TestProblems.RandomCvrp(7, 4, 15, seed);
        var plan = OrToolsRouteSolver.Solve(problem, SevenStops, TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        // Costs are rounded to 1/1000 inside OR-Tools, so ties within that may break either way.
        Assert.Equal(BruteForce.Optimum(problem), plan.TotalCost, 0.01);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Solve_SevenStopsWithTimeWindows_MatchesBruteForceOptimum(int seed)
    {
        var problem = TestProblems.RandomWithTimeWindows(7, 4, 20, seed);
        var plan = OrToolsRouteSolver.Solve(problem, SevenStops, TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal(BruteForce.Optimum(problem), plan.TotalCost, 0.01);
    }

    [Fact]
    public void Solve_PinnedStops_OnlyOnTheirVehicles()
    {
        var problem = EngineCases.Get("pins");
        var plan = OrToolsRouteSolver.Solve(problem, TestProblems.Quick(1, 1), TestContext.Current.CancellationToken);
        Assert.All(plan.Routes, r => Assert.All(r.Visits, v => Assert.True(problem.Stops[v.StopIndex].Allows(r.VehicleId))));
    }

    [Fact]
    public void Solve_FixedRoutes_ReturnedUnchanged()
    {
        var problem = EngineCases.Get("fixed-routes");
        var plan = OrToolsRouteSolver.Solve(problem, TestProblems.Quick(1, 1), TestContext.Current.CancellationToken);
        var locked = problem.FixedRoutes[0];
        Assert.Equal(locked.StopIds, plan.Routes.Single(r => r.VehicleId == locked.VehicleId).Visits.Select(v => v.StopId));
        Assert.DoesNotContain(plan.Routes, r => r.VehicleId == problem.FixedRoutes[1].VehicleId);
    }

    [Fact]
    public void Solve_SameSolutionCap_SamePlan()
    {
        var problem = TestProblems.RandomWithTimeWindows(40, 10, 40, 5);
        var options = new SolverOptions { TimeBudget = TimeSpan.FromMinutes(1), MaxIterations = 30 };
        var a = OrToolsRouteSolver.Solve(problem, options, TestContext.Current.CancellationToken);
        var b = OrToolsRouteSolver.Solve(problem, options, TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, a);
        Assert.Equal(TestProblems.Describe(a), TestProblems.Describe(b));
    }

    [Fact]
    public void Solve_TimeBudget_ReturnsInTime()
    {
        var problem = TestProblems.RandomWithTimeWindows(120, 30, 40, 9);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var plan = OrToolsRouteSolver.Solve(problem, TestProblems.Quick(1, 1), TestContext.Current.CancellationToken);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
        TestProblems.AssertFeasible(problem, plan);
    }

    [Fact]
    public void Solve_ZeroBudgetOrAlreadyCancelled_ReturnsFeasiblePlanPromptly()
    {
        var problem = TestProblems.RandomWithTimeWindows(60, 15, 40, 3);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var started = System.Diagnostics.Stopwatch.StartNew();

        var zero = OrToolsRouteSolver.Solve(problem, TestProblems.Quick(1, 0), TestContext.Current.CancellationToken);
        var stopped = OrToolsRouteSolver.Solve(problem, TestProblems.Quick(1, 30), cancelled.Token);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
        TestProblems.AssertFeasible(problem, zero);
        TestProblems.AssertFeasible(problem, stopped);
    }
}
