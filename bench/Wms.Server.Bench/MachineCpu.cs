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
        foreach (var dir in ProcessDirectories())
        {
            if (!long.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

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

                ticks += CpuTicks(stat);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// CPU time used so far by the PostgreSQL backends serving <paramref name="database"/> (their process title
    /// names it), and how many there are: other agents' tests on the same PostgreSQL come and go, and are not
    /// counted (nor the background writers, idle under a read load).
    /// </summary>
    public static (TimeSpan Cpu, int Backends) OfPostgresBackends(string database)
    {
        var ticks = 0L;
        var backends = 0;
        foreach (var dir in ProcessDirectories())
        {
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "postgres"
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(" " + database + " ", StringComparison.Ordinal))
                {
                    ticks += CpuTicks(File.ReadAllText(Path.Combine(dir, "stat")));
                    backends++;
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return (TimeSpan.FromSeconds(ticks / TicksPerSecond), backends);
    }

    // Only /proc/[pid]: /proc also holds directories such as net/, whose stat is a directory and cannot be read.
    private static IEnumerable<string> ProcessDirectories() =>
        Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out _));

    // utime + stime of a /proc/[pid]/stat line; the fields count from the last ')' since the name may hold spaces.
    private static long CpuTicks(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time all cores spent not idle since boot (/proc/stat: user, nice, system, irq, softirq, steal).</summary>
    public static TimeSpan Busy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond);
    }
}
