using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wms.Grpc.Tests.Support;

/// <summary>Real Kestrel on a free loopback port speaking h2c, serving Echo, health and reflection.</summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly List<string> _log;

    private GrpcTestServer(WebApplication app, Uri address, List<string> log)
    {
        _app = app;
        Address = address;
        _log = log;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcTestServer> StartAsync(Action<GrpcServiceOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        var log = new List<string>();
        builder.Logging.ClearProviders().AddProvider(new ListLoggerProvider(log)).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddGrpc(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        return new GrpcTestServer(app, address, log);
    }

    /// <summary>Log lines so far (copied under a lock: Kestrel logs from many threads).</summary>
    public string[] LogLines()
    {
        lock (_log)
        {
            return [.. _log];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines)
            {
                lines.Add($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name)}");
            }
        }
    }
}
