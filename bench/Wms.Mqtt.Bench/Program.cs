using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Wms.Mqtt.Bench;
using Wms.Server.Devices;
using Wms.Server.Layout;
using Wms.Server.Transport.Mqtt;

internal static class MqttBench
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "raw-devices")
        {
            return await RawDevices.RunChildAsync(args);
        }

        // Readings stored per second from simulated devices at QoS 1: through the embedded broker, through mosquitto
        // (the server as its client, shared subscription), and beside them mosquitto relaying the same readings
        // pub -> sub. Usage: dotnet run -c Release --project bench/Wms.Mqtt.Bench -- [devices] [readings per device] [synchronous] [stages: relay,mqttnet,direct,embedded,external,relay-pub,embedded-pub,external-pub,relay-raw,embedded-raw,external-raw] [sub|nosub] [offered rate/s, 0 = unpaced] [QoS 1 messages in flight per device (mosquitto_pub and raw devices)]
        var deviceCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var perDevice = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var synchronous = args.Length > 2 ? args[2] : "FULL";
        var stages = args.Length > 3 ? args[3].Split(',') : ["relay", "mqttnet", "direct", "embedded", "external"];
        // Devices subscribed to their command topics, as real ones are ("nosub" leaves the brokers without subscriptions).
        var subscribe = args.Length <= 4 || args[4] != "nosub";
        // For the stages with mosquitto_pub as the devices (relay-pub, embedded-pub, external-pub): the offered rate
        // in readings/s over all devices (0: as fast as they take them) and each device's QoS 1 messages in flight.
        var rate = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;
        var maxInflight = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 10;
        var pub = new OutsideDeviceStages(deviceCount, perDevice, synchronous, rate, maxInflight, raw: false);
        var raw = new OutsideDeviceStages(deviceCount, perDevice, synchronous, rate, maxInflight, raw: true);
        var expected = (long)deviceCount * perDevice;
        Console.WriteLine($"{deviceCount} devices x {perDevice} readings = {expected} readings at QoS 1; SQLite synchronous={synchronous}; devices subscribed to their cmd topic: {subscribe}; {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        if (stages.Contains("relay"))
        {
            using var mosquitto = await Mosquitto.StartAsync();
            await RelayAsync("mosquitto relay pub->sub", mosquitto.Port);
        }

        if (stages.Contains("mqttnet"))
        {
            // The MQTTnet broker the server embeds, bare (no sign-in, no interception, no ingest): its own floor.
            var port = Mosquitto.FreePort();
            using var bare = new MqttServerFactory().CreateMqttServer(new MqttServerFactory().CreateServerOptionsBuilder()
                .WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(System.Net.IPAddress.Loopback).WithDefaultEndpointPort(port)
                .WithMaxPendingMessagesPerClient(1_000_000).Build());
            await bare.StartAsync();
            await RelayAsync("bare MQTTnet broker relay pub->sub", port);
            await bare.StopAsync();
        }

        if (stages.Contains("direct"))
        {
            await DirectAsync();
        }

        if (stages.Contains("embedded"))
        {
            await ServerAsync(external: false);
        }

        if (stages.Contains("external"))
        {
            await ServerAsync(external: true);
        }

        if (stages.Contains("relay-pub"))
        {
            await pub.RelayAsync();
        }

        if (stages.Contains("embedded-pub"))
        {
            await pub.ServerAsync(external: false);
        }

        if (stages.Contains("external-pub"))
        {
            await pub.ServerAsync(external: true);
        }

        // The same with the raw-socket devices (MQTTnet's formatter, packets encoded ahead of time) in a child process.
        if (stages.Contains("relay-raw"))
        {
            await raw.RelayAsync();
        }

        if (stages.Contains("embedded-raw"))
        {
            await raw.ServerAsync(external: false);
        }

        if (stages.Contains("external-raw"))
        {
            await raw.ServerAsync(external: true);
        }

        return 0;

        // The ingest and write path alone, no MQTT: as many callers as devices, each submitting its readings one
        // after another (like a device waiting for its PUBACK), straight into IngestReadings. What the embedded
        // path reaches beyond this is MQTT's cost; what this reaches is the store's limit.
        async Task DirectAsync()
        {
            var database = Path.Combine(Path.GetTempPath(), "wms-mqtt-bench-" + Guid.NewGuid().ToString("N")[..8] + ".db");
            await using var server = new BenchServer(database, synchronous, null);
            _ = server.Server;
            var codes = await BenchSetup.RegisterAsync(server.Services, deviceCount);
            var ingest = server.Services.GetRequiredService<IngestReadings>();
            var cpu = Cpu.Start();
            var start = Stopwatch.GetTimestamp();
            await Task.WhenAll(codes.Select(async d =>
            {
                for (var seq = 1; seq <= perDevice; seq++)
                {
                    await ingest.SubmitAsync(new Reading(d.Code, ReadingKind.Temperature, seq, DateTimeOffset.UtcNow, 4 + seq % 3));
                }
            }));
            var elapsed = Stopwatch.GetElapsedTime(start);
            var (stored, p50, p99) = BenchSetup.Stored(database);
            Console.WriteLine($"ingest alone (no MQTT): {stored / elapsed.TotalSeconds:0} readings/s stored ({stored} of {expected}); submit->stored p50 {p50:0.0} ms, p99 {p99:0.0} ms; {cpu.PerItem(stored)}");
            await server.DisposeAsync(); // its background services stop before the file goes (disposing again at scope end does nothing)
            BenchSetup.DeleteDatabase(database);
        }

        async Task RelayAsync(string name, int port)
        {
            var codes = Enumerable.Range(0, deviceCount).Select(i => ($"D{i:0000}", "")).ToList();
            var received = new ConcurrentDictionary<(string, long), int>();
            var latencies = new ConcurrentBag<double>();
            var subscriber = new MqttClientFactory().CreateMqttClient();
            var last = Stopwatch.GetTimestamp();
            subscriber.ApplicationMessageReceivedAsync += e =>
            {
                var text = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
                var sent = long.Parse(text[(text.IndexOf("\"sent\":", StringComparison.Ordinal) + 7)..^1], CultureInfo.InvariantCulture);
                var seq = long.Parse(text[7..text.IndexOf(',', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                received.AddOrUpdate((e.ApplicationMessage.Topic, seq), 1, (_, n) => n + 1);
                Interlocked.Exchange(ref last, Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            };
            await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500).WithClientId("relay-sub").Build());
            await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("wms/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            var devices = new Devices("127.0.0.1", port, codes, "W") { SubscribeToCommands = subscribe };
            var clients = await devices.ConnectAsync(credentials: false);
            var cpu = Cpu.Start();
            var start = Stopwatch.GetTimestamp();
            var run = await devices.PublishAsync(clients, perDevice);
            await BenchSetup.WaitAsync(() => received.Count >= expected, 60);
            var elapsed = Stopwatch.GetElapsedTime(start, Interlocked.Read(ref last));
            var array = latencies.ToArray();
            Console.WriteLine($"{name}: {received.Count / elapsed.TotalSeconds:0} readings/s delivered ({received.Count} of {expected}, lost {expected - received.Count}, duplicated {received.Values.Sum() - received.Count}); "
                + $"pub->sub p50 {Devices.Percentile(array, 0.5):0.0} ms, p99 {Devices.Percentile(array, 0.99):0.0} ms; PUBACK p99 {Devices.Percentile(run.AckMillis, 0.99):0.0} ms; {cpu.PerItem(received.Count)}");
            await CloseAsync(clients);
            subscriber.Dispose();
        }

        async Task ServerAsync(bool external)
        {
            using var broker = external ? await Mosquitto.StartAsync() : null;
            var database = Path.Combine(Path.GetTempPath(), "wms-mqtt-bench-" + Guid.NewGuid().ToString("N")[..8] + ".db");
            await using var server = new BenchServer(database, synchronous, broker?.Port);
            _ = server.Server;
            var codes = await BenchSetup.RegisterAsync(server.Services, deviceCount);
            var devices = new Devices("127.0.0.1", broker?.Port ?? server.Services.GetRequiredService<EmbeddedBroker>().Port, codes, "BENCH") { SubscribeToCommands = subscribe };
            var clients = await devices.ConnectAsync(credentials: !external);
            if (external)
            {
                await Task.Delay(2000); // the server's shared subscriptions
            }

            var ingest = server.Services.GetRequiredService<IngestReadings>();
            var before = ingest.Counters;
            var cpu = Cpu.Start();
            var start = Stopwatch.GetTimestamp();
            var run = await devices.PublishAsync(clients, perDevice);
            await BenchSetup.WaitAsync(() => ingest.Counters.Applied - before.Applied >= expected, 120);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var counters = ingest.Counters;
            var (stored, p50, p99) = BenchSetup.Stored(database);
            var name = external ? "server via mosquitto (shared subscription)" : "server, embedded broker";
            Console.WriteLine($"{name}: {stored / elapsed.TotalSeconds:0} readings/s stored ({stored} of {expected}, lost {expected - stored}, duplicates refused {counters.Duplicates - before.Duplicates}, rejected {counters.Rejected - before.Rejected}); "
                + $"publish->stored p50 {p50:0.0} ms, p99 {p99:0.0} ms; PUBACK p99 {Devices.Percentile(run.AckMillis, 0.99):0.0} ms (acked {run.Acked}, failed {run.Failed}); {cpu.PerItem(stored)}");
            await CloseAsync(clients);
            await server.DisposeAsync();
            BenchSetup.DeleteDatabase(database);
        }

        static async Task CloseAsync(List<IMqttClient> clients)
        {
            foreach (var client in clients)
            {
                try
                {
                    await client.DisconnectAsync(new MqttClientDisconnectOptions());
                }
                catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
                {
                }

                client.Dispose();
            }
        }
    }
}

/// <summary>The real server in-process, on its own SQLite file, with its broker on a free port (or a client of mosquitto).</summary>
internal sealed class BenchServer(string database, string synchronous, int? mosquittoPort) : WebApplicationFactory<global::Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Wms:Security:AdminToken", "bench-admin");
        builder.UseSetting("Wms:Demo:Enabled", "false");
        builder.UseSetting("Wms:Database:ConnectionString", "Data Source=" + database);
        builder.UseSetting("Wms:Database:SqliteSynchronous", synchronous);
        builder.UseSetting("Wms:Mqtt:Address", "127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (mosquittoPort is { } port)
        {
            builder.UseSetting("Wms:Mqtt:Mode", "External");
            builder.UseSetting("Wms:Mqtt:BrokerPort", port.ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("Wms:Mqtt:Connections", "4");
        }
    }
}

/// <summary>
/// CPU time per reading of this process and its children (mosquitto), from /proc: on a machine shared with
/// other work, readings/s depends on how much CPU the run got; CPU per reading does not.
/// </summary>
internal sealed class Cpu
{
    private readonly TimeSpan _self = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly double _children = Children();
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public static Cpu Start() => new();

    public string PerItem(long items)
    {
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _self).TotalMilliseconds;
        var children = (Children() - _children) * 1000;
        var share = (self + children) / _wall.Elapsed.TotalMilliseconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"CPU {1000 * self / Math.Max(1, items):0.0} µs/reading in this process + {1000 * children / Math.Max(1, items):0.0} µs in mosquitto, {share:0.00} cores used");
    }

    /// <summary>Seconds of CPU of running children (mosquitto), summed over /proc/[pid]/stat of this process's children.</summary>
    private static double Children()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self)
                {
                    total += (double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
            }
        }

        return total;
    }
}
