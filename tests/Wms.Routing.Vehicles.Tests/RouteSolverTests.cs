namespace Wms.Routing.Vehicles.Tests;

public sealed class RouteSolverTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Solve_SevenStopCvrp_MatchesBruteForceOptimum(int seed)
    {
        var problem = TestProblems.RandomCvrp(7, 4, 15, seed);
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(seed, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal(BruteForce.Optimum(problem), plan.TotalCost, 6);
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Solve_SevenStopsWithTimeWindows_MatchesBruteForceOptimum(int seed)
    {
        var problem = TestProblems.RandomWithTimeWindows(7, 4, 20, seed);
        double optimum = BruteForce.Optimum(problem);
        Assert.False(double.IsPositiveInfinity(optimum));
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(seed, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.Equal(optimum, plan.TotalCost, 6);
    }

    [Fact]
    public void Solve_SameSeed_SamePlan()
    {
        var problem = TestProblems.RandomWithTimeWindows(40, 10, 40, 5);
        // Runs part ways within a few iterations if anything depends on more than the seed; 80 show it as well as 300.
        var options = new SolverOptions { Seed = 7, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 80 };
        var a = RouteSolver.Solve(problem, options, TestContext.Current.CancellationToken);
        var b = RouteSolver.Solve(problem, options, TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, a);
        Assert.Equal(TestProblems.Describe(a), TestProblems.Describe(b));
        Assert.Equal(a.TotalCost, b.TotalCost);
    }

    [Fact]
    public void Solve_TimeBudget_ReturnsFeasiblePlanInTime()
    {
        var problem = TestProblems.RandomCvrp(150, 30, 50, 3);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var plan = RouteSolver.Solve(problem, TestProblems.Quick(1, 0.4), TestContext.Current.CancellationToken);
        watch.Stop();
        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.3, 1.5);
    }

    [Fact]
    public void Solve_Cancelled_ReturnsFeasiblePlanPromptly()
    {
        var problem = TestProblems.RandomCvrp(150, 30, 50, 4);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var plan = RouteSolver.Solve(problem, TestProblems.Quick(1, 60), cts.Token);
        watch.Stop();
        TestProblems.AssertFeasible(problem, plan);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.1, 1.5);
    }

    [Fact]
    public void Solve_AlreadyCancelled_ReturnsConstructionPlan()
    {
        var problem = TestProblems.RandomWithTimeWindows(30, 8, 40, 9);
        var plan = RouteSolver.Solve(problem, TestProblems.Quick(), new CancellationToken(canceled: true));
        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(RouteSolver.Construct(problem).TotalCost, plan.TotalCost, 9);
    }

    [Fact]
    public void Solve_Progress_ReportsDecreasingCosts()
    {
        var problem = TestProblems.RandomCvrp(60, 15, 40, 8);
        var seen = new List<SolverProgress>();
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200) with { Progress = new SyncProgress(seen.Add) }, TestContext.Current.CancellationToken);
        Assert.NotEmpty(seen);
        Assert.True(seen.Count > 1, "the search improved on the construction at least once");
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.Second.Cost < p.First.Cost));
        Assert.Equal(plan.TotalCost, seen[^1].Cost, 6);
    }

    [Fact]
    public void Solve_TimeWindowsAndShiftEnds_AllRespected()
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var problem = TestProblems.RandomWithTimeWindows(50, 12, 40, seed);
            var plan = RouteSolver.Solve(problem, TestProblems.Iterations(seed, 100), TestContext.Current.CancellationToken);
            TestProblems.AssertFeasible(problem, plan);
            Assert.All(plan.Routes, r => Assert.True(r.EndTime <= 400 + 1e-6));
        }
    }

    [Fact]
    public void Solve_MaxRouteDuration_SplitsLongRoute()
    {
        // Four stops far out in a row: one vehicle could take all, but not within 130 time units (three stops already take 134).
        var stops = Enumerable.Range(0, 4).Select(i => new Stop($"s{i}", new Location(50 + i, 0), Weight: 1, ServiceTime: 10)).ToList();
        var fleet = Enumerable.Range(0, 4).Select(k => new Vehicle($"v{k}", 100, MaxRouteDuration: 130));
        var problem = new RoutingProblem(new Location(0, 0), stops, fleet, TravelModel.Euclidean());
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.True(plan.Routes.Count >= 2);
        Assert.All(plan.Routes, r => Assert.True(r.Duration <= 130 + 1e-6));
    }

    [Fact]
    public void Solve_HeterogeneousFleet_RespectsEachCapacity()
    {
        var rng = new Random(2);
        var stops = Enumerable.Range(0, 30).Select(i => new Stop($"s{i}", new Location(rng.Next(100), rng.Next(100)),
            Weight: rng.Next(1, 8), Volume: rng.Next(1, 5))).ToList();
        Vehicle[] fleet =
        [
            new("big", 60, VolumeCapacity: 40, CostPerDistance: 2, FixedCost: 50),
            new("mid", 35, VolumeCapacity: 25, CostPerDistance: 1.5, FixedCost: 20),
            new("small", 20, VolumeCapacity: 10),
            new("small2", 20, VolumeCapacity: 10),
            new("van", 15, VolumeCapacity: 30, CostPerDistance: 0.8),
        ];
        var problem = new RoutingProblem(new Location(50, 50), stops, fleet, TravelModel.Euclidean());
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(3, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Empty(plan.Unserved);
        Assert.All(plan.Routes, r =>
        {
            Assert.True(r.Weight <= fleet[r.VehicleIndex].WeightCapacity);
            Assert.True(r.Volume <= fleet[r.VehicleIndex].VolumeCapacity);
        });
    }

    [Fact]
    public void Solve_FleetTooSmall_ReportsUnservedWithReason()
    {
        // Two vehicles of 10 cannot carry 30; the plan serves what fits and names the rest.
        var stops = Enumerable.Range(0, 6).Select(i => new Stop($"s{i}", new Location(i * 3, 5), Weight: 5)).ToList();
        var fleet = new[] { new Vehicle("a", 10), new Vehicle("b", 10) };
        var problem = new RoutingProblem(new Location(0, 0), stops, fleet, TravelModel.Euclidean());
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(2, plan.Unserved.Count);
        Assert.All(plan.Unserved, u => Assert.Equal(UnservedReason.FleetExhausted, u.Reason));
    }

    [Fact]
    public void Solve_StopNoVehicleCanReach_ReportedAsNoVehicleCanServe()
    {
        Stop[] stops =
        [
            new("near", new Location(5, 0), Weight: 1),
            new("heavy", new Location(6, 0), Weight: 50),
            new("closed", new Location(7, 0), Weight: 1, ReadyTime: 0, DueTime: 1),
        ];
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("a", 10, ShiftEnd: 100)], TravelModel.Euclidean());
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(["closed", "heavy"], plan.Unserved.Select(u => u.StopId).Order());
        Assert.All(plan.Unserved, u => Assert.Equal(UnservedReason.NoVehicleCanServe, u.Reason));
    }

    [Fact]
    public void Solve_OptionalStopCheaperToSkip_LeftOutWithPenalty()
    {
        Stop[] stops =
        [
            new("a", new Location(10, 0), Weight: 1),
            new("far", new Location(-500, 0), Weight: 1, UnservedPenalty: 100),
            new("worth", new Location(-20, 0), Weight: 1, UnservedPenalty: 1000),
        ];
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("a", 10)], TravelModel.Euclidean());
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        var skipped = Assert.Single(plan.Unserved);
        Assert.Equal("far", skipped.StopId);
        Assert.Equal(UnservedReason.CheaperToSkip, skipped.Reason);
        Assert.Equal(100, plan.UnservedPenalty);
        Assert.Equal(60 + 100, plan.TotalCost, 6);
    }

    [Fact]
    public void Solve_FixedCostPerVehicle_UsesFewerVehicles()
    {
        var problem = TestProblems.RandomCvrp(20, 6, 200, 4);
        var costly = new RoutingProblem(problem.Depot, problem.Stops, problem.Vehicles.Select(v => v with { FixedCost = 1000 }), problem.Travel);
        var plan = RouteSolver.Solve(costly, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(costly, plan);
        Assert.Single(plan.Routes);
        Assert.Equal(1000, plan.FixedCost);
    }

    [Fact]
    public void Solve_MatrixModel_UsesGivenDistancesAndTimes()
    {
        // Asymmetric matrix: going 0→1→2→0 is cheap, the reverse is expensive.
        double[,] d = { { 0, 1, 9 }, { 9, 0, 1 }, { 1, 9, 0 } };
        double[,] t = { { 0, 2, 2 }, { 2, 0, 2 }, { 2, 2, 0 } };
        var problem = new RoutingProblem(default, [new Stop("x", default), new Stop("y", default)], [new Vehicle("v", 10)],
            TravelModel.FromMatrices(d, t));
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(3, plan.TotalDistance);
        Assert.Equal(["x", "y"], plan.Routes.Single().Visits.Select(v => v.StopId));
    }

    [Fact]
    public void Solve_VehiclesFirst_PrefersFewerVehiclesOverDistance()
    {
        // A direct link between the two stops is very long: two routes are cheaper, one route is possible.
        double[,] d = { { 0, 1, 1 }, { 1, 0, 100 }, { 1, 100, 0 } };
        var problem = new RoutingProblem(default, [new Stop("x", default, Weight: 1), new Stop("y", default, Weight: 1)],
            [new Vehicle("a", 10), new Vehicle("b", 10)], TravelModel.FromMatrices(d, d));
        var cheapest = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        var fewest = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200) with { Objective = SolverObjective.VehiclesFirst },
            TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, cheapest);
        TestProblems.AssertFeasible(problem, fewest);
        Assert.Equal(2, cheapest.Routes.Count);
        Assert.Equal(4, cheapest.TotalCost, 9);
        Assert.Single(fewest.Routes);
        Assert.Equal(102, fewest.TotalCost, 9);
    }

    [Fact]
    public void Solve_VehiclesFirstWithTimeWindows_FeasibleAndNoMoreVehiclesThanCostObjective()
    {
        var problem = TestProblems.RandomWithTimeWindows(40, 12, 60, 17);
        var byCost = RouteSolver.Solve(problem, TestProblems.Iterations(2, 100), TestContext.Current.CancellationToken);
        var byVehicles = RouteSolver.Solve(problem, TestProblems.Iterations(2, 100) with { Objective = SolverObjective.VehiclesFirst },
            TestContext.Current.CancellationToken);
        TestProblems.AssertFeasible(problem, byVehicles);
        Assert.Empty(byVehicles.Unserved);
        Assert.True(byVehicles.Routes.Count <= byCost.Routes.Count);
    }

    [Fact]
    public void Solve_NoStops_EmptyPlan()
    {
        var problem = new RoutingProblem(new Location(0, 0), [], [new Vehicle("v", 1)], TravelModel.Euclidean());
        var plan = RouteSolver.Solve(problem, TestProblems.Quick(), TestContext.Current.CancellationToken);
        Assert.Empty(plan.Routes);
        Assert.Equal(0, plan.TotalCost);
    }

    [Fact]
    public void Solve_Trace_ReportsThePopulationEveryNIterations()
    {
        var problem = TestProblems.RandomCvrp(40, 8, 40, 3);
        var traces = new List<PopulationTrace>();
        var statistics = new SearchStatistics { Trace = traces.Add, TraceEvery = 200 };
        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(3, 1000) with { Statistics = statistics }, TestContext.Current.CancellationToken);

        Assert.Equal([0L, 200, 400, 600, 800, 1000], traces.Select(t => t.Iteration));
        Assert.All(traces, t =>
        {
            // Each subpopulation is cut back to 25 when it passes 65 (HGS-CVRP's mu + lambda).
            Assert.InRange(t.Feasible.Count, 1, 65);
            Assert.InRange(t.Infeasible.Count, 0, 65);
            Assert.InRange(t.WeightFeasibleShare, 0, 1);
            Assert.True(t.WeightPenalty > 0);

            // The make-up beside HGS-CVRP's patched log: with weight the only constraint, every infeasible member is
            // overloaded and its penalised cost is its distance plus the weight penalty on its excess.
            Assert.Equal(t.Feasible.Best, t.Feasible.BestCost, 6);
            Assert.Equal(0, t.Feasible.MeanExcessWeight);
            if (t.Infeasible.Count > 0)
            {
                Assert.True(t.Infeasible.BestExcessWeight > 0 && t.Infeasible.MeanExcessWeight > 0);
                Assert.Equal(t.Infeasible.Best, t.Infeasible.BestCost + (t.WeightPenalty * t.Infeasible.BestExcessWeight), 6);
                Assert.InRange(t.Infeasible.MeanRoutes, 1, 8);
            }
        });

        // Without a restart the population's best feasible member is the plan the solve returns.
        var last = traces[^1].Feasible;
        Assert.Equal(plan.TotalDistance, last.Best, 6);
        Assert.Equal(plan.Routes.Count, last.BestRoutes);
        Assert.InRange(last.Diversity, 0, 1);
    }

    [Fact]
    public void Solve_Statistics_CountTheLocalSearchsWorkAsHgsCvrpCountsIt()
    {
        var problem = TestProblems.RandomCvrp(40, 8, 40, 3);
        var statistics = new SearchStatistics();
        RouteSolver.Solve(problem, TestProblems.Iterations(3, 300) with { Statistics = statistics }, TestContext.Current.CancellationToken);
        var counts = statistics.LocalSearch;

        // One run per child and per member of the initial population (4 × mu = 100, as HGS-CVRP's), one more per repair.
        Assert.InRange(counts.Runs, 300 + 100, 2 * (300 + 100));
        // At least three passes per run: moves into empty routes are tried from the second pass on.
        Assert.True(counts.Loops >= 3 * counts.Runs, $"{counts.Loops} loops in {counts.Runs} runs");
        // The first pass screens each of the 40 stops with each of its 20 granular neighbours; a later pass at most as many.
        Assert.InRange(counts.Pairs, 40 * 20 * counts.Runs, 40 * 20 * counts.Loops);
        Assert.True(counts.RoutePairs > 0);
        Assert.True(counts.Moves > 0);
    }

    private sealed class SyncProgress(Action<SolverProgress> onReport) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => onReport(value);
    }
}
