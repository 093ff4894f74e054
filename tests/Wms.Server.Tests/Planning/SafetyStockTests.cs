using Wms.Server.Planning;
using Xunit;

namespace Wms.Server.Tests.Planning;

public sealed class SafetyStockTests
{
    [Theory]
    [InlineData(0.90, 1.2816)]
    [InlineData(0.95, 1.6449)]
    [InlineData(0.99, 2.3263)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.01, -2.3263)]
    public void Z_ServiceLevel_StandardNormalQuantile(double level, double z) => Assert.Equal(z, SafetyStock.Z(level), 4);

    /// <summary>
    /// By hand: d = 10/day, σd = 4, L = 9 days, σL = 2 days, 95 %, review 7 days.
    /// σLT = √(9·4² + 10²·2²) = √(144 + 400) = √544 = 23.3238; SS = 1.6449 × 23.3238 = 38.3648;
    /// ROP = 10 × 9 + 38.3648 = 128.3648; order-up-to = 128.3648 + 10 × 7 = 198.3648.
    /// </summary>
    [Fact]
    public void Compute_HandWorkedExample_MatchesToTheHundredth()
    {
        var levels = SafetyStock.Compute(dailyMean: 10, dailySigma: 4, leadTimeDays: 9, leadTimeSigmaDays: 2, serviceLevel: 0.95, reviewDays: 7);

        Assert.Equal(23.3238, levels.SigmaLeadTime, 4);
        Assert.Equal(38.36, levels.SafetyStock, 2);
        Assert.Equal(128.36, levels.ReorderPoint, 2);
        Assert.Equal(198.36, levels.OrderUpTo, 2);
    }

    [Fact]
    public void Compute_FixedLeadTime_IsTheTextbookZSigmaRootL()
    {
        // σL = 0: SS = z·σd·√L = 1.6449 × 4 × 3 = 19.74.
        Assert.Equal(19.74, SafetyStock.Compute(10, 4, 9, 0, 0.95, 0).SafetyStock, 2);
    }

    /// <summary>
    /// Picks of 1, 2 or 3 units a day, equally often: E[Z] = 2, E[Z²] = 14/3, E[Z³] = 12. Seen once a day, the position is
    /// first at or below the reorder point by U with P(U = u) = P(Z &gt; u) / E[Z]: 1/2, 1/3, 1/6 for 0, 1, 2, so E[U] = 2/3 and
    /// Var U = 1 − 4/9 = 5/9. Steady 12 a day: U is 0-11 equally often (5.5, (12² − 1) / 12). Single units: none.
    /// </summary>
    [Fact]
    public void Undershoot_HandWorkedSizes_MeanAndVarianceOfTheOvershootPastTheReorderPoint()
    {
        var small = SafetyStock.Undershoot([1, 0, 2, 3, 0, 0, 3, 2, 1]);
        var steady = SafetyStock.Undershoot(Enumerable.Repeat(12.0, 30).ToArray());
        var units = SafetyStock.Undershoot([1, 0, 1, 1, 0]);

        Assert.Equal(2 / 3.0, small.Mean, 10);
        Assert.Equal(5 / 9.0, small.Variance, 10);
        Assert.Equal(5.5, steady.Mean, 10);
        Assert.Equal(143 / 12.0, steady.Variance, 10);
        Assert.Equal(SafetyStock.UndershootMoments.None, units);
        Assert.Equal(SafetyStock.UndershootMoments.None, SafetyStock.Undershoot([0, 0, 0]));
    }

    /// <summary>
    /// The hand-worked example above with that undershoot: SS = 2/3 + 1.6449 × √(544 + 5/9) = 39.05, ROP = 90 + 39.05 = 129.05;
    /// the safety stock carries the allowance, so ROP = d·L + SS still holds.
    /// </summary>
    [Fact]
    public void Compute_WithUndershoot_AllowanceAddedAndItsSpreadJoinsTheLeadTimeSpread()
    {
        var levels = SafetyStock.Compute(10, 4, 9, 2, 0.95, 7, new SafetyStock.UndershootMoments(2 / 3.0, 5 / 9.0));

        Assert.Equal(23.3238, levels.SigmaLeadTime, 4);
        Assert.Equal(39.05, levels.SafetyStock, 2);
        Assert.Equal(129.05, levels.ReorderPoint, 2);
        Assert.Equal(199.05, levels.OrderUpTo, 2);
        Assert.Equal(2 / 3.0, levels.Undershoot, 10);
    }

    [Fact]
    public void FaceLevels_HandWorkedExample_MinCoversTheFaceLeadTimeMaxAddsCover()
    {
        // d = 12, σd = 5, z = 1.6449, face lead 1 day, cover 2 days: min = ⌈12 + 1.6449·5⌉ = ⌈20.22⌉ = 21; max = ⌈21 + 24⌉ = 45.
        var (min, max) = Planner.FaceLevels(12, 5, SafetyStock.Z(0.95), new PlanningOptions { FaceLeadTimeDays = 1, FaceCoverDays = 2 });

        Assert.Equal((21L, 45L), (min, max));
    }

    [Fact]
    public void Z_OutsideZeroToOne_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SafetyStock.Z(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SafetyStock.Z(0));
    }
}
