using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Wms.Server.Tests.Devices;

/// <summary>A real mosquitto broker on a free loopback port, with its own config and persistence folder; restartable on the same port.</summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wms-mosquitto-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;
    private StringBuilder _output = new();

    private MosquittoBroker(int port) => Port = port;

    public int Port { get; }

    public string Output => Mosquitto.Text(_output);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static async Task<MosquittoBroker> StartAsync()
    {
        Mosquitto.Require("mosquitto");
        var broker = new MosquittoBroker(FreePorts.Next());
        // Started as root, mosquitto drops to its own user, which must still write its persistence file here.
        Directory.CreateDirectory(broker._dir);
        File.SetUnixFileMode(broker._dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        // Anonymous devices here: the broker's own user and ACL files are deployment, not what this tests.
        await File.WriteAllTextAsync(Path.Combine(broker._dir, "mosquitto.conf"), string.Join('\n',
            $"listener {broker.Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            $"persistence_location {broker._dir}/",
            "max_inflight_messages 1000",
            "max_queued_messages 1000000",
            "log_dest stderr",
            ""));
        await broker.RestartAsync();
        return broker;
    }

    /// <summary>Stops the broker (SIGTERM: it saves its sessions and queued messages) and starts it again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        _process = Mosquitto.Start("mosquitto", ["-c", Path.Combine(_dir, "mosquitto.conf")], out _output);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!Output.Contains("running", StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = Output;
                await DisposeAsync();
                throw new InvalidOperationException("mosquitto did not start:\n" + output);
            }

            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) { }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
