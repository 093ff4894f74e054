using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

internal sealed record H2LoadSettings(int Connections, int Streams, int Threads, int WarmUpSeconds, int DurationSeconds);

/// <param name="ServerCpuUsPerRequest">CPU the server process spent per request in the measured window; NaN when no server was given.</param>
internal sealed record H2LoadResult(double RequestsPerSecond, long Succeeded, long Failed, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double ServerCpuUsPerRequest = double.NaN);

internal static partial class H2Load
{
    public static bool IsInstalled()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("h2load", "--version") { RedirectStandardOutput = true });
            p!.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <param name="framedRequest">The gRPC-framed request message; an empty message when null.</param>
    /// <param name="server">The server's process, to report its CPU per request: a figure that holds on a noisy machine where the rate does not.</param>
    public static H2LoadResult Run(H2LoadSettings s, string url, string token, byte[]? framedRequest = null, Process? server = null)
    {
        var body = Path.GetTempFileName();
        var log = Path.GetTempFileName();
        File.WriteAllBytes(body, framedRequest ?? [0, 0, 0, 0, 0]);
        try
        {
            var info = new ProcessStartInfo("h2load")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                $"-c{s.Connections}", $"-m{s.Streams}", $"-t{s.Threads}",
                $"--warm-up-time={s.WarmUpSeconds}", $"-D{s.DurationSeconds}",
                "-H", "content-type: application/grpc", "-H", "te: trailers", "-H", "authorization: Bearer " + token,
                "-d", body, $"--log-file={log}", url,
            })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info)!;
            var cpuAtWarmUpEnd = Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(s.WarmUpSeconds));
                server?.Refresh();
                return server?.TotalProcessorTime ?? TimeSpan.Zero;
            });
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            server?.Refresh();
            var serverCpu = (server?.TotalProcessorTime ?? TimeSpan.Zero) - cpuAtWarmUpEnd.GetAwaiter().GetResult();
            Console.WriteLine(output);
            var rps = double.Parse(FinishedRegex().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var requests = RequestsRegex().Match(output);
            var failed = long.Parse(requests.Groups[2].Value, CultureInfo.InvariantCulture) + long.Parse(requests.Groups[3].Value, CultureInfo.InvariantCulture);
            var status = StatusRegex().Match(output);
            var non2xx = long.Parse(status.Groups[2].Value, CultureInfo.InvariantCulture) + long.Parse(status.Groups[3].Value, CultureInfo.InvariantCulture) + long.Parse(status.Groups[4].Value, CultureInfo.InvariantCulture);

            // The log has one line per request: start (µs since epoch), HTTP status, latency (µs).
            var latencies = File.ReadLines(log)
                .Select(line => line.Split('\t'))
                .Where(cols => cols.Length >= 3)
                .Select(cols => double.Parse(cols[2], CultureInfo.InvariantCulture) / 1000.0)
                .Order()
                .ToArray();
            return new H2LoadResult(rps, long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture), failed + non2xx, Pct(latencies, 0.50), Pct(latencies, 0.90), Pct(latencies, 0.99), Pct(latencies, 0.999),
                server is null ? double.NaN : serverCpu.TotalMicroseconds / (rps * s.DurationSeconds));
        }
        finally
        {
            File.Delete(body);
            File.Delete(log);
        }
    }

    private static double Pct(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    [GeneratedRegex(@"finished in [\d.]+\w+, ([\d.]+) req/s")]
    private static partial Regex FinishedRegex();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored")]
    private static partial Regex RequestsRegex();

    [GeneratedRegex(@"status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx")]
    private static partial Regex StatusRegex();
}
