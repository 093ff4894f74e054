namespace Wms.Routing.Vehicles.Tests;

public sealed class RoutingProblemTests
{
    private static readonly Vehicle Truck = new("t", 10);

    private static RoutingProblem Make(Stop stop, Vehicle? vehicle = null) =>
        new(new Location(0, 0), [stop], [vehicle ?? Truck], TravelModel.Euclidean());

    [Theory]
    [InlineData(-1, 0, 0, 0, 10, "stops[0].Weight")]
    [InlineData(1, -2, 0, 0, 10, "stops[0].Volume")]
    [InlineData(1, 0, -5, 0, 10, "stops[0].ServiceTime")]
    [InlineData(1, 0, 0, 20, 10, "stops[0].DueTime")]
    [InlineData(double.NaN, 0, 0, 0, 10, "stops[0].Weight")]
    public void Constructor_BadStopField_ThrowsNamingField(double weight, double volume, double service, double ready, double due, string field)
    {
        var ex = Assert.Throws<ArgumentException>(() => Make(new Stop("s", new Location(1, 1), weight, volume, service, ready, due)));
        Assert.Equal(field, ex.ParamName);
    }

    [Fact]
    public void Constructor_BadVehicleFields_ThrowsNamingField()
    {
        var stop = new Stop("s", new Location(1, 1));
        Assert.Equal("vehicles[0].WeightCapacity", Assert.Throws<ArgumentException>(() => Make(stop, Truck with { WeightCapacity = -1 })).ParamName);
        Assert.Equal("vehicles[0].ShiftEnd", Assert.Throws<ArgumentException>(() => Make(stop, Truck with { ShiftStart = 10, ShiftEnd = 5 })).ParamName);
        Assert.Equal("vehicles[0].MaxRouteDuration", Assert.Throws<ArgumentException>(() => Make(stop, Truck with { MaxRouteDuration = 0 })).ParamName);
        Assert.Equal("vehicles[0].CostPerDistance", Assert.Throws<ArgumentException>(() => Make(stop, Truck with { CostPerDistance = double.NaN })).ParamName);
        Assert.Equal("vehicles[0].Id", Assert.Throws<ArgumentException>(() => Make(stop, Truck with { Id = " " })).ParamName);
    }

    [Fact]
    public void Constructor_DuplicateStopIdOrNoVehicles_Throws()
    {
        var s = new Stop("s", new Location(1, 1));
        Assert.Equal("stops[1].Id", Assert.Throws<ArgumentException>(() =>
            new RoutingProblem(new Location(0, 0), [s, s], [Truck], TravelModel.Euclidean())).ParamName);
        Assert.Equal("vehicles", Assert.Throws<ArgumentException>(() =>
            new RoutingProblem(new Location(0, 0), [s], [], TravelModel.Euclidean())).ParamName);
    }

    [Fact]
    public void Constructor_BadLatitudeOrMatrixSize_Throws()
    {
        var s = new Stop("s", Location.FromLatitudeLongitude(95, 10));
        Assert.Equal("stops[0].Location", Assert.Throws<ArgumentException>(() =>
            new RoutingProblem(new Location(0, 0), [s], [Truck], TravelModel.Haversine(50))).ParamName);
        Assert.Equal("distance", Assert.Throws<ArgumentException>(() =>
            new RoutingProblem(default, [new Stop("s", default)], [Truck], TravelModel.FromMatrices(new double[3, 3], new double[2, 2]))).ParamName);
        Assert.Throws<ArgumentException>(() => TravelModel.Haversine(0));
    }

    [Fact]
    public void Constructor_InputListChangedAfterwards_ProblemUnchanged()
    {
        var stops = new List<Stop> { new("s", new Location(3, 4)) };
        var problem = new RoutingProblem(new Location(0, 0), stops, [Truck], TravelModel.Euclidean());
        stops.Add(new Stop("t", new Location(1, 1)));
        Assert.Single(problem.Stops);
        Assert.Equal(5, problem.Distance(0, 1), 9);
    }

    [Fact]
    public void HaversineKm_ParisToLondon_About344Km()
    {
        var paris = Location.FromLatitudeLongitude(48.8566, 2.3522);
        var london = Location.FromLatitudeLongitude(51.5074, -0.1278);
        Assert.InRange(TravelModel.HaversineKm(paris, london), 340, 348);
        Assert.Equal(0, TravelModel.HaversineKm(paris, paris), 9);
    }

    [Fact]
    public void Haversine_OneDegreeOfLatitudeAt60KmPerHour_About111KmAndTimeInSeconds()
    {
        var problem = new RoutingProblem(Location.FromLatitudeLongitude(0, 0), [new Stop("s", Location.FromLatitudeLongitude(1, 0))],
            [Truck], TravelModel.Haversine(60));
        Assert.InRange(problem.Distance(0, 1), 110.9, 111.4);
        Assert.Equal(problem.Distance(0, 1) * 60, problem.TravelTime(0, 1), 6);
    }

    [Fact]
    public void Euclidean_Rounded_UsesNearestInteger()
    {
        var problem = new RoutingProblem(new Location(0, 0), [new Stop("s", new Location(1, 1)), new Stop("t", new Location(2, 2))],
            [Truck], TravelModel.Euclidean(roundToNearestInteger: true));
        Assert.Equal(1, problem.Distance(0, 1));
        Assert.Equal(3, problem.Distance(0, 2));
    }
}
