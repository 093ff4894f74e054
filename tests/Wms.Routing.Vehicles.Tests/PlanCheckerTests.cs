namespace Wms.Routing.Vehicles.Tests;

public sealed class PlanCheckerTests
{
    // Depot at 0; stops on a line at x = 10 and x = 20; travel time = distance.
    private static RoutingProblem Line(Vehicle? vehicle = null, double due = double.PositiveInfinity) => new(
        new Location(0, 0),
        [new Stop("a", new Location(10, 0), Weight: 5, Volume: 2, ServiceTime: 1, DueTime: due), new Stop("b", new Location(20, 0), Weight: 5, Volume: 2, ServiceTime: 1)],
        [vehicle ?? new Vehicle("v", 10, VolumeCapacity: 10), new Vehicle("w", 10)],
        TravelModel.Euclidean());

    private static RoutePlan PlanFor(RoutingProblem problem, params int[] order)
    {
        // Build honest figures for the given order on vehicle 0, so only the constraint under test breaks.
        var v = problem.Vehicles[0];
        double t = v.ShiftStart;
        double dist = 0;
        int prev = 0;
        var visits = new List<RouteVisit>();
        foreach (int s in order)
        {
            var stop = problem.Stops[s];
            dist += problem.Distance(prev, s + 1);
            t += problem.TravelTime(prev, s + 1);
            double start = Math.Max(t, stop.ReadyTime);
            visits.Add(new RouteVisit(s, stop.Id, t, start, start + stop.ServiceTime));
            t = start + stop.ServiceTime;
            prev = s + 1;
        }

        dist += problem.Distance(prev, 0);
        t += problem.TravelTime(prev, 0);
        double w = order.Sum(s => problem.Stops[s].Weight);
        double vol = order.Sum(s => problem.Stops[s].Volume);
        var route = new VehicleRoute(0, v.Id, visits, v.ShiftStart, t, w, vol, dist, dist + v.FixedCost);
        var unserved = Enumerable.Range(0, problem.Stops.Count).Except(order)
            .Select(s => new UnservedStop(s, problem.Stops[s].Id, UnservedReason.FleetExhausted, 0)).ToList();
        return new RoutePlan([route], unserved, dist + v.FixedCost, dist, dist, v.FixedCost, 0);
    }

    private static IEnumerable<ViolationKind> Kinds(RoutingProblem p, RoutePlan plan) => PlanChecker.Check(p, plan).Select(v => v.Kind);

    [Fact]
    public void Check_ValidPlan_NoViolations()
    {
        var p = Line();
        Assert.Empty(PlanChecker.Check(p, PlanFor(p, 0, 1)));
    }

    [Fact]
    public void Check_WeightOverCapacity_ReportsWeightCapacity()
    {
        var p = Line(new Vehicle("v", 9));
        Assert.Contains(ViolationKind.WeightCapacity, Kinds(p, PlanFor(p, 0, 1)));
    }

    [Fact]
    public void Check_VolumeOverCapacity_ReportsVolumeCapacity()
    {
        var p = Line(new Vehicle("v", 100, VolumeCapacity: 3));
        Assert.Contains(ViolationKind.VolumeCapacity, Kinds(p, PlanFor(p, 0, 1)));
    }

    [Fact]
    public void Check_LateArrival_ReportsTimeWindow()
    {
        var p = Line(due: 15);
        Assert.Contains(ViolationKind.TimeWindow, Kinds(p, PlanFor(p, 1, 0)));
    }

    [Fact]
    public void Check_ReturnAfterShift_ReportsShiftEnd()
    {
        var p = Line(new Vehicle("v", 100, ShiftEnd: 30));
        Assert.Contains(ViolationKind.ShiftEnd, Kinds(p, PlanFor(p, 0, 1)));
    }

    [Fact]
    public void Check_StartBeforeShift_ReportsShiftStart()
    {
        var p = Line(new Vehicle("v", 100, ShiftStart: 10));
        var plan = PlanFor(p, 0, 1);
        var early = plan with { Routes = [plan.Routes[0] with { StartTime = 0 }] };
        Assert.Contains(ViolationKind.ShiftStart, Kinds(p, early));
    }

    [Fact]
    public void Check_RouteTooLong_ReportsMaxRouteDuration()
    {
        var p = Line(new Vehicle("v", 100, MaxRouteDuration: 30));
        Assert.Contains(ViolationKind.MaxRouteDuration, Kinds(p, PlanFor(p, 0, 1)));
    }

    [Fact]
    public void Check_StopTwice_ReportsStopVisitedTwice()
    {
        var p = Line();
        Assert.Contains(ViolationKind.StopVisitedTwice, Kinds(p, PlanFor(p, 0, 1, 0)));
    }

    [Fact]
    public void Check_StopSilentlyDropped_ReportsStopMissing()
    {
        var p = Line();
        var plan = PlanFor(p, 0);
        Assert.Contains(ViolationKind.StopMissing, Kinds(p, plan with { Unserved = [] }));
    }

    [Fact]
    public void Check_UnknownStopOrVehicle_ReportsBoth()
    {
        var p = Line();
        var plan = PlanFor(p, 0, 1);
        var route = plan.Routes[0];
        var bad = plan with
        {
            Routes = [route with { Visits = [.. route.Visits, new RouteVisit(7, "x", 0, 0, 0)] }, route with { VehicleIndex = 5 }],
        };
        var kinds = Kinds(p, bad).ToList();
        Assert.Contains(ViolationKind.UnknownStop, kinds);
        Assert.Contains(ViolationKind.UnknownVehicle, kinds);
    }

    [Fact]
    public void Check_SameVehicleTwice_ReportsVehicleUsedTwice()
    {
        var p = Line();
        var one = PlanFor(p, 0);
        var two = PlanFor(p, 1);
        var plan = new RoutePlan([one.Routes[0], two.Routes[0]], [], one.TotalCost + two.TotalCost, one.TotalDistance + two.TotalDistance,
            one.TravelCost + two.TravelCost, 0, 0);
        Assert.Contains(ViolationKind.VehicleUsedTwice, Kinds(p, plan));
    }

    [Fact]
    public void Check_WrongReportedCost_ReportsInconsistentFigures()
    {
        var p = Line();
        var plan = PlanFor(p, 0, 1);
        Assert.Contains(ViolationKind.InconsistentFigures, Kinds(p, plan with { TotalCost = plan.TotalCost - 1 }));
    }
}
