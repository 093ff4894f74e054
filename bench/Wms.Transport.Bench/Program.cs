using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

// Loads unary calls with h2load (nghttp2-client) and prints calls/s and latency percentiles for two server
// builds, A and B, in alternating rounds (A, B, A, B...) so that the ratio between them holds however noisy
// the machine is: the health check (a trivial call through the transport, no auth) and GetServerInfo (the
// whole pipeline: bearer authentication, role check, logging and metrics, error mapping). A minimal h2c
// handler with no gRPC library gives the ceiling on this machine in the same run.
var settings = BenchSettings.Parse(args);
if (!H2Load.IsInstalled())
{
    Console.Error.WriteLine("h2load not found: apt-get install nghttp2-client");
    return 2;
}

const string token = "bench-admin-token";
var results = new List<(string Server, string Call, H2LoadResult Result)>();

await using (var baseline = await MinimalH2cServer.StartAsync(settings.BaselinePort))
{
    results.Add(("-", "minimal h2c handler (Kestrel, no gRPC library)", H2Load.Run(settings.H2Load, $"http://127.0.0.1:{settings.BaselinePort}/bench.Raw/Call", token)));
}

byte[] empty = [0, 0, 0, 0, 0];
for (var round = 0; round < settings.Rounds; round++)
{
    foreach (var (name, dll) in settings.Servers)
    {
        var server = WmsServerProcess.Start(settings.ServerPort, token, serverDll: dll);
        try
        {
            await WmsServerProcess.WaitUntilServingAsync(settings.ServerPort, token);
            results.Add((name, "grpc.health.v1.Health/Check", H2Load.Run(settings.H2Load, $"http://127.0.0.1:{settings.ServerPort}/grpc.health.v1.Health/Check", token, empty, server)));
            results.Add((name, "wms.v1.ServerInfoService/GetServerInfo", H2Load.Run(settings.H2Load, $"http://127.0.0.1:{settings.ServerPort}/wms.v1.ServerInfoService/GetServerInfo", token, empty, server)));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}

Console.WriteLine();
Console.WriteLine(FormattableString.Invariant($"h2load -c{settings.Connections} -m{settings.Streams} -t{settings.Threads}, warm-up {settings.WarmUpSeconds} s, measured {settings.DurationSeconds} s, {settings.Rounds} rounds, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
foreach (var (name, dll) in settings.Servers)
{
    Console.WriteLine($"{name} = {dll}");
}

Console.WriteLine("| server | call | req/s | p50 ms | p90 ms | p99 ms | server CPU µs/call | failed |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
foreach (var (server, call, r) in results)
{
    Console.WriteLine(FormattableString.Invariant($"| {server} | {call} | {r.RequestsPerSecond:0} | {r.P50Ms:0.00} | {r.P90Ms:0.00} | {r.P99Ms:0.00} | {r.ServerCpuUsPerRequest:0.0} | {r.Failed} |"));
}

if (settings.Servers.Count == 2)
{
    foreach (var call in results.Select(r => r.Call).Distinct().Skip(1))
    {
        var a = results.Where(r => r.Call == call && r.Server == "A").Average(r => r.Result.RequestsPerSecond);
        var b = results.Where(r => r.Call == call && r.Server == "B").Average(r => r.Result.RequestsPerSecond);
        Console.WriteLine(FormattableString.Invariant($"{call}: mean A {a:0}/s, mean B {b:0}/s, B/A {b / a:0.00}"));
    }
}

return results.Any(r => r.Result.Failed > 0 || r.Result.Succeeded == 0) ? 1 : 0;

internal sealed record BenchSettings(int Connections, int Streams, int Threads, int WarmUpSeconds, int DurationSeconds, int Rounds, int BaselinePort, int ServerPort, IReadOnlyList<(string Name, string Dll)> Servers)
{
    public H2LoadSettings H2Load => new(Connections, Streams, Threads, WarmUpSeconds, DurationSeconds);

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings(16, 16, 1, 3, 10, 1, 5098, 5099, []);
        string? a = null, b = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--server-a": a = value; break;
                case "--server-b": b = value; break;
                default:
                    var number = int.Parse(value, CultureInfo.InvariantCulture);
                    s = args[i] switch
                    {
                        "--connections" => s with { Connections = number },
                        "--streams" => s with { Streams = number },
                        "--threads" => s with { Threads = number },
                        "--warmup" => s with { WarmUpSeconds = number },
                        "--duration" => s with { DurationSeconds = number },
                        "--rounds" => s with { Rounds = number },
                        _ => throw new ArgumentException($"Unknown option {args[i]}; options: --server-a DLL --server-b DLL --rounds --connections --streams --threads --warmup --duration"),
                    };
                    break;
            }
        }

        // Without A and B: the server built with the bench, alone.
        List<(string, string)> servers = a is null && b is null ? [("this build", WmsServerProcess.DefaultDll)] : [("A", a ?? WmsServerProcess.DefaultDll), ("B", b ?? WmsServerProcess.DefaultDll)];
        return s with { Servers = servers };
    }
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
