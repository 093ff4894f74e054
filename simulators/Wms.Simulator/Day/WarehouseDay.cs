using System.Diagnostics;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Simulator.Hosting;
using Wms.Simulator.Report;
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

    /// <summary>
    /// Runs the day; <see cref="Metrics"/> may be read meanwhile by the live display, from another thread. In load
    /// mode (<see cref="SimOptions.Concurrent"/>) the simulator's own code runs on one thread of its own, so its
    /// people and devices overlap in their calls while their bookkeeping stays single-threaded.
    /// </summary>
    public Task<DayMetrics> RunAsync(CancellationToken cancellationToken) =>
        options.Concurrent ? SingleThreadContext.RunAsync(() => RunDayAsync(cancellationToken)) : RunDayAsync(cancellationToken);

    private async Task<DayMetrics> RunDayAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var midnightLocal = options.Date.ToDateTime(TimeOnly.MinValue);
        var midnight = new DateTimeOffset(midnightLocal, zone.GetUtcOffset(midnightLocal));
        var shiftStart = midnight + TimeSpan.FromHours(options.ShiftStartHour);
        var end = shiftStart + TimeSpan.FromHours(options.Hours);
        var clock = new SimulatedClock(midnight);
        var loop = new EventLoop(clock, options.Speed, options.Concurrent);
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
            server = new InProcessServer(clock, AdminToken, options.SolverIterations);
            // Starts the host (migrations, the demo warehouse, the broker). WebApplicationFactory starts it by
            // waiting on async work: on the pool, so that in load mode it does not wait on the simulator's own thread.
            await Task.Run(() => _ = server.Server, cancellationToken);
            link = new ServerLink(server.Address, server.CreateGrpcHandler(), AdminToken, "127.0.0.1", server.MqttPort);
        }

        var pickers = new List<SimPicker>();
        var operators = new List<SimOperator>();
        Devices? devices = null;
        try
        {
            var floor = await Floor.LoadAsync(link, Metrics, options.Warehouse);
            // The receiver and the replenisher draw nothing at random: they do what the screen and the office ask.
            var receiver = options.Receipts > 0 ? new SimOperator("receiver-1", OperatorJob.Receiver, options, link, floor, loop, Metrics) : null;
            var replenisher = new SimOperator("replenisher-1", OperatorJob.Replenisher, options, link, floor, loop, Metrics);
            operators.AddRange(new[] { receiver, replenisher }.OfType<SimOperator>());
            var office = new Office(options, link, floor, loop, Metrics, zone, receiver, replenisher);
            await office.SetUpPickFacesAsync();
            Metrics.OnHandStart = await office.OnHandAsync();
            var stocked = Metrics.OnHandStart.Where(s => s.Value > 0).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
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

            foreach (var (op, i) in operators.Select((o, i) => (o, i)))
            {
                loop.At(shiftStart + TimeSpan.FromSeconds(10 + (20 * i)), () => op.SignInAsync(end));
            }

            // The carrier's and the devices' random sources are drawn after the pickers': the same pickers draw
            // the same with or without them.
            var carrierRandom = new Random(random.Next());
            if (options.Devices > 0)
            {
                devices = new Devices(options, link, floor, loop, Metrics, new Random(random.Next()));
                await devices.StartAsync(shiftStart, end);
            }

            // The counter draws last: adding them changed nothing the others draw.
            var counter = new SimOperator("counter-1", OperatorJob.Counter, options, link, floor, loop, Metrics, new Random(random.Next()));
            operators.Add(counter);
            loop.At(shiftStart + TimeSpan.FromSeconds(50), () => counter.SignInAsync(end));

            var carrier = new Carrier(options, link, loop, Metrics, midnight, devices, carrierRandom);
            await carrier.SetUpAsync(shiftStart, end);
            for (var at = shiftStart; at <= end; at += TimeSpan.FromMinutes(15))
            {
                loop.At(at, () => CountAlertsAsync(link));
            }

            // Where the run stands each simulated hour (and at the end of the shift): throughput and latency per hour.
            for (var at = shiftStart; at < end; at += TimeSpan.FromHours(1))
            {
                loop.At(at, () => MarkHour(watch));
            }

            loop.At(end, () => MarkHour(watch));

            if (options.Concurrent)
            {
                await MeasureReferenceAsync(link);
            }

            Metrics.SetUpDuration = watch.Elapsed;
            // A soak's real-time limit stops the day where it got to: what was done is reported and checked.
            using var limit = options.MaxRealMinutes is { } minutes ? new CancellationTokenSource(TimeSpan.FromMinutes(minutes)) : new CancellationTokenSource();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            try
            {
                await loop.RunUntilAsync(end, stop.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                Metrics.CutShortAt = loop.Now;
                await MarkHour(watch);
            }

            foreach (var picker in pickers)
            {
                picker.EndShift(Metrics.CutShortAt ?? end);
            }

            // The shift is over; the vans still drive until their last hand-over.
            Metrics.OnHandEnd = await office.OnHandAsync();
            if (carrier.LastDelivery > end && Metrics.CutShortAt is null)
            {
                await loop.RunUntilAsync(carrier.LastDelivery, cancellationToken);
            }

            Metrics.LoopDuration = watch.Elapsed - Metrics.SetUpDuration;
            Metrics.Now = loop.Now;
            Metrics.Events = loop.Processed;
            var problems = server is not null ? await server.VerifyStockAsync(cancellationToken)
                : options.Database is { } database ? await DatabaseCheck.VerifyStockAsync(database, options.DatabaseProvider, cancellationToken)
                : null;
            if (problems is not null)
            {
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

            foreach (var worker in pickers.Cast<IAsyncDisposable>().Concat(operators))
            {
                await worker.DisposeAsync();
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

    /// <summary>
    /// The reference of a load run, in the same run: 500 GetServerInfo calls one after the other (the lightest call,
    /// through the same channel), so that the day's latencies can be read as a ratio to it on a machine whose load
    /// other processes set.
    /// </summary>
    private async Task MeasureReferenceAsync(ServerLink link)
    {
        for (var i = 0; i < 500; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await link.Admin.AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest());
            Metrics.ReferenceMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Metrics.ReferenceMilliseconds.Sort();
    }

    private Task MarkHour(Stopwatch watch)
    {
        Metrics.HourMarks.Add(new HourMark(Metrics.Clock!.GetUtcNow(), watch.Elapsed.TotalSeconds, Metrics.CallMilliseconds.Count, Metrics.HandheldMilliseconds.Count, Metrics.DeviceReadings));
        if (options.Quiet && options.Concurrent && Metrics.HourMarks.Count > 1)
        {
            // A load run's log: each simulated hour's figures as it ends, so a run stopped from outside still tells them.
            Console.WriteLine(new DaySummary(Metrics).HourLine(Metrics.HourMarks.Count - 2));
        }

        return Task.CompletedTask;
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
