using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Wms.Grpc.Tests.Echo;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>Unary calls of our client against python grpcio: errors, deadlines, cancellation, limits.</summary>
public sealed class GrpcClientUnaryTests(PythonEchoServerFixture server) : IClassFixture<PythonEchoServerFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AsyncUnaryCall_EchoRequest_ReturnsResponseAndOkStatus()
    {
        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Text = "bin A-01", Payload = ByteString.CopyFrom(1, 2, 3) }, new CallOptions(CancellationToken: Token));

        var response = await call;

        Assert.Equal("bin A-01", response.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, response.Payload.ToByteArray());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Empty(call.GetTrailers());
    }

    [Fact]
    public async Task AsyncUnaryCall_ServerAbortsWithNonAsciiMessage_ThrowsRpcExceptionWithCodeAndMessage()
    {
        const string message = "Lagerplatz A-01 nicht gefunden: Größe ✓ 100%";
        var request = new EchoRequest { FailCode = (int)StatusCode.NotFound, FailMessage = message };

        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(message, ex.Status.Detail);
        Assert.Equal(ex.Status, call.GetStatus());
    }

    [Fact]
    public async Task AsyncUnaryCall_DeadlineExpires_ThrowsDeadlineExceededPromptly()
    {
        var request = new EchoRequest { DelayMs = 10_000 };
        var stopwatch = Stopwatch.StartNew();

        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300), CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task AsyncUnaryCall_DeadlineAlreadyPassed_ThrowsDeadlineExceededWithoutSending()
    {
        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1)));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_GenerousDeadline_Succeeds()
    {
        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Text = "t", DelayMs = 20 }, new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(30), CancellationToken: Token));

        Assert.Equal("t", (await call).Text);
    }

    [Fact]
    public async Task AsyncUnaryCall_TokenCancelledDuringCall_ThrowsCancelled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { DelayMs = 10_000 }, new CallOptions(CancellationToken: cts.Token));
        cts.CancelAfter(200);

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_TokenAlreadyCancelled_ThrowsCancelled()
    {
        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(CancellationToken: new CancellationToken(canceled: true)));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_NothingListening_ThrowsUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}"));

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_UnknownMethod_ThrowsUnimplemented()
    {
        var method = new Method<EchoRequest, EchoResponse>(MethodType.Unary, "wms.testing.v1.Echo", "NoSuchMethod", EchoMethods.Unary.RequestMarshaller, EchoMethods.Unary.ResponseMarshaller);

        using var call = server.Invoker.AsyncUnaryCall(method, new EchoRequest(), new CallOptions(CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_ThreeMebibytesBothWays_RoundTrips()
    {
        var payload = RandomBytes(3 * 1024 * 1024, seed: 3);

        var response = await server.Invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Payload = ByteString.CopyFrom(payload) }, new CallOptions(CancellationToken: Token));

        Assert.True(payload.AsSpan().SequenceEqual(response.Payload.Span));
    }

    [Fact]
    public async Task AsyncUnaryCall_ResponseAboveDefaultReceiveLimit_ThrowsResourceExhausted()
    {
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[5 * 1024 * 1024]) };

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await server.Invoker.AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(CancellationToken: Token)));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_GzipResponseAboveReceiveLimitAfterInflating_ThrowsResourceExhausted()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 });
        var headers = new Metadata().Add("response-compression", "gzip");
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[1024 * 1024]) };

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(headers, CancellationToken: Token)));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_RequestAboveSendLimit_ThrowsResourceExhausted()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[2048]) };

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(CancellationToken: Token)));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_GzipRequestAndGzipResponse_RoundTrips()
    {
        var handler = new RecordingHandler();
        using var channel = server.CreateChannel(new GrpcChannelOptions { RequestCompression = "gzip", HttpHandler = handler, DisposeHttpHandler = true });
        var headers = new Metadata().Add("response-compression", "gzip");
        var text = string.Concat(Enumerable.Repeat("pick face B-07, ", 10_000));

        var response = await channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Text = text }, new CallOptions(headers, CancellationToken: Token));

        Assert.Equal(text, response.Text);
        var (request, httpResponse) = Assert.Single(handler.Exchanges);
        Assert.Equal("gzip", RecordingHandler.Header(request.Headers, "grpc-encoding"));
        Assert.True(request.Content!.Headers.ContentLength < text.Length / 10, "the request body should be compressed");
        Assert.Equal("gzip", RecordingHandler.Header(httpResponse!.Headers, "grpc-encoding"));
    }

    [Fact]
    public async Task AsyncUnaryCall_Deadline_SendsGrpcTimeoutAndProtocolHeaders()
    {
        var handler = new RecordingHandler();
        using var channel = server.CreateChannel(new GrpcChannelOptions { HttpHandler = handler, DisposeHttpHandler = true });

        await channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(20), CancellationToken: Token));

        var request = Assert.Single(handler.Exchanges).Request;
        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal("trailers", RecordingHandler.Header(request.Headers, "te"));
        Assert.Equal("application/grpc", RecordingHandler.Header(request.Content!.Headers, "content-type"));
        Assert.Equal("identity,gzip", RecordingHandler.Header(request.Headers, "grpc-accept-encoding"));
        Assert.StartsWith("wms-grpc-dotnet/", RecordingHandler.Header(request.Headers, "user-agent"), StringComparison.Ordinal);
        var timeout = RecordingHandler.Header(request.Headers, "grpc-timeout");
        Assert.True(Wms.Grpc.Internal.GrpcTimeout.TryParse(timeout, out var parsed), timeout);
        Assert.InRange(parsed, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AsyncUnaryCall_TextAndBinaryMetadata_ComeBackAsHeadersAndTrailers()
    {
        byte[] binary = [0, 1, 2, 250, 255];
        var headers = new Metadata().Add("x-bin-place", "A-01").Add("x-scan-bin", binary);
        var request = new EchoRequest { Text = "m", EchoMetadata = { "x-bin-place", "x-scan-bin" } };

        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(headers, CancellationToken: Token));
        await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        var trailers = call.GetTrailers();

        Assert.Equal("A-01", responseHeaders.GetValue("echo-x-bin-place"));
        Assert.Equal(binary, responseHeaders.Get("echo-x-scan-bin")!.ValueBytes);
        Assert.Equal("A-01", trailers.GetValue("trailer-x-bin-place"));
        Assert.Equal(binary, trailers.Get("trailer-x-scan-bin")!.ValueBytes);
    }

    [Fact]
    public async Task AsyncUnaryCall_ErrorWithMetadata_ExceptionCarriesTrailers()
    {
        var headers = new Metadata().Add("x-order", "SO-4711");
        var request = new EchoRequest { FailCode = (int)StatusCode.FailedPrecondition, FailMessage = "wave closed", EchoMetadata = { "x-order" } };

        using var call = server.Invoker.AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(headers, CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.Equal("SO-4711", ex.Trailers.GetValue("trailer-x-order"));
    }

    [Fact]
    public async Task WithHeaders_BearerToken_ReachesServerOnEveryCall()
    {
        var invoker = server.Invoker.WithHeaders(headers => headers.Add("authorization", "Bearer handheld-7"));
        var request = new EchoRequest { EchoMetadata = { "authorization", "x-call" } };

        for (var i = 0; i < 2; i++)
        {
            using var call = invoker.AsyncUnaryCall(EchoMethods.Unary, request, new CallOptions(new Metadata().Add("x-call", "c" + i), CancellationToken: Token));
            await call;
            var headers = await call.ResponseHeadersAsync;

            Assert.Equal("Bearer handheld-7", headers.GetValue("echo-authorization"));
            Assert.Equal("c" + i, headers.GetValue("echo-x-call"));
        }
    }

    [Fact]
    public async Task AsyncUnaryCall_ManyConcurrentCalls_AllSucceed()
    {
        var invoker = server.Invoker;
        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            var response = await invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Text = "n" + i }, new CallOptions(CancellationToken: Token));
            return response.Text == "n" + i;
        });

        Assert.All(await Task.WhenAll(calls), Assert.True);
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
