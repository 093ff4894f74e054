using Wms.Server.Planning;
using Xunit;

namespace Wms.Server.Tests.Planning;

/// <summary>Forecasts on generated demand with a known pattern, seeded, judged on the 28 days that follow.</summary>
public sealed class ForecastingTests
{
    private static readonly double[] Week = [1.3, 1.2, 1.1, 1.0, 0.9, 0.6, 0.4];

    /// <summary>Regular demand: 40/day rising 0.05/day, weekly profile, ±10 % noise.</summary>
    internal static double[] Regular(int days, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, days).Select(t => Math.Round((40 + 0.05 * t) * Week[t % 7] * (0.9 + 0.2 * random.NextDouble()))).ToArray();
    }

    /// <summary>Intermittent demand: a pick on 20 % of days, of 1-9 units (mean 5): 1 unit a day on average.</summary>
    internal static double[] Intermittent(int days, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, days).Select(_ => random.NextDouble() < 0.2 ? random.Next(1, 10) : 0.0).ToArray();
    }

    [Fact]
    public void Best_RegularWeeklyDemand_HoltWintersWithinTenPercentOfTheNextFourWeeks()
    {
        var all = Regular(365 + 28, seed: 7);
        var history = all[..365];
        var future = all[365..];

        var forecast = Forecasting.Best(history, 28);
        var mape = future.Select((actual, i) => Math.Abs(forecast.Next[i] - actual) / actual).Average();

        Assert.Equal(ForecastMethod.HoltWinters, forecast.Method);
        Assert.True(mape < 0.10, $"MAPE {mape:P1}");
        Assert.True(forecast.Mase < 1, $"MASE {forecast.Mase:0.00}: no better than last week");
    }

    [Fact]
    public void Best_IntermittentDemand_UnbiasedOnAverageAndEachWithinSixtyPercentOfTheTrueRate()
    {
        var forecasts = Enumerable.Range(1, 40).Select(seed => Forecasting.Best(Intermittent(365, seed), 14)).ToList();
        var mean = forecasts.Average(f => f.DailyMean);

        // The true rate is 1 unit a day. One series is noisy (a smoothed rate moves ±25 %); forty together show the bias.
        Assert.InRange(mean, 0.9, 1.1);
        Assert.All(forecasts, f => Assert.InRange(f.DailyMean, 0.4, 1.6));
        Assert.All(forecasts, f => Assert.NotEqual(ForecastMethod.HoltWinters, f.Method));
    }

    [Fact]
    public void IsIntermittent_AverageIntervalAboveOnePointThreeTwo()
    {
        Assert.True(Forecasting.IsIntermittent(Intermittent(200, 3)));
        Assert.False(Forecasting.IsIntermittent(Regular(200, 3)));
    }

    [Fact]
    public void Best_ShortHistory_MeanWithoutHoldoutError()
    {
        var forecast = Forecasting.Best([2, 4, 6], 7);

        Assert.Equal(4, forecast.DailyMean, 6);
        Assert.True(double.IsNaN(forecast.Mase));
    }

    [Fact]
    public void Best_SameInput_SameForecast()
    {
        var demand = Regular(200, 11);

        Assert.Equal(Forecasting.Best(demand, 14).Next, Forecasting.Best(demand, 14).Next);
    }
}
