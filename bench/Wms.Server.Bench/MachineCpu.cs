using System.Globalization;

namespace Wms.Server.Bench;

/// <summary>
/// CPU time from Linux's /proc, for what the bench does not own: PostgreSQL's processes and the machine as a whole.
/// With everything on the same cores, a rate says little unless it is known whether the cores ran out, and who used them.
/// </summary>
internal static class MachineCpu
{
    // USER_HZ: the unit of /proc's CPU times on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>CPU time used so far by the running processes of that name (a backend that exits in between is lost).</summary>
    public static TimeSpan OfProcessesNamed(string name)
    {
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // "pid (comm) state ppid ...": the name may hold spaces, so fields count from the last ')'.
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                if (open < 0 || close < open || stat[(open + 1)..close] != name)
                {
                    continue;
                }

                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>CPU time all cores spent not idle since boot (/proc/stat: user, nice, system, irq, softirq, steal).</summary>
    public static TimeSpan Busy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond);
    }
}
