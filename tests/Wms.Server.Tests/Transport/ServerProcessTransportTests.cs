using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Xunit;

namespace Wms.Server.Tests.Transport;

/// <summary>The real server process on Kestrel: what an in-process host cannot show about reading request bodies.</summary>
public sealed class ServerProcessTransportTests
{
    private const string Token = "process-transport-token";

    [Fact]
    public async Task Call_WithoutToken_RefusedBeforeTheBodyIsRead()
    {
        var port = FreePorts.Next();
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Wms:Server:Address"] = ServerProcess.Port(port),
            ["Wms:Security:AdminToken"] = Token,
        });
        using var client = new HttpClient();
        var url = $"http://127.0.0.1:{port}/wms.v1.LayoutService/ImportLayout";

        // A body that announces 100 MB and then never ends: only a server that answers without reading it answers at all.
        var started = Stopwatch.StartNew();
        using var endless = await client.SendAsync(Request(url, new EndlessContent()), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var endlessStatus = endless.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : null;

        // 15 MB sent in full, eight at once: each refused at once.
        var big = new byte[15 * 1024 * 1024];
        big[1] = 0xF0;
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SendAsync(Request(url, new ByteArrayContent(big)), TestContext.Current.CancellationToken)));

        Assert.Equal(("16"), endlessStatus);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"took {started.Elapsed}");
        Assert.All(answers, a => Assert.Equal("16", a.Headers.GetValues("grpc-status").Single()));
    }

    private static HttpRequestMessage Request(string url, HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = content };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    private sealed class EndlessContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            // gRPC frame header: not compressed, 100 MB (0x06400000) message; then nothing, until the client gives up sending.
            await stream.WriteAsync(new byte[] { 0, 0x06, 0x40, 0, 0 }, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
