using System.Diagnostics;
using System.Globalization;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Transport.Grpc;

namespace Wms.Server.Bench;

/// <summary>
/// Durable pick confirmations through the full stack: the real server process (SQLite file with
/// synchronous=FULL by default, or PostgreSQL), 64 pickers each confirming one unit at a time on their
/// own trip, as fast as the server acknowledges. Prints confirmations/s and latency percentiles, then
/// checks that every acknowledged confirmation is in the orders' picked quantities. With <c>--servers N</c>
/// (PostgreSQL), N server processes share the database and the pickers are spread over them round robin.
/// </summary>
internal static class PickConfirmBench
{
    public static async Task<int> RunAsync(Settings settings)
    {
        const string adminToken = "bench-admin-token";
        await using var store = await BenchStore.CreateAsync(settings.Postgres);
        var data = store.Data;

        Console.WriteLine($"seeding {settings.Clients} SKUs in {settings.Clients} bins ({data.Provider})...");
        await Seed.RunAsync(data, settings.Clients, settings.Clients, 10_000_000);
        var ports = Enumerable.Range(0, settings.Servers).Select(_ => BenchStore.FreePort()).ToList();
        var servers = store.StartServers(ports, adminToken, new Dictionary<string, string>
        {
            ["Wms:Database:SqliteSynchronous"] = settings.Synchronous,
            ["Wms:Security:TokenRefreshSeconds"] = "1",
        });
        var channels = new List<GrpcChannel>();
        try
        {
            foreach (var p in ports)
            {
                await WmsServerProcess.WaitUntilServingAsync(p, adminToken);
                channels.Add(GrpcChannel.ForAddress($"http://127.0.0.1:{p}"));
            }

            var admin = channels[0].CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + adminToken));
            var pickers = await PrepareTripsAsync(admin, channels, settings.Clients);

            Console.WriteLine($"{settings.Clients} pickers confirming on {settings.Servers} server(s): {settings.WarmUpSeconds} s warm-up, {settings.DurationSeconds} s measured...");
            var cpuBefore = TotalProcessorTime(servers);
            var postgresBefore = MachineCpu.OfProcessesNamed("postgres");
            var machineBefore = MachineCpu.Busy();
            var measuring = Stopwatch.StartNew();
            var warmUpEnds = TimeSpan.FromSeconds(settings.WarmUpSeconds);
            var ends = warmUpEnds + TimeSpan.FromSeconds(settings.DurationSeconds);
            var results = await Task.WhenAll(pickers.Select(p => Task.Run(() => ConfirmLoopAsync(p, measuring, warmUpEnds, ends))));

            var serverCpuMs = (TotalProcessorTime(servers) - cpuBefore).TotalMilliseconds;
            var postgresCpuMs = (MachineCpu.OfProcessesNamed("postgres") - postgresBefore).TotalMilliseconds;
            var machineBusy = (MachineCpu.Busy() - machineBefore).TotalSeconds / measuring.Elapsed.TotalSeconds;
            var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
            var acknowledged = results.Sum(r => r.Acknowledged);
            var failed = results.Sum(r => r.Failed);
            var rate = latencies.Length / settings.DurationSeconds;
            var picked = 0L;
            foreach (var p in pickers)
            {
                var order = await admin.AsyncUnaryCall(WmsMethods.Order.GetOrder, new GetOrderRequest { WarehouseCode = Seed.Warehouse, Reference = p.OrderReference }, new CallOptions());
                picked += order.Lines.Sum(l => l.PickedQuantity);
            }

            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"{data.Provider}, synchronous={settings.Synchronous}, {settings.Servers} server(s), {settings.Clients} concurrent pickers, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            // Server CPU per confirmation (all servers together) holds on a noisy machine where the rate does not.
            // PostgreSQL's share (its processes on this machine) and how busy the whole machine was say whether the cores ran out.
            Console.WriteLine("| confirmations/s | p50 ms | p90 ms | p99 ms | max ms | server CPU µs/confirmation | PostgreSQL CPU µs/confirmation | machine busy (cores) | failed | acknowledged | picked in orders |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(FormattableString.Invariant($"| {rate:0} | {Pct(latencies, 0.5):0.0} | {Pct(latencies, 0.9):0.0} | {Pct(latencies, 0.99):0.0} | {latencies[^1]:0.0} | {serverCpuMs * 1000 / acknowledged:0} | {(data.Provider == DatabaseProvider.Postgres ? (postgresCpuMs * 1000 / acknowledged).ToString("0", CultureInfo.InvariantCulture) : "-")} | {machineBusy:0.00} | {failed} | {acknowledged} | {picked} |"));
            if (failed > 0 || picked != acknowledged)
            {
                Console.Error.WriteLine("MISMATCH: every acknowledged confirmation must be picked, and none may fail.");
                return 1;
            }

            return 0;
        }
        finally
        {
            // The store stops the servers and removes the database when it is disposed, after this.
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static TimeSpan TotalProcessorTime(List<Process> servers)
    {
        var total = TimeSpan.Zero;
        foreach (var server in servers)
        {
            server.Refresh();
            total += server.TotalProcessorTime;
        }

        return total;
    }

    private static double Pct(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    // One order of one line per picker, each its own trip, with enough units that no trip ends during the run.
    private static async Task<List<Picker>> PrepareTripsAsync(CallInvoker admin, List<GrpcChannel> channels, int count)
    {
        var references = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var order = new CreateOrderRequest { RequestId = "bench-order-" + i, WarehouseCode = Seed.Warehouse, Reference = "BENCH-" + i, RequestedShipDate = "2026-12-01" };
            order.Lines.Add(new CreateOrderLine { SkuCode = Seed.SkuCode(i), Quantity = 5_000_000 });
            await admin.AsyncUnaryCall(WmsMethods.Order.CreateOrder, order, new CallOptions());
            references.Add(order.Reference);
        }

        var wave = new ReleaseWaveRequest { RequestId = "bench-wave", WarehouseCode = Seed.Warehouse, MaxLinesPerTrip = 1 };
        wave.OrderReferences.AddRange(references);
        await admin.AsyncUnaryCall(WmsMethods.Order.ReleaseWave, wave, new CallOptions());

        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            tokens.Add((await admin.AsyncUnaryCall(WmsMethods.Access.CreateToken, new CreateTokenRequest { RequestId = "bench-token-" + i, Name = "picker-" + i, Roles = { "picker" } }, new CallOptions())).Token);
        }

        if (channels.Count > 1)
        {
            // The other servers learn of tokens made on the first at their next token refresh (1 s here).
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        var pickers = new List<Picker>();
        for (var i = 0; i < count; i++)
        {
            // Picker i talks to server i mod N, as a load balancer spreading connections would.
            var token = tokens[i];
            var invoker = channels[i % channels.Count].CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + token));
            var next = await invoker.AsyncUnaryCall(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = "bench-next-" + i, WarehouseCode = Seed.Warehouse }, new CallOptions());
            pickers.Add(new Picker(invoker, next.Task, next.Task.OrderReference, i));
        }

        return pickers;
    }

    private static async Task<LoopResult> ConfirmLoopAsync(Picker picker, Stopwatch clock, TimeSpan warmUpEnds, TimeSpan ends)
    {
        var latencies = new List<double>();
        long acknowledged = 0, failed = 0;
        for (var n = 0; clock.Elapsed < ends; n++)
        {
            var started = clock.Elapsed;
            try
            {
                await picker.Invoker.AsyncUnaryCall(WmsMethods.Picking.ConfirmPick, new ConfirmPickRequest
                {
                    RequestId = string.Create(CultureInfo.InvariantCulture, $"bench-{picker.Index}-{n}"),
                    TaskId = picker.Task.TaskId,
                    ScannedBinCode = picker.Task.BinCode,
                    ScannedSku = picker.Task.SkuCode,
                    Quantity = 1,
                }, new CallOptions());
                acknowledged++;
                if (started >= warmUpEnds && clock.Elapsed <= ends)
                {
                    latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                }
            }
            catch (RpcException ex)
            {
                failed++;
                Console.Error.WriteLine($"picker {picker.Index}: {ex.Status}");
            }
        }

        return new LoopResult(latencies, acknowledged, failed);
    }
}

internal sealed record Picker(CallInvoker Invoker, Wms.Contracts.V1.PickTask Task, string OrderReference, int Index);

internal sealed record LoopResult(List<double> Latencies, long Acknowledged, long Failed);
