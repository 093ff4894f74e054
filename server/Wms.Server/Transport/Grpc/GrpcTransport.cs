using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Wms.Grpc;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

public sealed class ServerOptions
{
    /// <summary>Where h2c (plain HTTP/2, gRPC without TLS) is served.</summary>
    public string Address { get; set; } = "127.0.0.1:5000";

    /// <summary>Where TLS is served when a certificate is configured.</summary>
    public string TlsAddress { get; set; } = "127.0.0.1:5001";

    /// <summary>A PFX/PKCS#12 file; empty turns TLS off.</summary>
    public string CertificatePath { get; set; } = "";

    public string CertificatePassword { get; set; } = "";

    /// <summary>Largest request message in bytes (a layout import of tens of thousands of bins is several MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 16 * 1024 * 1024;
}

public static class GrpcTransport
{
    public static WebApplicationBuilder AddGrpcTransport(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Wms:Server").Get<ServerOptions>() ?? new ServerOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ParseEndPoint(options.Address, "Wms:Server:Address"), listen => listen.Protocols = HttpProtocols.Http2);
            if (!string.IsNullOrEmpty(options.CertificatePath))
            {
                kestrel.Listen(ParseEndPoint(options.TlsAddress, "Wms:Server:TlsAddress"), listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    listen.UseHttps(options.CertificatePath, options.CertificatePassword);
                });
            }
        });

        builder.Services.AddGrpc(grpc => grpc
            .WithMaxReceiveMessageSize(options.MaxReceiveMessageSize)
            .AddInterceptor<CallLoggingInterceptor>()
            .AddInterceptor<AuthInterceptor>()
            .AddInterceptor<DomainErrorInterceptor>());
        return builder;
    }

    public static WebApplication MapGrpcTransport(this WebApplication app)
    {
        var roles = app.Services.GetRequiredService<MethodRoles>();
        ServerInfoGrpcService.Authorize(roles);
        LayoutGrpcService.Authorize(roles);
        CatalogGrpcService.Authorize(roles);
        InventoryGrpcService.Authorize(roles);
        OrderGrpcService.Authorize(roles);
        PickingGrpcService.Authorize(roles);
        AccessGrpcService.Authorize(roles);
        ShippingGrpcService.Authorize(roles);
        DispatchGrpcService.Authorize(roles);
        app.MapGrpcService<ServerInfoGrpcService>();
        app.MapGrpcService<LayoutGrpcService>();
        app.MapGrpcService<CatalogGrpcService>();
        app.MapGrpcService<InventoryGrpcService>();
        app.MapGrpcService<OrderGrpcService>();
        app.MapGrpcService<PickingGrpcService>();
        app.MapGrpcService<AccessGrpcService>();
        app.MapGrpcService<ShippingGrpcService>();
        app.MapGrpcService<DispatchGrpcService>();
        app.MapGrpcHealthService();
        app.MapGrpcReflectionService();
        return app;
    }

    private static IPEndPoint ParseEndPoint(string value, string setting) =>
        IPEndPoint.TryParse(value, out var endPoint) && endPoint.Port != 0
            ? endPoint
            : throw new InvalidOperationException($"{setting} '{value}' is not an address:port such as 127.0.0.1:5000.");
}
