using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wms.Grpc.Tests.Echo;
using Wms.Grpc.Tests.Interop;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>https:// against python grpcio over TLS: HTTP/2 must be negotiated by ALPN, as production handhelds do.</summary>
public sealed class GrpcClientTlsTests(GrpcClientTlsTests.TlsEchoServerFixture server) : IClassFixture<GrpcClientTlsTests.TlsEchoServerFixture>
{
    [Fact]
    public async Task AsyncUnaryCall_OverTls_Succeeds()
    {
        using var channel = server.CreateChannel();

        var response = await channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Text = "tls" }, new CallOptions(CancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("tls", response.Text);
    }

    [Fact]
    public async Task AsyncDuplexStreamingCall_OverTls_EchoesEach()
    {
        using var channel = server.CreateChannel();
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(EchoMethods.Duplex, new CallOptions(CancellationToken: TestContext.Current.CancellationToken));

        await call.RequestStream.WriteAsync(new EchoRequest { Text = "a" }, TestContext.Current.CancellationToken);
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        await call.RequestStream.CompleteAsync();

        Assert.Equal("a", call.ResponseStream.Current.Text);
        Assert.False(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
    }

    /// <summary>A python Echo server with a throwaway self-signed certificate, trusted by thumbprint only.</summary>
    public sealed class TlsEchoServerFixture : IAsyncLifetime
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "wms-grpc-tls-" + Guid.NewGuid().ToString("N"));
        private PythonProcess? _server;
        private string? _thumbprint;

        public GrpcChannel CreateChannel()
        {
            PythonGrpc.RequirePython();
            var thumbprint = _thumbprint!;
            var handler = new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint,
                },
            };
            return GrpcChannel.ForAddress("https://127.0.0.1:" + _server!.Port.ToString(CultureInfo.InvariantCulture), new GrpcChannelOptions { HttpHandler = handler, DisposeHttpHandler = true });
        }

        public async ValueTask InitializeAsync()
        {
            try
            {
                PythonGrpc.RequirePython();
            }
            catch (Exception)
            {
                return;
            }

            Directory.CreateDirectory(_directory);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            _thumbprint = certificate.GetCertHashString();
            var certPath = Path.Combine(_directory, "cert.pem");
            var keyPath = Path.Combine(_directory, "key.pem");
            await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());
            _server = await PythonGrpc.StartServerAsync("echo_server.py", ["--tls-cert", certPath, "--tls-key", keyPath]);
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
