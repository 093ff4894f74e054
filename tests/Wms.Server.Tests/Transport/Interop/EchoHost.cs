using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wms.Server.Tests.Transport.Interop;

/// <summary>
/// Grpc.AspNetCore on real Kestrel (h2c, a free loopback port) serving echo.proto with health and reflection,
/// set up as the WMS server sets up its transport: default 4 MiB request limit, gzip responses for clients
/// that accept them.
/// </summary>
public sealed class EchoHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoHost(WebApplication app) => _app = app;

    public int Port => new Uri(_app.Urls.First()).Port;

    public EchoService.Cancellations Cancellations => _app.Services.GetRequiredService<EchoService.Cancellations>();

    public static async Task<EchoHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton<EchoService.Cancellations>();
        builder.Services.AddGrpc(o => o.ResponseCompressionAlgorithm = "gzip");
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        await app.StartAsync();
        return new EchoHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
