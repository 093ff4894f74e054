using System.Globalization;

namespace Wms.Server.Common;

/// <summary>Minutes of the day as the API writes them ("07:30"): delivery windows, shifts, ETAs. <see cref="Require.Clock"/> reads them.</summary>
public static class ClockTime
{
    public static string Format(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
}
