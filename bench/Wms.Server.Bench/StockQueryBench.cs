using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Data;
using Wms.Server.Transport.Grpc;
using BinKind = Wms.Contracts.V1.BinKind;

namespace Wms.Server.Bench;

/// <summary>
/// A big warehouse through the API: imports the layout (50,000 bins by default) and the SKUs (20,000) with
/// timed calls, puts one stock balance per SKU, then loads QueryStock for one bin and for one SKU with
/// h2load at 16 connections × 16 streams, printing calls/s and latency percentiles. With <c>--servers N</c>
/// (PostgreSQL), server 1 takes the seeding, then N servers on the one database are loaded at once, one
/// h2load each with the 16 connections split between them.
/// </summary>
internal static class StockQueryBench
{
    private const string AdminToken = "bench-admin-token";

    public static async Task<int> RunAsync(Settings settings)
    {
        if (!H2Load.IsInstalled())
        {
            Console.Error.WriteLine("h2load not found: apt-get install nghttp2-client");
            return 2;
        }

        await using var store = await BenchStore.CreateAsync(settings.Postgres);
        var data = store.Data;
        var ports = Enumerable.Range(0, settings.Servers).Select(_ => BenchStore.FreePort()).ToList();
        // Server 1 alone creates the schema and takes the seeding; the others start on the seeded database.
        var servers = store.StartServers(ports.Take(1), AdminToken);
        await WmsServerProcess.WaitUntilServingAsync(ports[0], AdminToken);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{ports[0]}", new GrpcChannelOptions { MaxSendMessageSize = null });
        var admin = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + AdminToken));
        var options = new CallOptions(deadline: DateTime.UtcNow.AddMinutes(10));
        await admin.AsyncUnaryCall(WmsMethods.Layout.CreateWarehouse, new CreateWarehouseRequest
        {
            RequestId = "bench-wh",
            Warehouse = new Warehouse { Code = Seed.Warehouse, Name = "Benchmark", Kind = WarehouseKind.Central },
        }, options);

        var import = new ImportLayoutRequest { RequestId = "bench-layout", WarehouseCode = Seed.Warehouse };
        import.Zones.Add(new Zone { Code = "A", Name = "All" });
        for (var i = 0; i < settings.Bins; i++)
        {
            import.Bins.Add(new Bin { ZoneCode = "A", Code = Seed.BinCode(i), Kind = i % 5 == 0 ? BinKind.Reserve : BinKind.PickFace, Aisle = i / 50, Position = i % 50, XM = i / 50 * 3.0, YM = i % 50 * 1.2, CapacityUnits = 1000 });
        }

        var layoutTime = await TimeAsync(() => admin.AsyncUnaryCall(WmsMethods.Layout.ImportLayout, import, options).ResponseAsync);

        var skuTime = await TimeAsync(async () =>
        {
            for (var start = 0; start < settings.Skus; start += 10_000)
            {
                var upsert = new UpsertSkusRequest { RequestId = "bench-skus-" + start };
                for (var i = start; i < Math.Min(settings.Skus, start + 10_000); i++)
                {
                    upsert.Skus.Add(new Sku { Code = Seed.SkuCode(i), Description = "Bench item " + i });
                }

                await admin.AsyncUnaryCall(WmsMethods.Catalog.UpsertSkus, upsert, options);
            }
        });

        await Seed.StockAsync(data, settings.Skus, settings.Bins, 100);
        var listTime = await TimeAsync(() => admin.AsyncUnaryCall(WmsMethods.Layout.ListBins, new ListBinsRequest { WarehouseCode = Seed.Warehouse, CodePrefix = "A-0500-", PageSize = 100 }, options).ResponseAsync);

        servers.AddRange(store.StartServers(ports.Skip(1), AdminToken));
        var byBinRequest = new QueryStockRequest { WarehouseCode = Seed.Warehouse, BinCode = Seed.BinCode(12_345 % Math.Min(settings.Skus, settings.Bins)) };
        var bySkuRequest = new QueryStockRequest { WarehouseCode = Seed.Warehouse, SkuCode = Seed.SkuCode(4_321 % settings.Skus) };
        foreach (var port in ports)
        {
            await WmsServerProcess.WaitUntilServingAsync(port, AdminToken);

            // h2load sees only HTTP 200; make sure the calls it repeats really answer, on every server.
            using var serverChannel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            var invoker = serverChannel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + AdminToken));
            foreach (var request in new[] { byBinRequest, bySkuRequest })
            {
                var check = await invoker.AsyncUnaryCall(WmsMethods.Inventory.QueryStock, request, options);
                if (check.Lines.Count == 0 || check.Lines.Any(l => l.OnHand != 100))
                {
                    throw new InvalidOperationException($"QueryStock on port {port} did not find the seeded stock for {request}.");
                }
            }
        }

        var byBin = LoadAll(settings, servers, ports, WmsMethods.Inventory.QueryStock.FullName, Frame(byBinRequest), data);
        var bySku = LoadAll(settings, servers, ports, WmsMethods.Inventory.QueryStock.FullName, Frame(bySkuRequest), data);

        // The same pipeline (auth, logging, error mapping) around a handler that does nothing: the ceiling in this run.
        var trivial = LoadAll(settings, servers, ports, WmsMethods.ServerInfo.GetServerInfo.FullName, null, data);

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"{data.Provider}, {settings.Servers} server(s), {settings.Bins} bins, {settings.Skus} SKUs with one balance each, {Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        Console.WriteLine(FormattableString.Invariant($"ImportLayout of {settings.Bins} bins in one call: {layoutTime.TotalSeconds:0.00} s"));
        Console.WriteLine(FormattableString.Invariant($"UpsertSkus of {settings.Skus} SKUs ({(settings.Skus + 9_999) / 10_000} calls): {skuTime.TotalSeconds:0.00} s"));
        Console.WriteLine(FormattableString.Invariant($"ListBins by code prefix, first call: {listTime.TotalMilliseconds:0.0} ms"));
        Console.WriteLine(FormattableString.Invariant($"h2load -c{Connections} -m{Streams} in total, one h2load per server: connections {string.Join(" + ", byBin.PerServer.Select(r => r.Connections))}"));
        Console.WriteLine("| QueryStock | calls/s (all servers) | per server | p50 ms per server | p99 ms per server | server CPU µs/call (all servers) | PostgreSQL CPU µs/call (backends) | ratio to reference | failed |");
        Console.WriteLine("|---|---:|---|---|---|---:|---:|---:|---:|");
        foreach (var (name, r) in new[] { ("one bin", byBin), ("one SKU across the warehouse", bySku), ("(reference: GetServerInfo, same pipeline)", trivial) })
        {
            var postgres = data.Provider == DatabaseProvider.Postgres ? FormattableString.Invariant($"{r.PostgresUsPerCall:0} ({r.PostgresBackends})") : "-";
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {r.RequestsPerSecond:0} | {Join(r, x => x.Result.RequestsPerSecond, "0")} | {Join(r, x => x.Result.P50Ms, "0.00")} | {Join(r, x => x.Result.P99Ms, "0.00")} | {r.ServerCpuUsPerCall:0} | {postgres} | {r.RequestsPerSecond / trivial.RequestsPerSecond:0.00} | {r.Failed} |"));
        }

        return byBin.Failed + bySku.Failed + trivial.Failed == 0 ? 0 : 1;
    }

    private const int Connections = 16;
    private const int Streams = 16;

    /// <summary>
    /// One h2load per server, all at once, the connections split between them (as a load balancer spreading
    /// connections would); rates and CPU summed over the servers, PostgreSQL's CPU over the same window.
    /// </summary>
    private static ClusterResult LoadAll(Settings settings, List<Process> servers, List<int> ports, string path, byte[]? framedRequest, DataOptions data)
    {
        var database = data.Provider == DatabaseProvider.Postgres ? new Npgsql.NpgsqlConnectionStringBuilder(data.ConnectionString).Database : null;
        var postgresAtWarmUpEnd = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(settings.WarmUpSeconds));
            return database is null ? default : MachineCpu.OfPostgresBackends(database);
        });
        var runs = ports.Select((port, i) =>
        {
            var connections = Connections / ports.Count + (i < Connections % ports.Count ? 1 : 0);
            var load = new H2LoadSettings(connections, Streams, 1, settings.WarmUpSeconds, settings.DurationSeconds);
            return Task.Run(() => new ServerResult(connections, H2Load.Run(load, $"http://127.0.0.1:{port}{path}", AdminToken, framedRequest, servers[i])));
        }).ToArray();
        Task.WaitAll(runs);
        var perServer = runs.Select(r => r.Result).ToList();
        var before = postgresAtWarmUpEnd.GetAwaiter().GetResult();
        var calls = perServer.Sum(r => r.Result.RequestsPerSecond) * settings.DurationSeconds;
        // H2Load reports each server's CPU per call of its own load: back to CPU time, summed, over all calls.
        var serverCpuUs = perServer.Sum(r => r.Result.ServerCpuUsPerRequest * r.Result.RequestsPerSecond * settings.DurationSeconds);
        var after = database is null ? default : MachineCpu.OfPostgresBackends(database);
        return new ClusterResult(perServer, calls / settings.DurationSeconds, perServer.Sum(r => r.Result.Failed), serverCpuUs / calls, database is null ? double.NaN : (after.Cpu - before.Cpu).TotalMicroseconds / calls, after.Backends);
    }

    private static string Join(ClusterResult r, Func<ServerResult, double> value, string format) =>
        string.Join(" / ", r.PerServer.Select(x => value(x).ToString(format, CultureInfo.InvariantCulture)));

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record ServerResult(int Connections, H2LoadResult Result);

    /// <param name="PostgresBackends">The backends serving the bench database at the end: the connections the servers hold open.</param>
    private sealed record ClusterResult(List<ServerResult> PerServer, double RequestsPerSecond, long Failed, double ServerCpuUsPerCall, double PostgresUsPerCall, int PostgresBackends);

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.StartNew();
        await action();
        return started.Elapsed;
    }

    private static byte[] Frame(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
