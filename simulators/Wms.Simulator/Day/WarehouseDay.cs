using System.Diagnostics;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Simulator.Hosting;
using Wms.Simulator.Time;

namespace Wms.Simulator.Day;

/// <summary>
/// One simulated day from midnight to the end of the shift: the server (in-process on the simulated clock,
/// or an existing one), the floor read from it, the orders planned from the seed, the office, the pickers
/// and the devices, all on one event loop. Everything random comes from one <see cref="Random"/> seeded
/// with the day's seed, drawn in event order.
/// </summary>
public sealed class WarehouseDay(SimOptions options, string label)
{
    public const string AdminToken = "simulator-admin-token";

    public DayMetrics Metrics { get; } = new() { Label = label, Options = options };

    /// <summary>Runs the day; <see cref="Metrics"/> may be read meanwhile by the live display, from another thread.</summary>
    public async Task<DayMetrics> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var midnightLocal = options.Date.ToDateTime(TimeOnly.MinValue);
        var midnight = new DateTimeOffset(midnightLocal, zone.GetUtcOffset(midnightLocal));
        var shiftStart = midnight + TimeSpan.FromHours(options.ShiftStartHour);
        var end = shiftStart + TimeSpan.FromHours(options.Hours);
        var clock = new SimulatedClock(midnight);
        var loop = new EventLoop(clock, options.Speed);
        var random = new Random(options.Seed);
        Metrics.Start = midnight;
        Metrics.Clock = clock;
        Metrics.End = end;

        InProcessServer? server = null;
        ServerLink link;
        if (options.Address is { } address)
        {
            link = new ServerLink(address, null, options.Token!, options.MqttHost ?? new Uri(address).Host, options.MqttPort);
        }
        else
        {
            server = new InProcessServer(clock, AdminToken);
            _ = server.Server; // starts the host: migrations, the demo warehouse, the broker
            link = new ServerLink(server.Address, server.CreateGrpcHandler(), AdminToken, "127.0.0.1", server.MqttPort);
        }

        var pickers = new List<SimPicker>();
        Devices? devices = null;
        try
        {
            var floor = await Floor.LoadAsync(link, Metrics, options.Warehouse);
            var office = new Office(options, link, floor, loop, Metrics, zone);
            await office.SetUpPickFacesAsync();
            var stocked = await StockedSkusAsync(link);
            var orders = OrderStream.Plan(options, stocked, midnight, end, random);
            office.Schedule(orders, end);
            for (var i = 0; i < options.Pickers; i++)
            {
                // Each picker has a random source of their own, seeded from the day's: adding a picker does
                // not change what the others draw.
                var picker = new SimPicker($"picker-{i + 1:D3}", options, link, floor, loop, Metrics, new Random(random.Next()));
                pickers.Add(picker);
                loop.At(shiftStart + TimeSpan.FromSeconds(20 * i), () => picker.SignInAsync(end));
            }

            if (options.Devices > 0)
            {
                devices = new Devices(options, link, floor, loop, Metrics, new Random(random.Next()));
                await devices.StartAsync(shiftStart, end);
            }

            for (var at = shiftStart; at <= end; at += TimeSpan.FromMinutes(15))
            {
                loop.At(at, () => CountAlertsAsync(link));
            }

            Metrics.SetUpDuration = watch.Elapsed;
            await loop.RunUntilAsync(end, cancellationToken);
            Metrics.LoopDuration = watch.Elapsed - Metrics.SetUpDuration;
            Metrics.Now = loop.Now;
            Metrics.Events = loop.Processed;
            if (server is not null)
            {
                var problems = await server.VerifyStockAsync(cancellationToken);
                Metrics.IntegrityProblems = problems.Select(p => p.ToString()).ToList();
                Metrics.IntegrityChecked = true;
            }
        }
        finally
        {
            if (devices is not null)
            {
                await devices.DisposeAsync();
            }

            foreach (var picker in pickers)
            {
                await picker.DisposeAsync();
            }

            link.Dispose();
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        Metrics.RealDuration = watch.Elapsed;
        return Metrics;
    }

    private async Task<IReadOnlyList<string>> StockedSkusAsync(ServerLink link)
    {
        var skus = new HashSet<string>(StringComparer.Ordinal);
        var token = "";
        do
        {
            var page = await link.CallAsync(Metrics, WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = options.Warehouse, PageSize = 500, PageToken = token });
            skus.UnionWith(page.Lines.Where(l => l.OnHand > 0).Select(l => l.SkuCode));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return skus.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The day's alerts so far (raised by the server: excursions, mismatches, devices offline, low stock), by kind.</summary>
    private async Task CountAlertsAsync(ServerLink link)
    {
        var alerts = await link.CallAsync(Metrics, WmsMethods.Alert.ListAlerts, new ListAlertsRequest { WarehouseCode = options.Warehouse, Limit = 500 });
        Metrics.AlertsByKind.Clear();
        foreach (var alert in alerts.Alerts)
        {
            var kind = alert.Kind.ToString();
            Metrics.AlertsByKind[kind] = Metrics.AlertsByKind.GetValueOrDefault(kind) + 1;
        }

        Metrics.Alerts = alerts.Alerts.Count;
    }
}
