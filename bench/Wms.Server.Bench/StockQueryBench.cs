using System.Buffers.Binary;
using System.Diagnostics;
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
/// h2load at 16 connections × 16 streams, printing calls/s and latency percentiles.
/// </summary>
internal static class StockQueryBench
{
    private const string AdminToken = "bench-admin-token";
    private const int Port = 5096;

    public static async Task<int> RunAsync(Settings settings)
    {
        if (!H2Load.IsInstalled())
        {
            Console.Error.WriteLine("h2load not found: apt-get install nghttp2-client");
            return 2;
        }

        var database = Path.Combine(Path.GetTempPath(), "wms-bench-" + Guid.NewGuid().ToString("N") + ".db");
        var data = new DataOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=" + database };
        var server = WmsServerProcess.Start(Port, AdminToken, new Dictionary<string, string>
        {
            ["Wms:Database:ConnectionString"] = data.ConnectionString,
        });
        try
        {
            await WmsServerProcess.WaitUntilServingAsync(Port, AdminToken);
            using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{Port}", new GrpcChannelOptions { MaxSendMessageSize = null });
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

            // h2load sees only HTTP 200; make sure the calls it repeats really answer.
            var check = await admin.AsyncUnaryCall(WmsMethods.Inventory.QueryStock, new QueryStockRequest { WarehouseCode = Seed.Warehouse, BinCode = Seed.BinCode(12_345 % Math.Min(settings.Skus, settings.Bins)) }, options);
            if (check.Lines.Count == 0)
            {
                throw new InvalidOperationException("QueryStock found no stock in the benchmark bin.");
            }

            var load = new H2LoadSettings(16, 16, 1, settings.WarmUpSeconds, settings.DurationSeconds);
            var url = $"http://127.0.0.1:{Port}{WmsMethods.Inventory.QueryStock.FullName}";
            var byBin = H2Load.Run(load, url, AdminToken, Frame(new QueryStockRequest { WarehouseCode = Seed.Warehouse, BinCode = Seed.BinCode(12_345 % Math.Min(settings.Skus, settings.Bins)) }), server);
            var bySku = H2Load.Run(load, url, AdminToken, Frame(new QueryStockRequest { WarehouseCode = Seed.Warehouse, SkuCode = Seed.SkuCode(4_321 % settings.Skus) }), server);

            // The same pipeline (auth, logging, error mapping) around a handler that does nothing: the ceiling in this run.
            var trivial = H2Load.Run(load, $"http://127.0.0.1:{Port}{WmsMethods.ServerInfo.GetServerInfo.FullName}", AdminToken, server: server);

            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant($"SQLite, {settings.Bins} bins, {settings.Skus} SKUs with one balance each, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            Console.WriteLine(FormattableString.Invariant($"ImportLayout of {settings.Bins} bins in one call: {layoutTime.TotalSeconds:0.00} s"));
            Console.WriteLine(FormattableString.Invariant($"UpsertSkus of {settings.Skus} SKUs ({(settings.Skus + 9_999) / 10_000} calls): {skuTime.TotalSeconds:0.00} s"));
            Console.WriteLine(FormattableString.Invariant($"ListBins by code prefix, first call: {listTime.TotalMilliseconds:0.0} ms"));
            Console.WriteLine("| QueryStock (h2load -c16 -m16) | calls/s | p50 ms | p90 ms | p99 ms | server CPU µs/call | failed |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var (name, r) in new[] { ("one bin", byBin), ("one SKU across the warehouse", bySku), ("(reference: GetServerInfo, same pipeline)", trivial) })
            {
                Console.WriteLine(FormattableString.Invariant($"| {name} | {r.RequestsPerSecond:0} | {r.P50Ms:0.00} | {r.P90Ms:0.00} | {r.P99Ms:0.00} | {r.ServerCpuUsPerRequest:0} | {r.Failed} |"));
            }

            return byBin.Failed + bySku.Failed == 0 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(database + suffix);
            }
        }
    }

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
