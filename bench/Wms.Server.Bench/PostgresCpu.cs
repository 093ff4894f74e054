using System.Globalization;

namespace Wms.Server.Bench;

/// <summary>
/// CPU time spent by PostgreSQL on this machine, from <c>/proc/[pid]/stat</c> (utime + stime) of the processes
/// named <c>postgres</c>: the database's share of a call, which the server processes' own CPU does not show.
/// </summary>
internal static class PostgresCpu
{
    // USER_HZ, the unit of utime and stime: 100 on Linux for every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <param name="database">Only the backends serving this database (their process title names it), so the
    /// tests and benches of others on the same PostgreSQL are not counted (nor PostgreSQL's background writers,
    /// idle under a read load).</param>
    public static PostgresCpuSample Sample(string database)
    {
        var total = TimeSpan.Zero;
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != "postgres"
                    || !File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(" " + database + " ", StringComparison.Ordinal))
                {
                    continue;
                }

                // The command name in parentheses may hold spaces: the fields are counted after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                total += TimeSpan.FromSeconds(ticks / TicksPerSecond);
                count++;
            }
            catch (IOException)
            {
                // The process ended between listing and reading: its time is lost either way.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return new PostgresCpuSample(total, count);
    }
}

internal readonly record struct PostgresCpuSample(TimeSpan Cpu, int Processes);
