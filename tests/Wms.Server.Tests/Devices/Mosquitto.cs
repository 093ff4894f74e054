using System.Diagnostics;
using System.Text;
using Xunit;

namespace Wms.Server.Tests.Devices;

/// <summary>The Debian mosquitto and mosquitto-clients programs: real MQTT peers we did not write.</summary>
public static class Mosquitto
{
    /// <summary>The program's path; skips the test when it is missing (fails under CI=true).</summary>
    public static string Require(string program)
    {
        foreach (var dir in new[] { "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin" })
        {
            var path = Path.Combine(dir, program);
            if (File.Exists(path))
            {
                return path;
            }
        }

        var message = $"{program} not installed: apt-get install mosquitto mosquitto-clients (.ci/run does).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true requires " + message);
        }

        Assert.Skip(message);
        return "";
    }

    /// <summary>Runs a client to its end (or kills it after the timeout); its exit code and everything it printed.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string program, IEnumerable<string> args, int timeoutSeconds = 20)
    {
        using var process = Start(program, args, out var output);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>Starts a program with its output collected into <paramref name="output"/>.</summary>
    public static Process Start(string program, IEnumerable<string> args, out StringBuilder output)
    {
        var info = new ProcessStartInfo(Require(program)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var collected = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (collected) { collected.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (collected) { collected.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = collected;
        return process;
    }

    public static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
