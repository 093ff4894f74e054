using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Wms.Grpc;

namespace Wms.Server.Tests;

/// <summary>The real server's Program in-process on TestServer, with a known admin token.</summary>
public sealed class WmsServerFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token";

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("Wms:Security:AdminToken", AdminToken);

    public CallInvoker CreateInvoker(string? token = AdminToken)
    {
        var channel = GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });
        var invoker = channel.CreateCallInvoker();
        return token is null ? invoker : invoker.WithHeaders(h => h.Add("authorization", "Bearer " + token));
    }
}
