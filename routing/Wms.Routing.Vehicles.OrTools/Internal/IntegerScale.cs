namespace Wms.Routing.Vehicles.OrTools.Internal;

/// <summary>
/// OR-Tools works in 64-bit integers. Each quantity gets a power-of-ten scale: 1 when the data are whole
/// numbers already (CVRPLIB), otherwise as many decimals as keep the largest value under a bound.
/// Quantities that limit (travel and service times, loads) are rounded up and limits rounded down, so an
/// integer plan that fits also fits in the exact arithmetic the plan checker uses.
/// </summary>
internal readonly record struct IntegerScale(double Factor)
{
    private const double Eps = 1e-9;

    public static IntegerScale For(IEnumerable<double> values, double largestScaled)
    {
        double max = 0;
        bool whole = true;
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                continue;
            }

            max = Math.Max(max, Math.Abs(v));
            whole &= Math.Abs(v - Math.Round(v)) < Eps;
        }

        if (whole && max < largestScaled)
        {
            return new IntegerScale(1);
        }

        double factor = 1;
        while (factor < 1e4 && max * factor * 10 <= largestScaled)
        {
            factor *= 10;
        }

        while (max * factor > largestScaled)
        {
            factor /= 10;
        }

        return new IntegerScale(factor);
    }

    public long Up(double value) => (long)Math.Ceiling((value * Factor) - Eps);

    public long Down(double value) => (long)Math.Floor((value * Factor) + Eps);

    public long Nearest(double value) => (long)Math.Round(value * Factor);
}
