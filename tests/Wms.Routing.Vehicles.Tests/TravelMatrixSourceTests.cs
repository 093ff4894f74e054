using Wms.Routing.Vehicles.Bench;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>The straight-line travel source: detour factor, speed profile, and the same plans as the haversine model.</summary>
public sealed class TravelMatrixSourceTests
{
    [Fact]
    public async Task GetAsync_FactorOneOneSpeed_SameMatricesAndPlanAsHaversine()
    {
        var haversine = RealisticDay.Create(25, 3, seed: 5);
        var points = RoutingProblem.NodeLocations(haversine.Depot, haversine.Stops, haversine.Vehicles);
        var matrix = await new StraightLineMatrixSource(1, RealisticDay.SpeedKmh).GetAsync(points, TestContext.Current.CancellationToken);
        var fromMatrix = new RoutingProblem(haversine.Depot, haversine.Stops, haversine.Vehicles, TravelModel.FromMatrices(matrix.Distance, matrix.Time));
        var options = new SolverOptions { Seed = 1, TimeBudget = TimeSpan.FromHours(1), MaxIterations = 200 };

        for (int i = 0; i < points.Count; i++)
        {
            for (int j = 0; j < points.Count; j++)
            {
                Assert.Equal(haversine.Distance(i, j), fromMatrix.Distance(i, j));
                Assert.Equal(haversine.TravelTime(i, j), fromMatrix.TravelTime(i, j));
            }
        }

        Assert.Equal(RouteSolver.Solve(haversine, options, TestContext.Current.CancellationToken).TotalCost,
            RouteSolver.Solve(fromMatrix, options, TestContext.Current.CancellationToken).TotalCost);
    }

    [Fact]
    public void Build_DetourAndSpeedProfile_KmScaledAndTimedBandByBand()
    {
        var source = new StraightLineMatrixSource(1.3, [new SpeedBand(2, 20), new SpeedBand(10, 50), new SpeedBand(double.PositiveInfinity, 80)]);
        var a = Location.FromLatitudeLongitude(50.0, 8.5);
        var b = Location.FromLatitudeLongitude(50.2, 8.5);

        var matrix = source.Build([a, b]);

        double km = TravelModel.HaversineKm(a, b) * 1.3;
        Assert.Equal(km, matrix.Distance[0, 1], 9);
        Assert.Equal(((2.0 / 20) + (8.0 / 50) + ((km - 10) / 80)) * 3600, matrix.Time[0, 1], 6);
        Assert.Equal(1.0 / 20 * 3600, source.Seconds(1), 9);
    }

    [Fact]
    public void Create_BadFactorOrProfile_Refused()
    {
        Assert.Equal("detourFactor", Assert.Throws<ArgumentException>(() => new StraightLineMatrixSource(0.9, 40)).ParamName);
        Assert.Equal("profile", Assert.Throws<ArgumentException>(() => new StraightLineMatrixSource(1.2, [new SpeedBand(5, 30)])).ParamName);
        Assert.Equal("profile", Assert.Throws<ArgumentException>(() => new StraightLineMatrixSource(1.2, [new SpeedBand(5, 30), new SpeedBand(3, 50), new SpeedBand(double.PositiveInfinity, 80)])).ParamName);
    }
}
