using System.Globalization;

namespace Wms.Grpc.Internal;

/// <summary>The <c>grpc-timeout</c> header: at most 8 ASCII digits followed by a unit H, M, S, m, u or n.</summary>
internal static class GrpcTimeout
{
    private const int MaxDigits = 8;

    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(value) || value.Length < 2 || value.Length > MaxDigits + 1)
        {
            return false;
        }

        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * 10,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>
    /// Picks the finest unit whose amount fits in 8 digits, rounding up so that a deadline is never
    /// reported to the server as earlier than it is.
    /// </summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "1n";
        }

        const long maxAmount = 99_999_999;
        var ticks = timeout.Ticks;
        if (ticks <= maxAmount / 100)
        {
            return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "n";
        }

        foreach (var (ticksPerUnit, unit) in Units)
        {
            var amount = CeilDiv(ticks, ticksPerUnit);
            if (amount <= maxAmount)
            {
                return amount.ToString(CultureInfo.InvariantCulture) + unit;
            }
        }

        return maxAmount.ToString(CultureInfo.InvariantCulture) + "H";
    }

    private static readonly (long TicksPerUnit, char Unit)[] Units =
    [
        (10, 'u'),
        (TimeSpan.TicksPerMillisecond, 'm'),
        (TimeSpan.TicksPerSecond, 'S'),
        (TimeSpan.TicksPerMinute, 'M'),
        (TimeSpan.TicksPerHour, 'H'),
    ];

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
