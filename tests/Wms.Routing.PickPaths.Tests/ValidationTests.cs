using System.Collections.Immutable;

namespace Wms.Routing.PickPaths.Tests;

public sealed class ValidationTests
{
    [Theory]
    [InlineData(0, 10, 3, 3, 1, 0, "aisleCount")]
    [InlineData(10_001, 10, 3, 3, 1, 0, "aisleCount")]
    [InlineData(4, 10, 3, 3, 101, 0, "blockCount")]
    [InlineData(4, 10, 3, 3, int.MaxValue, 0, "blockCount")]
    [InlineData(4, 0, 3, 3, 1, 0, "blockLengths")]
    [InlineData(4, double.NaN, 3, 3, 1, 0, "blockLengths")]
    [InlineData(4, 10, 0, 3, 1, 0, "aisleSpacing")]
    [InlineData(4, 10, 3, -1, 1, 0, "crossAisleWidth")]
    [InlineData(4, 10, 3, 3, 0, 0, "blockCount")]
    [InlineData(4, 10, 3, 3, 1, 4, "depotAisle")]
    [InlineData(4, 10, 3, 3, 1, -1, "depotAisle")]
    public void WarehouseLayout_BadField_ThrowsNamingIt(int aisles, double length, double spacing, double width, int blocks, int depot, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new WarehouseLayout(aisles, length, spacing, width, blocks, depot));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void WarehouseLayout_DefaultBlockLengths_ThrowsNamingBlockCount()
    {
        var error = Assert.Throws<ArgumentException>(() => new WarehouseLayout(3, default(ImmutableArray<double>), 3, 3));

        Assert.Equal("blockCount", error.ParamName);
    }

    [Theory]
    [InlineData(-1, 0, "aisle")]
    [InlineData(0, -0.5, "position")]
    [InlineData(0, double.PositiveInfinity, "position")]
    public void PickLocation_BadField_ThrowsNamingIt(int aisle, double position, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new PickLocation(aisle, position));

        Assert.Equal(field, error.ParamName);
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(1, 10.5)]
    [InlineData(1, 11.5)]
    [InlineData(1, 23.5)]
    public void Plan_PickOffRacking_ThrowsNamingThePick(int aisle, double position)
    {
        // Two blocks of 10 m with a 2 m cross aisle between them: racking at 0..10 and 12..22.
        var planner = new PickPathPlanner(new WarehouseLayout(5, 10, 3, 2, blockCount: 2));
        PickLocation[] picks = [new(0, 1), new(aisle, position)];

        var error = Assert.Throws<ArgumentException>(() =>
            planner.Plan(picks, PickPathMethod.SShape, PickPathOptions.Default, TestContext.Current.CancellationToken));

        Assert.Equal("picks[1]", error.ParamName);
    }

    [Fact]
    public void Plan_MorePicksThanTheCap_ThrowsNamingPicks()
    {
        var planner = new PickPathPlanner(new WarehouseLayout(5, 10, 3, 2));
        var picks = Enumerable.Repeat(new PickLocation(1, 1), PickPathPlanner.MaxPicks + 1).ToArray();

        var error = Assert.Throws<ArgumentException>(() =>
            planner.Plan(picks, PickPathMethod.SShape, PickPathOptions.Default, TestContext.Current.CancellationToken));

        Assert.Equal("picks", error.ParamName);
    }

    [Fact]
    public void Plan_DefaultOptions_ThrowsNamingOptions()
    {
        var planner = new PickPathPlanner(new WarehouseLayout(5, 10, 3, 2));

        var error = Assert.Throws<ArgumentException>(() =>
            planner.Plan([new PickLocation(0, 1)], PickPathMethod.Optimal, default, TestContext.Current.CancellationToken));

        Assert.Equal("options", error.ParamName);
    }

    [Theory]
    [InlineData(0, "timeBudget")]
    [InlineData(-1, "timeBudget")]
    public void PickPathOptions_NonPositiveBudget_ThrowsNamingIt(int seconds, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new PickPathOptions(1, TimeSpan.FromSeconds(seconds)));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void PickPathOptions_NegativeIterations_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new PickPathOptions(1, TimeSpan.FromSeconds(1), -1));

        Assert.Equal("maxIterations", error.ParamName);
    }

    [Fact]
    public void MeasureDistance_IndexOutsidePickList_ThrowsNamingSequence()
    {
        var planner = new PickPathPlanner(new WarehouseLayout(5, 10, 3, 2));

        var error = Assert.Throws<ArgumentException>(() => planner.MeasureDistance([new PickLocation(0, 1)], [0, 1]));

        Assert.Equal("sequence", error.ParamName);
    }

    [Fact]
    public void WarehouseLayout_SameValues_Equal()
    {
        Assert.Equal(new WarehouseLayout(5, 10, 3, 2, 2), new WarehouseLayout(5, [10.0, 10.0], 3, 2));
        Assert.NotEqual(new WarehouseLayout(5, 10, 3, 2, 2), new WarehouseLayout(5, [10.0, 11.0], 3, 2));
    }
}
