using System.Net;
using Grpc.AspNetCore.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

public sealed class ServerOptions
{
    /// <summary>Where h2c (plain HTTP/2, gRPC without TLS) is served.</summary>
    public string Address { get; set; } = "127.0.0.1:5000";

    /// <summary>
    /// Where HTTP/1.1 is served: gRPC-Web for browsers, the HTTP/JSON API, its OpenAPI document and the
    /// Prometheus metrics. Plain-text HTTP/2 (h2c) and HTTP/1.1 cannot share a port, hence a second one.
    /// Empty turns it off.
    /// </summary>
    public string HttpAddress { get; set; } = "127.0.0.1:5080";

    /// <summary>Where TLS is served (HTTP/2 and HTTP/1.1) when a certificate is configured.</summary>
    public string TlsAddress { get; set; } = "127.0.0.1:5001";

    /// <summary>A PFX/PKCS#12 file; empty turns TLS off.</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>Largest request message in bytes (a layout import of tens of thousands of bins is several MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest response message in bytes.</summary>
    public int MaxSendMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>"gzip" compresses responses for clients that accept it (grpc-accept-encoding); empty sends them plain.</summary>
    public string ResponseCompression { get; set; } = "";

    /// <summary>Concurrent calls on one HTTP/2 connection (a handheld uses a few, a shop's integration more).</summary>
    public int MaxConcurrentStreams { get; set; } = 200;

    /// <summary>HTTP/2 flow-control windows: large enough that a layout import is not throttled per round trip.</summary>
    public int InitialConnectionWindowSize { get; set; } = 1024 * 1024;

    public int InitialStreamWindowSize { get; set; } = 768 * 1024;

    /// <summary>Ping an idle connection after this long, and drop it when the ping is not answered in time:
    /// a handheld that walked out of Wi-Fi range frees its connection.</summary>
    public int KeepAlivePingSeconds { get; set; } = 60;

    public int KeepAlivePingTimeoutSeconds { get; set; } = 20;

    /// <summary>Call counts and durations by method at <c>/metrics</c> (Prometheus); off saves their cost per call.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Browser origins allowed to call gRPC-Web and HTTP/JSON (CORS); none by default.</summary>
    public string[] CorsOrigins { get; set; } = [];
}

public static class GrpcTransport
{
    private const string CorsPolicy = "wms-cors";

    private static readonly string[] ApiServices =
    [
        Contracts.V1.ServerInfoService.Descriptor.FullName, Contracts.V1.LayoutService.Descriptor.FullName, Contracts.V1.CatalogService.Descriptor.FullName,
        Contracts.V1.InventoryService.Descriptor.FullName, Contracts.V1.OrderService.Descriptor.FullName, Contracts.V1.PickingService.Descriptor.FullName,
        Contracts.V1.AccessService.Descriptor.FullName, Contracts.V1.ShippingService.Descriptor.FullName, Contracts.V1.DispatchService.Descriptor.FullName,
        Contracts.V1.ReplenishmentService.Descriptor.FullName, Contracts.V1.ScheduleService.Descriptor.FullName, Contracts.V1.PlanningService.Descriptor.FullName,
        Contracts.V1.DeviceService.Descriptor.FullName, Contracts.V1.AlertService.Descriptor.FullName,
        Contracts.V1.AccountService.Descriptor.FullName,
        Contracts.V1.FloorService.Descriptor.FullName,
    ];

    public static WebApplicationBuilder AddGrpcTransport(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Wms:Server").Get<ServerOptions>() ?? new ServerOptions();
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options));

        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = options.MaxSendMessageSize;
            grpc.ResponseCompressionAlgorithm = string.IsNullOrEmpty(options.ResponseCompression) ? null : options.ResponseCompression;
            grpc.Interceptors.Add<CallLogInterceptor>();
            grpc.Interceptors.Add<DomainErrorInterceptor>();
        }).AddJsonTranscoding();
        // Stateless, so one each: unregistered interceptors are constructed for every call.
        builder.Services.AddSingleton<CallLogInterceptor>();
        builder.Services.AddSingleton<DomainErrorInterceptor>();
        builder.Services.AddGrpcReflection();
        // One instance, so that the answer it keeps for a second is shared by every probe.
        builder.Services.AddSingleton<DatabaseHealthCheck>();
        builder.Services.AddGrpcHealthChecks(health =>
        {
            // Every API service answers for itself too (load balancers probe "wms.v1.PickingService"), on the same checks.
            foreach (var service in ApiServices)
            {
                health.Services.Map(service, _ => true);
            }
        }).AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(swagger => swagger.SwaggerDoc("v1", new() { Title = "WMS HTTP/JSON API", Version = "v1" }));

        builder.Services.AddAuthentication(authentication =>
        {
            authentication.AddScheme<BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
            authentication.DefaultScheme = BearerTokenHandler.SchemeName;
        });
        builder.Services.AddTransient<BearerTokenHandler>();
        builder.Services.AddAuthorization(authorization =>
            // A method that names no roles is open to admins only, until someone decides who may call it.
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder(BearerTokenHandler.SchemeName).RequireRole(RoleNames.Name(Role.Admin)).Build());
        builder.Services.AddSingleton<IAuthorizationHandler, AdminPassesRoleChecks>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<Data.ICallOrigin, CallOrigin>();

        builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(options.CorsOrigins).AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders("grpc-status", "grpc-message", "grpc-status-details-bin", "grpc-encoding", "grpc-accept-encoding")));

        if (options.Metrics)
        {
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(CallLogInterceptor.MeterName, Devices.IngestReadings.MeterName).AddPrometheusExporter());
        }

        return builder;
    }

    public static WebApplication MapGrpcTransport(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ServerOptions>();
        app.UseRouting();
        if (options.CorsOrigins.Length > 0)
        {
            app.UseCors(CorsPolicy);
        }

        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        BearerTokenHandler.UseBearerTokens(app);
        app.UseAuthorization();

        app.MapGrpcService<ServerInfoGrpcService>();
        app.MapGrpcService<LayoutGrpcService>();
        app.MapGrpcService<CatalogGrpcService>();
        app.MapGrpcService<InventoryGrpcService>();
        app.MapGrpcService<OrderGrpcService>();
        app.MapGrpcService<PickingGrpcService>();
        app.MapGrpcService<AccessGrpcService>();
        app.MapGrpcService<ShippingGrpcService>();
        app.MapGrpcService<DispatchGrpcService>();
        app.MapGrpcService<ReplenishmentGrpcService>();
        app.MapGrpcService<ScheduleGrpcService>();
        app.MapGrpcService<PlanningGrpcService>();
        app.MapGrpcService<DeviceGrpcService>();
        app.MapGrpcService<AlertGrpcService>();
        app.MapGrpcService<AccountGrpcService>();
        app.MapGrpcService<FloorGrpcService>();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapSwagger().AllowAnonymous();
        if (options.Metrics)
        {
            app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        }

        return app;
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServerOptions options)
    {
        kestrel.AddServerHeader = false;
        var http2 = kestrel.Limits.Http2;
        http2.MaxStreamsPerConnection = options.MaxConcurrentStreams;
        http2.InitialConnectionWindowSize = options.InitialConnectionWindowSize;
        http2.InitialStreamWindowSize = options.InitialStreamWindowSize;
        http2.KeepAlivePingDelay = TimeSpan.FromSeconds(options.KeepAlivePingSeconds);
        http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(options.KeepAlivePingTimeoutSeconds);

        kestrel.Listen(ParseEndPoint(options.Address, "Wms:Server:Address"), listen => listen.Protocols = HttpProtocols.Http2);
        if (!string.IsNullOrEmpty(options.HttpAddress))
        {
            kestrel.Listen(ParseEndPoint(options.HttpAddress, "Wms:Server:HttpAddress"), listen => listen.Protocols = HttpProtocols.Http1);
        }

        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            kestrel.Listen(ParseEndPoint(options.TlsAddress, "Wms:Server:TlsAddress"), listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(options.CertificatePath, options.CertificatePassword);
            });
        }
    }

    private static IPEndPoint ParseEndPoint(string value, string setting) =>
        IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port != 0
            ? endPoint
            : throw new InvalidOperationException($"{setting} '{value}' is not an address:port such as 127.0.0.1:5000.");
}

/// <summary>
/// The health service says SERVING while the database answers. The answer is kept for a second: probes
/// (load balancers, Kubernetes, monitoring) come often and from many sides, and opening a database
/// connection for each would cost more than the calls they guard.
/// </summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<Data.WmsDbContext> contexts, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < KeepFor)
        {
            return last.Result;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var result = await db.Database.CanConnectAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The database does not answer.");
        _last = (result, time.GetUtcNow());
        return result;
    }
}
