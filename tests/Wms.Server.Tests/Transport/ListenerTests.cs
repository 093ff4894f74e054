using System.Security.Cryptography.X509Certificates;
using Wms.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;
using Wms.Server.Transport.Grpc;
using Xunit;

namespace Wms.Server.Tests.Transport;

/// <summary>The real server process: h2c on the configured address, and TLS when a certificate is set.</summary>
public sealed class ListenerTests
{
    private const string Token = "listener-test-token";

    [Fact]
    public async Task Server_ConfiguredAddressAndCertificate_ServesH2cAndTls()
    {
        var dir = Directory.CreateTempSubdirectory("wms-tls-");
        var pfx = Path.Combine(dir.FullName, "server.pfx");
        await File.WriteAllBytesAsync(pfx, TestCertificates.SelfSigned("localhost").Export(X509ContentType.Pfx, "secret"), TestContext.Current.CancellationToken);
        var (h2c, tls) = (FreePorts.Next(), FreePorts.Next());
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(h2c),
            ["Wms:Server:TlsAddress"] = ServerProcess.Port(tls),
            ["Wms:Server:CertificatePath"] = pfx,
            ["Wms:Server:CertificatePassword"] = "secret",
            ["Wms:Security:AdminToken"] = Token,
        });

        ServerInfo plain, secure;
        try
        {
            plain = await CallAsync($"http://127.0.0.1:{h2c}", handler: null);
            secure = await CallAsync($"https://127.0.0.1:{tls}", new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=localhost" },
            });
        }
        catch (RpcException ex)
        {
            throw new InvalidOperationException($"{ex.Status}\nserver output:\n{server.Output}", ex);
        }

        Assert.Equal("admin", plain.Caller.Name);
        Assert.Equal("admin", secure.Caller.Name);
        dir.Delete(recursive: true);
    }

    [Fact]
    public async Task Server_NoToken_PrintsANewAdminTokenThatWorks()
    {
        var port = FreePorts.Next();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Wms:Server:Address"] = ServerProcess.Port(port) });

        var line = server.Output.Split('\n').Single(l => l.StartsWith("Admin token", StringComparison.Ordinal));
        var token = line[(line.LastIndexOf(' ') + 1)..].Trim();
        var info = await CallAsync($"http://127.0.0.1:{port}", handler: null, token);

        Assert.Equal("admin", info.Caller.Name);
    }

    private static async Task<ServerInfo> CallAsync(string address, HttpMessageHandler? handler, string token = Token)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
        var invoker = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer " + token));
        return await invoker.AsyncUnaryCall(WmsMethods.ServerInfo.GetServerInfo, new GetServerInfoRequest(), new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
    }
}
