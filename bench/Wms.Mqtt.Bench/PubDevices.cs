using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Wms.Mqtt.Bench;

/// <summary>
/// Simulated devices that cost little CPU and hold no MQTT code of ours: Debian's <c>mosquitto_pub</c> (C,
/// libmosquitto), one process per device with its own client id and credentials, <c>-l</c> (one PUBLISH per
/// line read from stdin) at <c>-q 1</c>. One feeder thread in this process writes each device's readings to
/// its stdin at the offered rate, stamping <c>ts</c> with the wall clock as it writes, so "publish → stored"
/// includes any wait in the device's own queue. Closing stdin makes mosquitto_pub wait for the PUBACK of
/// every message it sent and exit 0: every process exiting 0 means every reading was acknowledged.
/// </summary>
internal sealed class PubDevices : IDeviceLoad
{
    private readonly List<(Process Process, Stream Input, string Code)> _devices = [];
    private double _feederSeconds;

    private PubDevices()
    {
    }

    /// <summary>CPU seconds of the feeder thread (its share of the load generator, measured by the thread itself).</summary>
    public double FeederSeconds => Volatile.Read(ref _feederSeconds);

    public IReadOnlyList<int> ProcessIds => _devices.Select(d => d.Process.Id).ToList();

    public string Name => "mosquitto_pub devices";

    public static PubDevices Start(int port, IReadOnlyList<(string Code, string Secret)> devices, string warehouse, bool credentials, int maxInflight)
    {
        var started = new PubDevices();
        foreach (var (code, secret) in devices)
        {
            var info = new ProcessStartInfo("mosquitto_pub")
            {
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-l",
                         "-M", maxInflight.ToString(CultureInfo.InvariantCulture), "-i", code, "-t", $"wms/{warehouse}/{code}/temperature",
                     })
            {
                info.ArgumentList.Add(arg);
            }

            if (credentials)
            {
                info.ArgumentList.Add("-u");
                info.ArgumentList.Add(code);
                info.ArgumentList.Add("-P");
                info.ArgumentList.Add(secret);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto_pub did not start (apt-get install mosquitto-clients).");
            started._devices.Add((process, process.StandardInput.BaseStream, code));
        }

        return started;
    }

    /// <summary>
    /// Writes <paramref name="perDevice"/> readings to every device, <paramref name="rate"/> readings/s in all
    /// (0: as fast as the pipes take them), each line stamped as it is written. Returns when all are written.
    /// </summary>
    public Task FeedAsync(int perDevice, int rate)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var cpuBefore = ThreadCpuSeconds();
                Feed(perDevice, rate);
                Volatile.Write(ref _feederSeconds, ThreadCpuSeconds() - cpuBefore);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        })
        { IsBackground = true, Name = "mosquitto_pub feeder" };
        thread.Start();
        return done.Task;
    }

    private void Feed(int perDevice, int rate)
    {
        var sent = new int[_devices.Count];
        var buffer = new byte[64 * 1024];
        var clock = Stopwatch.StartNew();
        var total = (long)perDevice * _devices.Count;
        long written = 0;
        while (written < total)
        {
            // Readings each device is due by now: open loop at the offered rate (a slow system backs up in the
            // devices' queues and pipes, which the latency then shows).
            var due = rate <= 0 ? perDevice : (int)Math.Min(perDevice, Math.Floor(clock.Elapsed.TotalSeconds * rate / _devices.Count) + 1);
            var ts = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            var any = false;
            for (var i = 0; i < _devices.Count; i++)
            {
                var length = 0;
                while (sent[i] < due && length < buffer.Length - 128)
                {
                    var seq = ++sent[i];
                    length += Encoding.UTF8.GetBytes(
                        string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"ts\":\"{ts}\",\"celsius\":{4 + seq % 3}}}\n"), buffer.AsSpan(length));
                    written++;
                }

                if (length > 0)
                {
                    _devices[i].Input.Write(buffer, 0, length);
                    _devices[i].Input.Flush();
                    any = true;
                }
            }

            if (!any)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Closes every device's stdin and waits for it to exit; how many did not exit 0 (a reading not acknowledged) or in time.</summary>
    public async Task<string> FinishAsync(TimeSpan timeout)
    {
        foreach (var device in _devices)
        {
            device.Input.Dispose();
        }

        using var cancel = new CancellationTokenSource(timeout);
        var failed = new List<string>();
        foreach (var (process, _, code) in _devices)
        {
            try
            {
                await process.WaitForExitAsync(cancel.Token);
                if (process.ExitCode != 0)
                {
                    failed.Add(code);
                }
            }
            catch (OperationCanceledException)
            {
                failed.Add(code);
            }
        }

        return $"devices not all acked: {failed.Count}";
    }

    public void Dispose()
    {
        foreach (var (process, _, _) in _devices)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }
    }

    /// <summary>On-CPU time of the calling thread, in seconds (Linux schedstat, nanoseconds).</summary>
    private static double ThreadCpuSeconds() =>
        long.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], CultureInfo.InvariantCulture) / 1e9;
}
