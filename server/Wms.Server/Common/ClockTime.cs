using System.Globalization;

namespace Wms.Server.Common;

/// <summary>Minutes after midnight as HH:MM (1440 is 24:00, the end of the day): delivery windows, shifts, ETAs. <see cref="Require.Clock"/> reads them.</summary>
public static class ClockTime
{
    public static string Format(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    /// <summary>A day as the API writes it (ISO 8601, "2026-12-05").</summary>
    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
