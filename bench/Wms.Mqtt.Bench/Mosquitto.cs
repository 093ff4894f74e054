using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Wms.Mqtt.Bench;

/// <summary>A mosquitto broker for the run, on a free loopback port (Debian package mosquitto).</summary>
internal sealed class Mosquitto : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private Mosquitto(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public static async Task<Mosquitto> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wms-bench-mosquitto-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var port = FreePort();

        var config = Path.Combine(dir, "mosquitto.conf");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1", "allow_anonymous true", "max_inflight_messages 1000", "max_queued_messages 1000000",
            "max_connections -1", "log_dest none", ""));
        var process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", config]) { RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("mosquitto did not start (apt-get install mosquitto).");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return new Mosquitto(process, dir, port);
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        process.Kill();
        throw new InvalidOperationException("mosquitto did not listen on " + port);
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
