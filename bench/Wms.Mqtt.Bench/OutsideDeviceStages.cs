using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Wms.Server.Devices;
using Wms.Server.Transport.Mqtt;

namespace Wms.Mqtt.Bench;

/// <summary>
/// The stages whose devices run outside this process, so their CPU is counted apart: <see cref="PubDevices"/>
/// (mosquitto_pub) or <see cref="RawDevices"/> (raw sockets). The mosquitto relay reference (subscriber:
/// mosquitto_sub), the server's embedded broker, and the server as a client of mosquitto. Each
/// prints readings/s and the CPU per reading of each part, which a machine shared with other work distorts
/// far less than readings/s.
/// </summary>
internal sealed class OutsideDeviceStages(int deviceCount, int perDevice, string synchronous, int rate, int maxInflight, bool raw)
{
    /// <summary>mosquitto_pub processes, or the raw-socket devices in a child process (<see cref="RawDevices"/>), <paramref name="maxInflight"/> in flight each.</summary>
    private async Task<IDeviceLoad> DevicesAsync(int port, IReadOnlyList<(string Code, string Secret)> codes, string warehouse, bool credentials) =>
        raw ? await RawDevicesProcess.StartAsync(port, warehouse, codes, perDevice, maxInflight, credentials) : PubDevices.Start(port, codes, warehouse, credentials, maxInflight);

    private long Expected => (long)deviceCount * perDevice;

    public async Task RelayAsync()
    {
        using var mosquitto = await Mosquitto.StartAsync();
        var output = Path.Combine(Path.GetTempPath(), "wms-bench-sub-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
        // exec keeps the pid: mosquitto_sub itself writes every message with its arrival time (%U, ns) to the file.
        var sub = Process.Start(new ProcessStartInfo("sh",
        [
            "-c", $"exec mosquitto_sub -h 127.0.0.1 -p {mosquitto.Port} -V mqttv5 -q 1 -i relay-sub -t 'wms/#' -F '%U %t %p' -C {Expected} > {output}",
        ]))!;
        await Task.Delay(500);
        var codes = Enumerable.Range(0, deviceCount).Select(i => ($"D{i:0000}", "")).ToList();
        using var devices = await DevicesAsync(mosquitto.Port, codes, "W", credentials: false);
        await Task.Delay(2000); // connections
        var cpu = PartsCpu.Start(devices.ProcessIds, mosquitto.ProcessId);
        var start = DateTime.UtcNow;
        await devices.FeedAsync(perDevice, rate);
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(180)))
        {
            try
            {
                await sub.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                sub.Kill();
            }
        }

        var parts = cpu.Stop(devices.FeederSeconds);
        var failed = await devices.FinishAsync(TimeSpan.FromSeconds(60));
        var received = new Dictionary<(string, long), int>();
        var lags = new List<double>();
        var last = start;
        foreach (var line in File.ReadLines(output))
        {
            // "<arrival unix s.ns> <topic> {"seq":n,"ts":"...","celsius":c}"
            var fields = line.Split(' ', 3);
            var arrival = DateTime.UnixEpoch.AddTicks((long)(decimal.Parse(fields[0], CultureInfo.InvariantCulture) * 10_000_000m));
            var payload = fields[2];
            var seq = long.Parse(payload[7..payload.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
            var tsAt = payload.IndexOf("\"ts\":\"", StringComparison.Ordinal) + 6;
            var ts = DateTime.Parse(payload[tsAt..payload.IndexOf('"', tsAt)], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            lags.Add((arrival - ts).TotalMilliseconds);
            received[(fields[1], seq)] = received.GetValueOrDefault((fields[1], seq)) + 1;
            last = arrival > last ? arrival : last;
        }

        File.Delete(output);
        var lagArray = lags.ToArray();
        Console.WriteLine($"mosquitto relay pub->sub ({devices.Name}): {received.Count / (last - start).TotalSeconds:0} readings/s delivered ({received.Count} of {Expected}, lost {Expected - received.Count}, "
            + $"duplicated {received.Values.Sum() - received.Count}; {failed}); pub->sub p50 {Devices.Percentile(lagArray, 0.5):0.0} ms, p99 {Devices.Percentile(lagArray, 0.99):0.0} ms; "
            + parts.PerReading(received.Count, "subscriber (mosquitto_sub)", reapedSubscriber: true));
    }

    public async Task ServerAsync(bool external)
    {
        using var broker = external ? await Mosquitto.StartAsync() : null;
        var database = Path.Combine(Path.GetTempPath(), "wms-mqtt-bench-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        await using (var server = new BenchServer(database, synchronous, broker?.Port))
        {
            _ = server.Server;
            var codes = await BenchSetup.RegisterAsync(server.Services, deviceCount);
            var port = broker?.Port ?? server.Services.GetRequiredService<EmbeddedBroker>().Port;
            using var devices = await DevicesAsync(port, codes, "BENCH", credentials: !external);
            await Task.Delay(external ? 4000 : 3000); // connections (and the server's shared subscriptions)
            var ingest = server.Services.GetRequiredService<IngestReadings>();
            var before = ingest.Counters;
            var cpu = PartsCpu.Start(devices.ProcessIds, broker?.ProcessId);
            var clock = Stopwatch.StartNew();
            await devices.FeedAsync(perDevice, rate);
            await BenchSetup.WaitAsync(() => ingest.Counters.Applied - before.Applied >= Expected, 180);
            var elapsed = clock.Elapsed;
            var parts = cpu.Stop(devices.FeederSeconds);
            var failed = await devices.FinishAsync(TimeSpan.FromSeconds(60));
            var counters = ingest.Counters;
            var (stored, p50, p99) = BenchSetup.Stored(database);
            var name = external ? "server via mosquitto (shared subscription)" : "server, embedded broker";
            Console.WriteLine($"{name} ({devices.Name}): {stored / elapsed.TotalSeconds:0} readings/s stored ({stored} of {Expected}, lost {Expected - stored}, duplicates refused {counters.Duplicates - before.Duplicates}, "
                + $"rejected {counters.Rejected - before.Rejected}; {failed}); publish->stored p50 {p50:0.0} ms, p99 {p99:0.0} ms; " + parts.PerReading(stored, "server"));
        }

        BenchSetup.DeleteDatabase(database);
    }
}

/// <summary>
/// CPU seconds per part of a run, from /proc: the devices' processes (mosquitto_pub, summed, or the raw-socket child),
/// the feeder thread (measured by itself), mosquitto, and this process less the feeder (the server, when it runs in-process; the subscriber's
/// share otherwise comes from reaped children). Printed as µs per reading, with what they would allow on 2 free cores.
/// </summary>
internal sealed class PartsCpu
{
    private readonly IReadOnlyList<int> _devices;
    private readonly int? _mosquitto;
    private readonly double _devicesBefore, _mosquittoBefore, _selfBefore, _reapedBefore;
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private double _devicesCpu, _mosquittoCpu, _self, _reaped, _feeder, _seconds;

    private PartsCpu(IReadOnlyList<int> devices, int? mosquitto)
    {
        _devices = devices;
        _mosquitto = mosquitto;
        _devicesBefore = devices.Sum(ProcessSeconds);
        _mosquittoBefore = mosquitto is { } m ? ProcessSeconds(m) : 0;
        (_selfBefore, _reapedBefore) = Self();
    }

    public static PartsCpu Start(IReadOnlyList<int> devices, int? mosquitto) => new(devices, mosquitto);

    public PartsCpu Stop(double feederSeconds)
    {
        _devicesCpu = _devices.Sum(ProcessSeconds) - _devicesBefore;
        _mosquittoCpu = _mosquitto is { } m ? ProcessSeconds(m) - _mosquittoBefore : 0;
        var (self, reaped) = Self();
        _self = self - _selfBefore;
        _reaped = reaped - _reapedBefore;
        _feeder = feederSeconds;
        _seconds = _wall.Elapsed.TotalSeconds;
        return this;
    }

    /// <summary>
    /// µs per reading: devices (their processes + feeder), mosquitto, and <paramref name="self"/>: this process less the
    /// feeder (the server), or, for the relay, the subscriber that has exited (reaped children) and this process beside it.
    /// </summary>
    public string PerReading(long readings, string self, bool reapedSubscriber = false)
    {
        double Us(double seconds) => 1e6 * seconds / Math.Max(1, readings);
        var generator = Us(_devicesCpu + _feeder);
        var own = _self - _feeder;
        var rest = Us(_mosquittoCpu + own + (reapedSubscriber ? _reaped : 0));
        var total = _devicesCpu + _feeder + _mosquittoCpu + _self + (reapedSubscriber ? _reaped : 0);
        var part = reapedSubscriber ? $"{self} {Us(_reaped):0.0} (+ this process {Us(own):0.0})" : $"{self} {Us(own):0.0}";
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU µs/reading: devices {generator:0.0} (their processes {Us(_devicesCpu):0.0} + feeder thread {Us(_feeder):0.0}), mosquitto {Us(_mosquittoCpu):0.0}, {part}; "
            + $"{total / _seconds:0.00} cores used; on 2 free cores: {2e6 / rest:0} readings/s without the devices, {2e6 / (generator + rest):0} with them");
    }

    /// <summary>
    /// On-CPU seconds of a process, summed over its threads from schedstat (ns): utime/stime count whole clock ticks
    /// per process, which rounds a small process's share (one of 1,000 mosquitto_pub) down to nothing. 0 once it is gone.
    /// </summary>
    private static double ProcessSeconds(int pid)
    {
        try
        {
            long ns = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                ns += long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
            }

            return ns / 1e9;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>This process's own CPU (ns resolution) and that of its children already reaped (cutime + cstime).</summary>
    private static (double Self, double Reaped) Self()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var reaped = (double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
        return (Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, reaped);
    }
}

/// <summary>Simulated devices that run outside this process's threads, so their CPU is measured apart.</summary>
internal interface IDeviceLoad : IDisposable
{
    string Name { get; }

    IReadOnlyList<int> ProcessIds { get; }

    /// <summary>CPU seconds of work done for the devices inside this process (a feeder thread), 0 if none.</summary>
    double FeederSeconds { get; }

    Task FeedAsync(int perDevice, int rate);

    /// <summary>Ends the devices once every reading is in; says what they saw acknowledged.</summary>
    Task<string> FinishAsync(TimeSpan timeout);
}
