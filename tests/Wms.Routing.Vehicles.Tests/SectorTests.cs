using Wms.Routing.Vehicles.Internal;

namespace Wms.Routing.Vehicles.Tests;

/// <summary>The polar sectors SWAP* pairs routes by (identical vehicles): arcs that wrap around the circle.</summary>
public sealed class SectorTests
{
    private const int Quarter = Sector.Turn / 4;

    [Fact]
    public void AngleOf_FourDirections_QuarterTurnsCounterClockwise()
    {
        var depot = new Location(10, 10);
        Assert.Equal(0, Sector.AngleOf(depot, new Location(20, 10)));
        Assert.Equal(Quarter, Sector.AngleOf(depot, new Location(10, 20)));
        Assert.Equal(2 * Quarter, Sector.AngleOf(depot, new Location(0, 10)));
        Assert.Equal(3 * Quarter, Sector.AngleOf(depot, new Location(10, 0)));
    }

    [Fact]
    public void AngleOf_JustBelowTheAxis_TruncatesTowardsZeroAsHgsCvrp()
    {
        // A hundredth of a unit clockwise, then 10.43 units: HGS-CVRP's conversion to int gives 0 and -10, where rounding
        // down would give -1 and -11 (the last unit of the turn, and the eleventh from the end).
        var depot = new Location(0, 0);
        Assert.Equal(0, Sector.AngleOf(depot, new Location(1_000_000, -1)));
        Assert.Equal(Sector.Turn - 10, Sector.AngleOf(depot, new Location(1_000, -1)));
    }

    [Fact]
    public void Extend_AcrossZero_TakesTheShorterArc()
    {
        // Stops just below and just above the positive x axis: the arc crosses angle 0, it does not go the long way round.
        var sector = Sector.Of(Sector.Turn - 100);
        sector.Extend(200);
        Assert.Equal(Sector.Turn - 100, sector.Start);
        Assert.Equal(300, sector.Width);

        sector.Extend(Sector.Turn - 50);
        Assert.Equal(300, sector.Width);
    }

    [Fact]
    public void Extend_BeforeStart_MovesTheStart()
    {
        var sector = Sector.Of(Quarter);
        sector.Extend(Quarter + 10);
        sector.Extend(Quarter - 30);
        Assert.Equal(Quarter - 30, sector.Start);
        Assert.Equal(40, sector.Width);
    }

    [Fact]
    public void Overlap_WrappingArcs_DetectedBothWays()
    {
        var acrossZero = Sector.Of(Sector.Turn - 100);
        acrossZero.Extend(100);
        var nearZero = Sector.Of(50);
        nearZero.Extend(150);
        var opposite = Sector.Of(2 * Quarter);
        opposite.Extend((2 * Quarter) + 500);

        Assert.True(Sector.Overlap(acrossZero, nearZero));
        Assert.True(Sector.Overlap(nearZero, acrossZero));
        Assert.False(Sector.Overlap(acrossZero, opposite));
        Assert.False(Sector.Overlap(opposite, nearZero));
    }
}
