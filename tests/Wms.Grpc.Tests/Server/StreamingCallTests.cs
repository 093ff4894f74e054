using Wms.Grpc.Tests.Echo;
using Wms.Grpc.Tests.Support;
using Xunit;

namespace Wms.Grpc.Tests.Server;

public sealed class StreamingCallTests : IAsyncLifetime
{
    private GrpcTestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await GrpcTestServer.StartAsync(o => o.ResponseCompressionAlgorithm = "gzip");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerStreaming_CountThree_ThreeFramesInOrderThenOk()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/ServerStream", RawGrpc.Frame(new EchoRequest { Text = "x", Count = 3 }), cancellationToken: Ct);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal([0, 1, 2], response.Messages(EchoResponse.Parser).Select(m => m.Index));
    }

    [Fact]
    public async Task ServerStreaming_FailsAfterHeaders_StatusInTrailers()
    {
        var response = await RawGrpc.CallAsync(
            _server.Address, "/wms.testing.v1.Echo/ServerStream",
            RawGrpc.Frame(new EchoRequest { Count = 2, FailCode = (int)StatusCode.FailedPrecondition, FailMessage = "bin on hold", EchoMetadata = { "x-a" } }),
            headers: [("x-a", "1")], cancellationToken: Ct);

        Assert.False(response.IsTrailersOnly);
        Assert.Equal("9", response.Trailers["grpc-status"]);
        Assert.Equal("bin on hold", response.Trailers["grpc-message"]);
    }

    [Fact]
    public async Task ClientStreaming_ThreeRequests_OneAnswerCountingThem()
    {
        byte[] body = [.. RawGrpc.Frame(new EchoRequest { Text = "a" }), .. RawGrpc.Frame(new EchoRequest { Text = "b" }), .. RawGrpc.Frame(new EchoRequest { Text = "c" })];

        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/ClientStream", body, cancellationToken: Ct);

        var answer = Assert.Single(response.Messages(EchoResponse.Parser));
        Assert.Equal("abc", answer.Text);
        Assert.Equal(3, answer.Received);
    }

    [Fact]
    public async Task ClientStreaming_NoRequests_AnswersWithZero()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/ClientStream", [], cancellationToken: Ct);

        Assert.Equal(0, Assert.Single(response.Messages(EchoResponse.Parser)).Received);
    }

    [Fact]
    public async Task Duplex_RequestsSentTogether_EachAnswered()
    {
        byte[] body = [.. RawGrpc.Frame(new EchoRequest { Text = "a" }), .. RawGrpc.Frame(new EchoRequest { Text = "b" })];

        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Duplex", body, cancellationToken: Ct);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal(["a", "b"], response.Messages(EchoResponse.Parser).Select(m => m.Text));
    }

    [Fact]
    public async Task ResponseCompression_ClientAcceptsGzip_FramesFlaggedAndEncodingHeaderSet()
    {
        var response = await RawGrpc.CallAsync(
            _server.Address, "/wms.testing.v1.Echo/ServerStream", RawGrpc.Frame(new EchoRequest { Text = new string('z', 1000), Count = 2 }),
            headers: [("grpc-accept-encoding", "identity,gzip")], cancellationToken: Ct);

        Assert.Equal("gzip", response.Headers["grpc-encoding"]);
        Assert.All(response.Frames(), f => Assert.True(f.Compressed));
        Assert.All(response.Messages(EchoResponse.Parser), m => Assert.Equal(1000, m.Text.Length));
    }

    [Fact]
    public async Task ResponseCompression_ClientDoesNotAcceptGzip_PlainFrames()
    {
        var response = await RawGrpc.CallAsync(_server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest { Text = "plain" }), cancellationToken: Ct);

        Assert.False(response.Headers.ContainsKey("grpc-encoding"));
        Assert.False(Assert.Single(response.Frames()).Compressed);
    }

    [Fact]
    public async Task ServerStreaming_DeadlineExpiresMidStream_DeadlineExceededInTrailers()
    {
        var response = await RawGrpc.CallAsync(
            _server.Address, "/wms.testing.v1.Echo/ServerStream", RawGrpc.Frame(new EchoRequest { Count = 1, DelayMs = 5000, EchoMetadata = { "x-a" } }),
            headers: [("grpc-timeout", "150m"), ("x-a", "1")], cancellationToken: Ct);

        Assert.Equal("4", response.Trailers["grpc-status"]);
    }
}
