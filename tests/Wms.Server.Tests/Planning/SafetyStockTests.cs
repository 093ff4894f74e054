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
