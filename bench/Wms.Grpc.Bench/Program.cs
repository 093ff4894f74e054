using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

// Loads one unary method with h2load (nghttp2-client) and prints requests/s and latency percentiles:
// first a minimal hand-written h2c handler on Kestrel (the ceiling on this machine), then the real
// WMS server's GetServerInfo with its whole pipeline (call logging and bearer-token auth), in one run so
// that the ratio between them holds however noisy the machine is.
var settings = BenchSettings.Parse(args);
if (!H2Load.IsInstalled())
{
    Console.Error.WriteLine("h2load not found: apt-get install nghttp2-client");
    return 2;
}

const string token = "bench-admin-token";
var results = new List<(string Name, H2LoadResult Result)>();

await using (var baseline = await MinimalH2cServer.StartAsync(settings.BaselinePort))
{
    results.Add(("minimal h2c handler (Kestrel, no gRPC library)", H2Load.Run(settings.H2Load, $"http://127.0.0.1:{settings.BaselinePort}/bench.Raw/Call", token)));
}

await using (var bare = await BareGrpcServer.StartAsync(settings.BaselinePort))
{
    results.Add(("Wms.Grpc trivial unary, no interceptors", H2Load.Run(settings.H2Load, $"http://127.0.0.1:{settings.BaselinePort}/bench.Bare/Call", token)));
}

var server = WmsServerProcess.Start(settings.ServerPort, token);
try
{
    await WmsServerProcess.WaitUntilServingAsync(settings.ServerPort, token);
    results.Add(("Wms.Server GetServerInfo (auth + logging interceptors)", H2Load.Run(settings.H2Load, $"http://127.0.0.1:{settings.ServerPort}/wms.v1.ServerInfoService/GetServerInfo", token)));
}
finally
{
    server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
}

Console.WriteLine();
Console.WriteLine(FormattableString.Invariant($"h2load -c{settings.Connections} -m{settings.Streams} -t{settings.Threads}, warm-up {settings.WarmUpSeconds} s, measured {settings.DurationSeconds} s, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
Console.WriteLine("| target | req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | failed |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
foreach (var (name, r) in results)
{
    Console.WriteLine(FormattableString.Invariant($"| {name} | {r.RequestsPerSecond:0} | {r.P50Ms:0.00} | {r.P90Ms:0.00} | {r.P99Ms:0.00} | {r.P999Ms:0.00} | {r.Failed} |"));
}

Console.WriteLine(FormattableString.Invariant($"ratio Wms.Grpc bare/minimal: {results[1].Result.RequestsPerSecond / results[0].Result.RequestsPerSecond:0.00}, WMS/minimal: {results[2].Result.RequestsPerSecond / results[0].Result.RequestsPerSecond:0.00}"));
return results.Any(r => r.Result.Failed > 0 || r.Result.Succeeded == 0) ? 1 : 0;

internal sealed record BenchSettings(int Connections, int Streams, int Threads, int WarmUpSeconds, int DurationSeconds, int BaselinePort, int ServerPort)
{
    public H2LoadSettings H2Load => new(Connections, Streams, Threads, WarmUpSeconds, DurationSeconds);

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings(16, 16, 1, 3, 10, 5098, 5099);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--connections" => s with { Connections = value },
                "--streams" => s with { Streams = value },
                "--threads" => s with { Threads = value },
                "--warmup" => s with { WarmUpSeconds = value },
                "--duration" => s with { DurationSeconds = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}; options: --connections --streams --threads --warmup --duration"),
            };
        }

        return s;
    }
}

/// <summary>The library alone: one unary method through Wms.Grpc with nothing around it.</summary>
internal static class BareGrpcServer
{
    private static readonly Wms.Grpc.Method<byte[], byte[]> Method = new(Wms.Grpc.MethodType.Unary, "bench.Bare", "Call", Wms.Grpc.Marshallers.Bytes, Wms.Grpc.Marshallers.Bytes);

    public static async Task<WebApplication> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        Wms.Grpc.GrpcServerExtensions.AddGrpc(builder.Services);
        var app = builder.Build();
        Wms.Grpc.GrpcServerExtensions.MapGrpcService<BareService>(app, b => b.Unary(Method, static (_, request, _) => Task.FromResult(request)));
        await app.StartAsync();
        return app;
    }

    private sealed class BareService;
}

/// <summary>The ceiling: a handler that writes a canned gRPC response with no library in between.</summary>
internal static class MinimalH2cServer
{
    private static readonly byte[] Response = [0, 0, 0, 0, 0];

    public static async Task<WebApplication> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapPost("/bench.Raw/Call", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(Response);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        return app;
    }
}
