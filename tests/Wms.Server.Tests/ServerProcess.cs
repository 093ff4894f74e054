using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Wms.Server.Tests;

/// <summary>
/// The real server as its own process (the Wms.Server.dll built beside the tests), for what an
/// in-process host cannot show: its Kestrel listeners, TLS, and surviving a kill.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private string? _ownDatabase;

    private ServerProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server with the given settings (as environment variables) and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Wms.Server.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // Each server gets its own database unless the test names one (a restart reuses it).
        var all = new Dictionary<string, string>(settings);
        var ownDatabase = settings.ContainsKey("Wms:Database:ConnectionString") ? null : Path.Combine(Path.GetTempPath(), "wms-proc-" + Guid.NewGuid().ToString("N") + ".db");
        if (ownDatabase is not null)
        {
            all["Wms:Database:ConnectionString"] = "Data Source=" + ownDatabase;
        }

        all.TryAdd("Wms:Demo:Enabled", "false");
        // The HTTP/1.1 listener only where a test asks for it: its default port would collide between parallel tests.
        all.TryAdd("Wms:Server:HttpAddress", "");
        all.TryAdd("Wms:Mqtt:Address", "127.0.0.1:0");
        foreach (var (key, value) in all)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new ServerProcess(Process.Start(info)!) { _ownDatabase = ownDatabase };
        process._process.OutputDataReceived += (_, e) => process.Append(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Append(e.Data);
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();

        // Waits for the host's own word that every listener is bound; probing the port instead can be fooled
        // (a loopback connect to a free ephemeral port may connect to itself).
        // Generous: on a loaded 2-core CI machine three servers starting at once took a minute.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!process.Output.Contains("Application started", StringComparison.Ordinal))
        {
            if (process._process.HasExited)
            {
                throw new InvalidOperationException($"Server exited with {process._process.ExitCode}:\n{process.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                // Not left running behind the failed test.
                await process.DisposeAsync();
                throw new TimeoutException($"Server did not start within 180 s:\n{process.Output}");
            }

            await Task.Delay(50);
        }

        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash looks like.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        if (_ownDatabase is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_ownDatabase + suffix);
            }
        }
    }

    public static string Port(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
}
