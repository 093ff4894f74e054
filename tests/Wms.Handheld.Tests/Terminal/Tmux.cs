using System.Diagnostics;
using Xunit;

namespace Wms.Handheld.Tests.Terminal;

/// <summary>
/// A real terminal for the app: a tmux session on a private socket, typed into with send-keys (as a
/// keyboard-wedge scanner types) and read back with capture-pane.
/// </summary>
public sealed class Tmux : IDisposable
{
    private readonly string _socket = "wms-hh-" + Guid.NewGuid().ToString("N")[..8];

    private Tmux()
    {
    }

    public const string Path = "/usr/bin/tmux";

    /// <summary>Skips the test when tmux is missing, unless CI=true, where a missing tmux is a failure.</summary>
    public static void RequireInstalled()
    {
        if (File.Exists(Path))
        {
            return;
        }

        const string Message = "tmux is not installed (apt-get install tmux): the real-terminal session test needs it.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Message);
        }

        Assert.Skip(Message);
    }

    public static Tmux Start(string command, int width, int height)
    {
        var tmux = new Tmux();
        tmux.Run("new-session", "-d", "-s", "hh", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), command);
        return tmux;
    }

    /// <summary>Types the text literally, then Enter: one scan.</summary>
    public void Scan(string text)
    {
        if (text.Length > 0)
        {
            Run("send-keys", "-t", "hh", "-l", text);
        }

        Run("send-keys", "-t", "hh", "Enter");
    }

    public string Capture() => Run("capture-pane", "-p", "-t", "hh");

    /// <summary>
    /// The screen once it shows <paramref name="text"/>, which may be wrapped over several rows (rows are
    /// read as one text, runs of spaces as one); fails with the screen it last saw.
    /// </summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var screen = "";
        while (deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            screen = Capture();
            if (Flat(screen).Contains(Flat(text), StringComparison.Ordinal))
            {
                return screen;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"The terminal never showed '{text}'. Last screen:\n{screen}");
        return screen;
    }

    private static string Flat(string text) => string.Join(' ', text.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private string Run(params string[] args)
    {
        var info = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // The app already ended and took the session (and the server) with it.
        }
    }
}
