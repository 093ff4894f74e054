namespace Wms.Server.Planning;

public enum ForecastMethod
{
    /// <summary>Croston (1972): smooths the size of non-zero demands and the interval between them separately.</summary>
    Croston = 1,

    /// <summary>Syntetos–Boylan approximation (2005): Croston's estimate × (1 − α/2), removing its upward bias.</summary>
    Sba = 2,

    /// <summary>Simple exponential smoothing: level only.</summary>
    Ses = 3,

    /// <summary>Holt–Winters, additive: level, trend and a 7-day (weekly) season.</summary>
    HoltWinters = 4,
}

/// <summary>A forecast of daily demand with the error it showed on the held-out weeks it was chosen by.</summary>
public readonly record struct Forecast(ForecastMethod Method, double DailyMean, double DailySigma, double Mae, double Mase, double[] Next);

/// <summary>
/// Forecasts of daily demand for one SKU and warehouse. Intermittent demand (average interval between demands
/// above 1.32 days) is forecast by Croston or SBA, regular demand by simple exponential smoothing or
/// Holt–Winters with trend and a weekly season. Within the family each method is fitted on all but the last
/// <see cref="HoldoutDays"/> days and the one with the lowest squared error on them wins (squared error,
/// because absolute error rewards forecasting zero for intermittent demand, whose median is zero); it is then
/// refitted on the whole history. Reported with it: the holdout MAE, and MASE (MAE over the in-sample MAE of
/// the weekly naive forecast, so 1.0 means "no better than the same day last week"). Pure and deterministic.
/// </summary>
public static class Forecasting
{
    public const int Season = 7;
    public const int HoldoutDays = 28;

    private const double Alpha = 0.1;
    private const double Beta = 0.02;
    private const double Gamma = 0.1;

    public static readonly ForecastMethod[] Methods = [ForecastMethod.Croston, ForecastMethod.Sba, ForecastMethod.Ses, ForecastMethod.HoltWinters];

    /// <summary>Average demand interval above 1.32 days marks demand as intermittent (Syntetos, Boylan &amp; Croston 2005).</summary>
    public static bool IsIntermittent(ReadOnlySpan<double> demand)
    {
        var nonZero = 0;
        foreach (var d in demand)
        {
            nonZero += d > 0 ? 1 : 0;
        }

        return nonZero == 0 || (double)demand.Length / nonZero > 1.32;
    }

    /// <summary>The best method by holdout MAE, refitted on all of <paramref name="demand"/>, forecasting <paramref name="horizon"/> days.</summary>
    public static Forecast Best(double[] demand, int horizon)
    {
        if (demand.Length < HoldoutDays + 2 * Season)
        {
            // Too little history to hold any out: the mean of what there is, with its spread.
            var mean = demand.Length == 0 ? 0 : demand.Average();
            return new Forecast(ForecastMethod.Ses, mean, StdDev(demand), double.NaN, double.NaN, Enumerable.Repeat(mean, horizon).ToArray());
        }

        var train = demand[..^HoldoutDays];
        var test = demand[^HoldoutDays..];
        var scale = NaiveScale(train);
        ForecastMethod[] family = IsIntermittent(train) ? [ForecastMethod.Croston, ForecastMethod.Sba] : [ForecastMethod.Ses, ForecastMethod.HoltWinters];
        var best = family[0];
        var bestSquared = double.MaxValue;
        var bestMae = double.NaN;
        foreach (var method in family)
        {
            var next = Fit(method, train, HoldoutDays).Next;
            var squared = MeanSquaredError(next, test);
            if (squared < bestSquared - 1e-12)
            {
                (best, bestSquared, bestMae) = (method, squared, MeanAbsoluteError(next, test));
            }
        }

        var fit = Fit(best, demand, horizon);
        return new Forecast(best, fit.Next.Average(), fit.Sigma, bestMae, scale > 0 ? bestMae / scale : double.NaN, fit.Next);
    }

    /// <summary>One method fitted on <paramref name="history"/>: its next <paramref name="horizon"/> days and the spread of its one-step errors.</summary>
    public static (double[] Next, double Sigma) Fit(ForecastMethod method, double[] history, int horizon) => method switch
    {
        ForecastMethod.Croston => CrostonFit(history, horizon, sba: false),
        ForecastMethod.Sba => CrostonFit(history, horizon, sba: true),
        ForecastMethod.Ses => SesFit(history, horizon),
        ForecastMethod.HoltWinters => HoltWintersFit(history, horizon),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static (double[], double) CrostonFit(double[] y, int horizon, bool sba)
    {
        var first = Array.FindIndex(y, d => d > 0);
        if (first < 0)
        {
            return (new double[horizon], 0);
        }

        double size = y[first], interval = first + 1, sinceLast = 0, errors = 0;
        var count = 0;
        var factor = sba ? 1 - Alpha / 2 : 1;
        for (var t = first + 1; t < y.Length; t++)
        {
            var rate = factor * size / interval;
            errors += (y[t] - rate) * (y[t] - rate);
            count++;
            sinceLast++;
            if (y[t] > 0)
            {
                size += Alpha * (y[t] - size);
                interval += Alpha * (sinceLast - interval);
                sinceLast = 0;
            }
        }

        var forecast = factor * size / interval;
        return (Enumerable.Repeat(forecast, horizon).ToArray(), count > 0 ? Math.Sqrt(errors / count) : 0);
    }

    private static (double[], double) SesFit(double[] y, int horizon)
    {
        double level = y[0], errors = 0;
        for (var t = 1; t < y.Length; t++)
        {
            errors += (y[t] - level) * (y[t] - level);
            level += Alpha * (y[t] - level);
        }

        return (Enumerable.Repeat(Math.Max(0, level), horizon).ToArray(), Math.Sqrt(errors / Math.Max(1, y.Length - 1)));
    }

    /// <summary>Additive Holt–Winters; the first two weeks set the initial level, trend and seasonal indices.</summary>
    private static (double[], double) HoltWintersFit(double[] y, int horizon)
    {
        double firstWeek = 0, secondWeek = 0;
        for (var i = 0; i < Season; i++)
        {
            firstWeek += y[i] / Season;
            secondWeek += y[Season + i] / Season;
        }

        var level = firstWeek;
        var trend = (secondWeek - firstWeek) / Season;
        var season = new double[Season];
        for (var i = 0; i < Season; i++)
        {
            season[i] = y[i] - firstWeek;
        }

        double errors = 0;
        var count = 0;
        for (var t = Season; t < y.Length; t++)
        {
            var s = season[t % Season];
            var predicted = level + trend + s;
            errors += (y[t] - predicted) * (y[t] - predicted);
            count++;
            var previous = level;
            level = Alpha * (y[t] - s) + (1 - Alpha) * (level + trend);
            trend = Beta * (level - previous) + (1 - Beta) * trend;
            season[t % Season] = Gamma * (y[t] - level) + (1 - Gamma) * s;
        }

        var next = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            next[h - 1] = Math.Max(0, level + h * trend + season[(y.Length + h - 1) % Season]);
        }

        return (next, Math.Sqrt(errors / Math.Max(1, count)));
    }

    public static double MeanSquaredError(double[] forecast, double[] actual)
    {
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += (forecast[i] - actual[i]) * (forecast[i] - actual[i]);
        }

        return sum / actual.Length;
    }

    public static double MeanAbsoluteError(double[] forecast, double[] actual)
    {
        double sum = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            sum += Math.Abs(forecast[i] - actual[i]);
        }

        return sum / actual.Length;
    }

    /// <summary>In-sample MAE of the seasonal naive forecast (same day last week): the MASE denominator (Hyndman &amp; Koehler 2006).</summary>
    public static double NaiveScale(double[] y)
    {
        double sum = 0;
        for (var t = Season; t < y.Length; t++)
        {
            sum += Math.Abs(y[t] - y[t - Season]);
        }

        return y.Length > Season ? sum / (y.Length - Season) : 0;
    }

    public static double StdDev(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2)
        {
            return 0;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
