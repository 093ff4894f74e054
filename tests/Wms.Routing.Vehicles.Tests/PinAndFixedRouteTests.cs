namespace Wms.Routing.Vehicles.Tests;

/// <summary>Allowed vehicles (pins) and fixed (locked) routes: invariants over seeds, and the edge cases.</summary>
public sealed class PinAndFixedRouteTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Solve_PinnedStops_AlwaysOnTheirVehicle(int seed)
    {
        var baseProblem = TestProblems.RandomWithTimeWindows(30, 6, 40, seed);
        var rng = new Random(seed);
        var stops = baseProblem.Stops.Select((s, i) => i % 5 == 0 ? s with { AllowedVehicles = [$"v{rng.Next(6)}"] } : s).ToList();
        var problem = new RoutingProblem(baseProblem.Depot, stops, baseProblem.Vehicles, TravelModel.Euclidean());

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(seed, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        foreach (var route in plan.Routes)
        {
            Assert.All(route.Visits, v => Assert.True(problem.Stops[v.StopIndex].Allows(route.VehicleId), $"{v.StopId} on {route.VehicleId}"));
        }

        Assert.All(plan.Unserved, u => Assert.True(stops[u.StopIndex].AllowedVehicles is not null || u.Reason != UnservedReason.CheaperToSkip));
    }

    [Fact]
    public void Solve_StopPinnedToFarVehicle_MovesThereInsteadOfTheCheaperOne()
    {
        // Two identical vehicles; without the pin either would do, with it the stop must be on v1.
        var stops = new[] { new Stop("a", new Location(10, 0), Weight: 1), new Stop("b", new Location(-10, 0), Weight: 1, AllowedVehicles: ["v1"]) };
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("v0", 10), new Vehicle("v1", 10)], TravelModel.Euclidean());

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Contains(plan.Routes.Single(r => r.VehicleId == "v1").Visits, v => v.StopId == "b");
    }

    [Fact]
    public void Solve_PinnedToVehicleTooSmall_UnservedNotMovedElsewhere()
    {
        var stops = new[] { new Stop("heavy", new Location(5, 5), Weight: 50, AllowedVehicles: ["small"]) };
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("small", 10), new Vehicle("big", 100)], TravelModel.Euclidean());

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        var unserved = Assert.Single(plan.Unserved);
        Assert.Equal(UnservedReason.NoVehicleCanServe, unserved.Reason);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Solve_FixedRoute_ReturnedUnchangedAndRestPlanned(int seed)
    {
        var free = TestProblems.RandomWithTimeWindows(30, 6, 40, seed);
        var first = RouteSolver.Solve(free, TestProblems.Iterations(seed, 200), TestContext.Current.CancellationToken);
        var kept = first.Routes[0];
        // Lock a route of a first plan, then re-plan with another seed: the locked one must come back as it was.
        var fixedRoute = new FixedRoute(kept.VehicleId, [.. kept.Visits.Select(v => v.StopId)]);
        var problem = new RoutingProblem(free.Depot, free.Stops, free.Vehicles, TravelModel.Euclidean(), [fixedRoute]);

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(seed + 1, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        var route = plan.Routes.Single(r => r.VehicleId == kept.VehicleId);
        Assert.Equal(fixedRoute.StopIds, route.Visits.Select(v => v.StopId));
        Assert.Equal(kept.Distance, route.Distance, 9);
        Assert.Empty(plan.Unserved);
    }

    [Fact]
    public void Solve_FixedRouteInAnOrderTheSolverWouldNotPick_KeptAsGiven()
    {
        var stops = new[] { new Stop("a", new Location(1, 0)), new Stop("b", new Location(10, 0)), new Stop("c", new Location(2, 0)) };
        FixedRoute zigzag = new("v0", ["b", "a", "c"]);
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("v0", 10), new Vehicle("v1", 10)], TravelModel.Euclidean(), [zigzag]);

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);
        var constructed = RouteSolver.Construct(problem);

        TestProblems.AssertFeasible(problem, plan);
        TestProblems.AssertFeasible(problem, constructed);
        Assert.Equal(["b", "a", "c"], plan.Routes.Single(r => r.VehicleId == "v0").Visits.Select(v => v.StopId));
        Assert.DoesNotContain(plan.Routes, r => r.VehicleId == "v1");
    }

    [Fact]
    public void Solve_EveryVehicleFixed_OtherStopsUnservedFleetExhausted()
    {
        var stops = new[] { new Stop("a", new Location(1, 0)), new Stop("b", new Location(5, 0)) };
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("v0", 10)], TravelModel.Euclidean(), [new FixedRoute("v0", ["a"])]);

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        var unserved = Assert.Single(plan.Unserved);
        Assert.Equal(("b", UnservedReason.FleetExhausted), (unserved.StopId, unserved.Reason));
    }

    [Fact]
    public void Solve_PinnedToAFixedRouteItIsNotOn_UnservedNoVehicleCanServe()
    {
        var stops = new[] { new Stop("a", new Location(1, 0)), new Stop("b", new Location(5, 0), AllowedVehicles: ["v0"]) };
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("v0", 10), new Vehicle("v1", 10)], TravelModel.Euclidean(), [new FixedRoute("v0", ["a"])]);

        var plan = RouteSolver.Solve(problem, TestProblems.Iterations(1, 200), TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, plan);
        Assert.Equal(("b", UnservedReason.NoVehicleCanServe), (plan.Unserved.Single().StopId, plan.Unserved.Single().Reason));
    }

    [Fact]
    public void Check_StopOnVehicleItDoesNotAllowOrFixedRouteChanged_Reported()
    {
        var stops = new[] { new Stop("a", new Location(1, 0), AllowedVehicles: ["v1"]), new Stop("b", new Location(2, 0)) };
        var problem = new RoutingProblem(new Location(0, 0), stops, [new Vehicle("v0", 10), new Vehicle("v1", 10)], TravelModel.Euclidean(), [new FixedRoute("v1", ["b"])]);
        var wrong = new RoutingProblem(new Location(0, 0), [stops[0] with { AllowedVehicles = null }, stops[1]], problem.Vehicles, TravelModel.Euclidean());
        var plan = RouteSolver.Construct(wrong); // a and b on one vehicle, which breaks both rules

        var kinds = PlanChecker.Check(problem, plan).Select(v => v.Kind).ToList();

        Assert.Contains(ViolationKind.FixedRouteChanged, kinds);
        Assert.Contains(ViolationKind.VehicleNotAllowed, kinds);
    }

    [Fact]
    public void Constructor_BadPinsOrFixedRoutes_NameTheField()
    {
        var stops = new[] { new Stop("a", new Location(1, 0)), new Stop("b", new Location(2, 0), AllowedVehicles: ["v1"]) };
        Vehicle[] fleet = [new Vehicle("v0", 10), new Vehicle("v1", 10)];
        var euclid = TravelModel.Euclidean();

        Assert.Equal("stops[0].AllowedVehicles", Assert.Throws<ArgumentException>(() => new RoutingProblem(default, [stops[0] with { AllowedVehicles = ["nope"] }], fleet, euclid)).ParamName);
        Assert.Equal("fixedRoutes[0].VehicleId", Assert.Throws<ArgumentException>(() => new RoutingProblem(default, stops, fleet, euclid, [new FixedRoute("nope", ["a"])])).ParamName);
        Assert.Equal("fixedRoutes[1].VehicleId", Assert.Throws<ArgumentException>(() => new RoutingProblem(default, stops, fleet, euclid, [new FixedRoute("v0", ["a"]), new FixedRoute("v0", [])])).ParamName);
        Assert.Equal("fixedRoutes[0].StopIds", Assert.Throws<ArgumentException>(() => new RoutingProblem(default, stops, fleet, euclid, [new FixedRoute("v0", ["zz"])])).ParamName);
        Assert.Equal("fixedRoutes[1].StopIds", Assert.Throws<ArgumentException>(() => new RoutingProblem(default, stops, fleet, euclid, [new FixedRoute("v0", ["a"]), new FixedRoute("v1", ["a"])])).ParamName);
        Assert.Equal("fixedRoutes[0].StopIds", Assert.Throws<ArgumentException>(() => new RoutingProblem(default, stops, fleet, euclid, [new FixedRoute("v0", ["b"])])).ParamName);
    }

    [Fact]
    public void Solve_PinsAndFixedRoutes_SameSeedSamePlan()
    {
        var baseProblem = TestProblems.RandomWithTimeWindows(30, 6, 40, 9);
        var stops = baseProblem.Stops.Select((s, i) => i % 4 == 0 ? s with { AllowedVehicles = ["v2", "v3"] } : s).ToList();
        var problem = new RoutingProblem(baseProblem.Depot, stops, baseProblem.Vehicles, TravelModel.Euclidean(), [new FixedRoute("v0", ["s1", "s2"])]);
        // Runs part ways within a few iterations if anything depends on more than the seed; 60 show it as well as 200.
        var options = new SolverOptions { Seed = 3, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 60 };

        var a = RouteSolver.Solve(problem, options, TestContext.Current.CancellationToken);
        var b = RouteSolver.Solve(problem, options, TestContext.Current.CancellationToken);

        TestProblems.AssertFeasible(problem, a);
        Assert.Equal(TestProblems.Describe(a), TestProblems.Describe(b));
    }
}
