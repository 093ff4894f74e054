using System.Net;
using Google.Protobuf;
using Wms.Grpc.Tests.Echo;
using Wms.Grpc.Tests.Support;
using Xunit;

namespace Wms.Grpc.Tests.Server;

public sealed class UnaryCallTests : IAsyncLifetime
{
    private GrpcTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await GrpcTestServer.StartAsync(o => o.MaxReceiveMessageSize = 64 * 1024);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private Task<RawResponse> Call(EchoRequest request, IEnumerable<(string, string)>? headers = null, string path = "/wms.testing.v1.Echo/Unary") =>
        RawGrpc.CallAsync(_server.Address, path, RawGrpc.Frame(request), headers: headers, cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Unary_ValidRequest_AnswersOneFramedMessageThenOkTrailers()
    {
        var response = await Call(new EchoRequest { Text = "hello" });

        Assert.True(response.HttpStatus == HttpStatusCode.OK, string.Join("\n", _server.LogLines()) + System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.Equal("application/grpc", response.Headers["content-type"]);
        Assert.False(response.IsTrailersOnly);
        var expected = new EchoResponse { Text = "hello" }.ToByteArray();
        Assert.Equal(RawGrpc.Frame(expected), response.Body);
        Assert.Equal("0", response.Trailers["grpc-status"]);
    }

    [Fact]
    public async Task Unary_HandlerThrowsRpcException_TrailersOnlyWithPercentEncodedMessage()
    {
        var response = await Call(new EchoRequest { FailCode = (int)StatusCode.NotFound, FailMessage = "Lagerplatz A-01 nicht gefunden: Größe ✓ 100%" });

        Assert.True(response.IsTrailersOnly);
        Assert.Empty(response.Body);
        Assert.Equal("5", response.GrpcStatus);
        Assert.Equal("Lagerplatz A-01 nicht gefunden: Gr%C3%B6%C3%9Fe %E2%9C%93 100%25", response.GrpcMessage);
    }

    [Fact]
    public async Task Unary_HandlerThrowsUnexpectedException_InternalWithoutDetailsAndLogged()
    {
        var response = await Call(new EchoRequest { Text = "throw" });

        Assert.Equal("13", response.GrpcStatus);
        Assert.Equal("Exception was thrown by handler.", response.GrpcMessage);
        Assert.Contains(_server.LogLines(), line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unary_UnknownMethodOfKnownService_Unimplemented()
    {
        var response = await Call(new EchoRequest(), path: "/wms.testing.v1.Echo/Nope");

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("Method is unimplemented.", response.GrpcMessage);
    }

    [Fact]
    public async Task Unary_UnknownService_Unimplemented()
    {
        var response = await Call(new EchoRequest(), path: "/no.such.Service/Call");

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("Service is unimplemented.", response.GrpcMessage);
    }

    [Fact]
    public async Task Unary_NonGrpcContentType_Http415()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", [1, 2, 3], contentType: "application/json", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
    }

    [Theory]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Unary_GrpcContentTypeVariants_Accepted(string contentType)
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest { Text = "x" }), contentType, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("0", response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_MessageAboveReceiveLimit_ResourceExhausted()
    {
        var response = await Call(new EchoRequest { Payload = ByteString.CopyFrom(new byte[70 * 1024]) });

        Assert.Equal("8", response.GrpcStatus);
        Assert.Contains("larger than max", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_FrameCutShort_Internal()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Text = "hello" });
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", frame[..^2], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("13", response.GrpcStatus);
        Assert.Contains("Incomplete message", response.GrpcMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unary_TwoRequestMessages_Internal()
    {
        var frame = RawGrpc.Frame(new EchoRequest { Text = "hello" });
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", [.. frame, .. frame], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_GzipRequest_Decompressed()
    {
        var response = await RawGrpc.CallAsync(
            _server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest { Text = "zipped" }, compress: true),
            headers: [("grpc-encoding", "gzip")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("zipped", response.Messages(EchoResponse.Parser).Single().Text);
    }

    [Fact]
    public async Task Unary_UnsupportedEncoding_UnimplementedListingSupported()
    {
        var response = await Call(new EchoRequest(), headers: [("grpc-encoding", "br")]);

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("identity,gzip", response.Headers["grpc-accept-encoding"]);
    }

    [Fact]
    public async Task Unary_CompressedFlagWithoutEncoding_Internal()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest(), compress: true), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_DeadlineExpires_DeadlineExceededPromptly()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await Call(new EchoRequest { DelayMs = 10_000 }, headers: [("grpc-timeout", "200m")]);

        Assert.Equal("4", response.GrpcStatus);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Unary_DeadlineNotReached_Ok()
    {
        var response = await Call(new EchoRequest { Text = "in time", DelayMs = 10 }, headers: [("grpc-timeout", "10S")]);

        Assert.Equal("0", response.GrpcStatus);
    }

    [Fact]
    public async Task Unary_Metadata_EchoedAsHeadersAndTrailers()
    {
        var binary = Convert.ToBase64String([0, 1, 2, 255]).TrimEnd('=');
        var response = await Call(
            new EchoRequest { EchoMetadata = { "x-user", "x-blob-bin" } },
            headers: [("x-user", "picker-7"), ("x-blob-bin", binary)]);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("picker-7", response.Headers["echo-x-user"]);
        Assert.Equal("picker-7", response.Trailers["trailer-x-user"]);
        // Sent unpadded, as the protocol prefers.
        Assert.Equal("AAEC/w", response.Trailers["trailer-x-blob-bin"]);
    }

    [Fact]
    public async Task Unary_ClientCancels_HandlerSeesCancellation()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(200);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest { DelayMs = 10_000 }), cancellationToken: cts.Token));

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!_server.LogLines().Any(l => l.Contains("cancelled by the client", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Contains(_server.LogLines(), l => l.Contains("cancelled by the client", StringComparison.Ordinal));
    }
}
