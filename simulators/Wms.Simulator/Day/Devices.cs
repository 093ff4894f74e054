using System.Globalization;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>
/// The floor's devices over MQTT, as real ones talk to the server (MQTTnet client, their own credentials
/// from <c>RegisterDevice</c>): cold-room probes around 4 °C with occasional excursions, shelf scales under
/// pick faces whose reading drifts away from the book, dock scanners that send heartbeats and scan the
/// shipments onto the vans (<see cref="ScanLoadAsync"/>); now and then a device goes silent for a while
/// (the server's monitor, on the simulated clock, marks it offline).
/// </summary>
public sealed class Devices(SimOptions options, ServerLink link, Floor floor, EventLoop loop, DayMetrics metrics, Random random) : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly List<SimDevice> _devices = [];

    private sealed class SimDevice(string code, DeviceKind kind, IMqttClient client, MqttClientOptions connect, string bin, string sku)
    {
        public string Code => code;
        public DeviceKind Kind => kind;
        public IMqttClient Client => client;
        public MqttClientOptions Connect => connect;
        public string Bin => bin;
        public string Sku => sku;
        public long Seq;
        public double DriftGrams;
        public DateTimeOffset SilentUntil;
        public DateTimeOffset ExcursionUntil;
        public long BookUnits = -1;
    }

    /// <summary>
    /// A message's timestamp from the device's clock: the simulated one with the in-process server; against a server
    /// already running, which keeps its own wall clock and refuses readings stamped ahead of it, the real one (a
    /// device's clock is set from the network, as the server's is).
    /// </summary>
    private string Stamp(DateTimeOffset simulated) =>
        (link.InProcess ? simulated : TimeProvider.System.GetUtcNow()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The dock scanner scans a shipment onto its van: an MQTT <c>scan</c> event <c>load</c> (the server marks it
    /// loaded as gRPC <c>MarkLoaded</c> would, and answers on the scanner's cmd topic). False when there is no
    /// scanner on the floor or it is silent (the dock worker then uses the office's terminal).
    /// </summary>
    public async Task<bool> ScanLoadAsync(long shipmentId)
    {
        var now = loop.Now;
        var scanner = _devices.Find(d => d.Kind == DeviceKind.Scanner && now >= d.SilentUntil);
        if (scanner is null)
        {
            return false;
        }

        var ts = Stamp(now);
        var json = string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{++scanner.Seq},\"ts\":\"{ts}\",\"action\":\"load\",\"shipment_id\":{shipmentId}}}");
        var result = await PublishAsync(scanner, new MqttApplicationMessageBuilder().WithTopic($"wms/{options.Warehouse}/{scanner.Code}/scan")
            .WithPayload(Encoding.UTF8.GetBytes(json)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        if (result is null)
        {
            return false;
        }

        if (!result.IsSuccess)
        {
            metrics.Errors.Add($"{scanner.Code}: load scan refused ({result.ReasonCode} {result.ReasonString})");
            return false;
        }

        metrics.DockScans++;
        return true;
    }

    public async Task StartAsync(DateTimeOffset from, DateTimeOffset end)
    {
        var faces = floor.Bins.Where(b => b.Kind == BinKind.PickFace).OrderBy(b => b.Code, StringComparer.Ordinal).ToList();
        var docks = floor.Bins.Where(b => b.Kind == BinKind.Dock).OrderBy(b => b.Code, StringComparer.Ordinal).ToList();
        var stock = await link.CallAsync(metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = options.Warehouse, PageSize = 500 });
        var skuIn = stock.Lines.GroupBy(l => l.BinCode, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().SkuCode, StringComparer.OrdinalIgnoreCase);
        var scaled = faces.Where(f => skuIn.ContainsKey(f.Code)).ToList();
        for (var i = 0; i < options.Devices; i++)
        {
            var code = $"SIM-{options.Warehouse}-{i + 1:D4}";
            var request = new RegisterDeviceRequest { RequestId = link.NextRequestId("device"), WarehouseCode = options.Warehouse, Code = code, HeartbeatSeconds = 300 };
            var (bin, sku) = ("", "");
            switch (i % 3)
            {
                case 0:
                    request.Kind = DeviceKind.Probe;
                    request.ZoneCode = "A";
                    (request.MinCelsius, request.MaxCelsius, request.GraceSeconds) = (2, 8, 300);
                    break;
                case 1 when scaled.Count > 0:
                    var face = scaled[(i / 3) % scaled.Count];
                    (bin, sku) = (face.Code, skuIn[face.Code]);
                    request.Kind = DeviceKind.Scale;
                    (request.BinCode, request.SkuCode, request.TareGrams, request.ToleranceUnits, request.GraceSeconds) = (bin, sku, 500, 2, 600);
                    break;
                default:
                    request.Kind = DeviceKind.Scanner;
                    request.BinCode = docks.Count > 0 ? docks[i % docks.Count].Code : "";
                    break;
            }

            var secret = await link.CallAsync(metrics, WmsMethods.Device.RegisterDevice, request);
            var client = new MqttClientFactory().CreateMqttClient();
            // A long keep-alive: on a machine loaded by other processes the 15 s default let the broker drop idle
            // clients whose pings came late (a soak ended on it); a dropped client still reconnects (PublishAsync).
            var connect = new MqttClientOptionsBuilder().WithTcpServer(link.MqttHost, link.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId(code).WithCredentials(code, secret.Secret).WithCleanStart(true).WithKeepAlivePeriod(TimeSpan.FromSeconds(120)).Build();
            await client.ConnectAsync(connect);
            var device = new SimDevice(code, request.Kind, client, connect, bin, sku);
            _devices.Add(device);
            // Spread over the first interval so that readings do not all come in the same simulated second.
            loop.At(from + TimeSpan.FromSeconds(Interval.TotalSeconds * i / Math.Max(1, options.Devices)), () => TickAsync(device, end));
        }
    }

    private async Task TickAsync(SimDevice device, DateTimeOffset end)
    {
        var now = loop.Now;
        if (now >= end)
        {
            return;
        }

        // About one device in ten goes silent once in the day, for 10-30 minutes (battery, Wi-Fi).
        if (now >= device.SilentUntil && random.NextDouble() < 0.1 / 480)
        {
            device.SilentUntil = now + TimeSpan.FromMinutes(random.Next(10, 31));
        }

        if (now >= device.SilentUntil)
        {
            var payload = device.Kind switch
            {
                DeviceKind.Probe => Reading(device, now, "celsius", Temperature(device, now)),
                DeviceKind.Scale => Reading(device, now, "grams", await GramsAsync(device)),
                _ => Reading(device, now, null, 0),
            };
            var kind = device.Kind switch { DeviceKind.Probe => "temperature", DeviceKind.Scale => "weight", _ => "heartbeat" };
            var message = new MqttApplicationMessageBuilder().WithTopic($"wms/{options.Warehouse}/{device.Code}/{kind}").WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            var result = await PublishAsync(device, message);
            if (result is null)
            {
                // Not sent: reconnecting failed too (counted as an error there); the next reading comes next minute.
            }
            else if (result.IsSuccess)
            {
                metrics.DeviceReadings++;
            }
            else
            {
                metrics.Errors.Add($"{device.Code}: reading refused ({result.ReasonCode} {result.ReasonString})");
            }
        }

        loop.After(Interval, () => TickAsync(device, end));
    }

    /// <summary>
    /// Publishes at QoS 1; a device whose connection the broker dropped connects again and sends the message once
    /// more, as a real one does (counted: <see cref="DayMetrics.DeviceReconnects"/>). Null when it could not
    /// reconnect (an error of the run).
    /// </summary>
    private async Task<MqttClientPublishResult?> PublishAsync(SimDevice device, MqttApplicationMessage message)
    {
        if (device.Client.IsConnected)
        {
            try
            {
                return await device.Client.PublishAsync(message);
            }
            catch (Exception error) when (error is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
            {
                // The connection went while sending: connect again below.
            }
        }

        metrics.DeviceReconnects++;
        try
        {
            if (device.Client.IsConnected)
            {
                await device.Client.DisconnectAsync();
            }

            await device.Client.ConnectAsync(device.Connect);
            return await device.Client.PublishAsync(message);
        }
        catch (Exception error) when (error is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            metrics.Errors.Add($"{device.Code}: could not reconnect ({error.Message})");
            return null;
        }
    }

    /// <summary>About 4 °C; an excursion (a door left open, about twice a day per room) lasts 10-25 minutes at 9-12 °C.</summary>
    private double Temperature(SimDevice device, DateTimeOffset now)
    {
        if (now >= device.ExcursionUntil && random.NextDouble() < 2.0 / 1440)
        {
            device.ExcursionUntil = now + TimeSpan.FromMinutes(random.Next(10, 26));
        }

        return now < device.ExcursionUntil ? 9 + random.NextDouble() * 3 : 3.5 + random.NextDouble();
    }

    /// <summary>The book quantity's weight plus the tare and a drift that wanders (a scale losing its calibration).</summary>
    private async Task<double> GramsAsync(SimDevice device)
    {
        // In load mode a scale looks the book up every ten readings only: a query per reading of 700 scales
        // would be most of the load, and not one a real scale makes.
        if (device.BookUnits < 0 || !options.Concurrent || device.Seq % 10 == 0)
        {
            var stock = await link.CallAsync(metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = options.Warehouse, BinCode = device.Bin, SkuCode = device.Sku });
            device.BookUnits = stock.Lines.Sum(l => l.OnHand);
        }

        var units = device.BookUnits;
        var unitGrams = floor.Skus.TryGetValue(device.Sku, out var sku) ? sku.UnitWeightKg * 1000 : 500;
        device.DriftGrams += (random.NextDouble() - 0.45) * unitGrams * 0.1;
        return 500 + units * unitGrams + device.DriftGrams;
    }

    private byte[] Reading(SimDevice device, DateTimeOffset now, string? field, double value)
    {
        var ts = Stamp(now);
        var json = field is null
            ? $"{{\"seq\":{++device.Seq},\"ts\":\"{ts}\"}}"
            : string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{++device.Seq},\"ts\":\"{ts}\",\"{field}\":{value:0.###}}}");
        return Encoding.UTF8.GetBytes(json);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            try
            {
                await device.Client.DisconnectAsync();
            }
            catch (Exception error) when (error is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
            {
            }

            device.Client.Dispose();
        }
    }
}
