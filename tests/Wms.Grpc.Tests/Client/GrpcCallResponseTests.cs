using System.Buffers;
using System.Net;
using Google.Protobuf;
using Wms.Grpc.Internal;
using Wms.Grpc.Tests.Echo;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>
/// Responses no well-behaved gRPC server sends (proxies, broken peers), from a hand-written fake handler:
/// each must surface as an <see cref="RpcException"/> with the status the protocol prescribes.
/// </summary>
public sealed class GrpcCallResponseTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, StatusCode.Internal)]
    [InlineData(HttpStatusCode.Unauthorized, StatusCode.Unauthenticated)]
    [InlineData(HttpStatusCode.Forbidden, StatusCode.PermissionDenied)]
    [InlineData(HttpStatusCode.NotFound, StatusCode.Unimplemented)]
    [InlineData(HttpStatusCode.TooManyRequests, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.BadGateway, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout, StatusCode.Unavailable)]
    [InlineData(HttpStatusCode.InternalServerError, StatusCode.Unknown)]
    public async Task AsyncUnaryCall_HttpErrorWithoutGrpcStatus_MapsHttpStatus(HttpStatusCode httpStatus, StatusCode expected)
    {
        var ex = await CallUnaryAsync(() => new HttpResponseMessage(httpStatus) { Content = new StringContent("proxy error") });

        Assert.Equal(expected, ex.StatusCode);
        Assert.Contains(((int)httpStatus).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncUnaryCall_HttpErrorWithGrpcStatus_GrpcStatusWins()
    {
        var ex = await CallUnaryAsync(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = GrpcContent([]) };
            response.Headers.Add("grpc-status", "8");
            response.Headers.Add("grpc-message", "quota %C3%BCberschritten");
            return response;
        });

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("quota überschritten", ex.Status.Detail);
    }

    [Theory]
    [InlineData("99", StatusCode.Unknown)]
    [InlineData("abc", StatusCode.Unknown)]
    [InlineData("16", StatusCode.Unauthenticated)]
    public async Task AsyncUnaryCall_GrpcStatusValue_UnknownCodesMapToUnknown(string value, StatusCode expected)
    {
        var ex = await CallUnaryAsync(() => Ok(GrpcContent([]), value));

        Assert.Equal(expected, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_GrpcContentTypeWithCodecSuffix_Accepted()
    {
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions
        {
            HttpHandler = new FakeHandler(() =>
            {
                var response = Ok(GrpcContent(Frame(new EchoResponse { Text = "ok" })), "0");
                response.Content.Headers.Remove("content-type");
                response.Content.Headers.TryAddWithoutValidation("content-type", "application/grpc+proto");
                return response;
            }),
        });

        var reply = await channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(CancellationToken: Token));

        Assert.Equal("ok", reply.Text);
    }

    [Fact]
    public async Task AsyncUnaryCall_NotGrpcContentType_ThrowsInternal()
    {
        var ex = await CallUnaryAsync(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html/>", null, "text/html") });

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains("text/html", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AsyncUnaryCall_NoGrpcStatusInTrailers_ThrowsUnknown()
    {
        var ex = await CallUnaryAsync(() => Ok(GrpcContent(Frame(new EchoResponse { Text = "x" })), status: null));

        Assert.Equal(StatusCode.Unknown, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_TwoMessages_ThrowsInternal()
    {
        var ex = await CallUnaryAsync(() => Ok(GrpcContent([.. Frame(new EchoResponse { Text = "a" }), .. Frame(new EchoResponse { Text = "b" })]), "0"));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_NoMessageButOk_ThrowsInternal()
    {
        var ex = await CallUnaryAsync(() => Ok(GrpcContent([]), "0"));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_TrailersOnlyOk_ThrowsInternal()
    {
        var ex = await CallUnaryAsync(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = GrpcContent([]) };
            response.Headers.Add("grpc-status", "0");
            return response;
        });

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_BodyEndsInsideFrame_ThrowsInternal()
    {
        var ex = await CallUnaryAsync(() => Ok(GrpcContent(Frame(new EchoResponse { Text = "truncated" })[..^2]), "0"));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncUnaryCall_ErrorStatusInTrailers_ThrowsWithDecodedMessageAndTrailers()
    {
        var ex = await CallUnaryAsync(() =>
        {
            var response = Ok(GrpcContent([]), "5");
            response.TrailingHeaders.Add("grpc-message", "Lagerplatz A-01 nicht gefunden: Gr%C3%B6%C3%9Fe %E2%9C%93");
            response.TrailingHeaders.Add("x-bin-id-bin", "AQID");
            return response;
        });

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Lagerplatz A-01 nicht gefunden: Größe ✓", ex.Status.Detail);
        Assert.Equal(new byte[] { 1, 2, 3 }, ex.Trailers.Get("x-bin-id-bin")!.ValueBytes);
    }

    [Fact]
    public async Task AsyncUnaryCall_HandlerThrowsHttpRequestException_ThrowsUnavailable()
    {
        var ex = await CallUnaryAsync(() => throw new HttpRequestException("Connection refused"));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_MessageAboveReceiveLimit_ThrowsResourceExhausted()
    {
        var big = Frame(new EchoResponse { Payload = ByteString.CopyFrom(new byte[2048]) });
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions { HttpHandler = new FakeHandler(() => Ok(GrpcContent(big), "0")), MaxReceiveMessageSize = 1024 });

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest(), new CallOptions(CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("/relative")]
    public void ForAddress_NotHttpOrHttps_Throws(string address)
    {
        Assert.ThrowsAny<ArgumentException>(() => GrpcChannel.ForAddress(address));
    }

    [Fact]
    public void ForAddress_UnsupportedRequestCompression_Throws()
    {
        Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("http://localhost:5000", new GrpcChannelOptions { RequestCompression = "br" }));
    }

    [Fact]
    public async Task WithHeaders_CallerMetadataReused_IsNotModified()
    {
        HttpRequestMessage? seen = null;
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions
        {
            HttpHandler = new FakeHandler(() => Ok(GrpcContent(Frame(new EchoResponse())), "0"), request => seen = request),
            DisposeHttpHandler = true,
        });
        var invoker = channel.CreateCallInvoker().WithHeaders(h => h.Add("authorization", "Bearer t"));
        var own = new Metadata().Add("x-device", "d1");

        await invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(own, CancellationToken: Token));

        Assert.Single(own);
        Assert.Equal("Bearer t", seen!.Headers.Authorization?.ToString());
        Assert.Equal("d1", string.Join(",", seen.Headers.GetValues("x-device")));
    }

    [Fact]
    public async Task AsyncUnaryCall_BuiltFromDelegates_ForwardsToThem()
    {
        var disposed = false;
        var trailers = new Metadata().Add("x-fake", "1");
        using var call = new AsyncUnaryCall<EchoResponse>(
            Task.FromResult(new EchoResponse { Text = "fake" }),
            Task.FromResult(new Metadata()),
            () => Status.DefaultSuccess,
            () => trailers,
            () => disposed = true);

        Assert.Equal("fake", (await call).Text);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Same(trailers, call.GetTrailers());
        call.Dispose();
        Assert.True(disposed);
    }

    private static async Task<RpcException> CallUnaryAsync(Func<HttpResponseMessage> respond)
    {
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions { HttpHandler = new FakeHandler(respond), DisposeHttpHandler = true });
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        Assert.Equal(ex.Status, call.GetStatus());
        return ex;
    }

    private static HttpResponseMessage Ok(HttpContent content, string? status)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content, Version = HttpVersion.Version20 };
        if (status is not null)
        {
            response.TrailingHeaders.Add("grpc-status", status);
        }

        return response;
    }

    private static ByteArrayContent GrpcContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
        return content;
    }

    private static byte[] Frame(EchoResponse message)
    {
        var writer = new ArrayBufferWriter<byte>();
        MessageFraming.WriteFrame(writer, message.ToByteArray(), compressed: false);
        return writer.WrittenSpan.ToArray();
    }

    private sealed class FakeHandler(Func<HttpResponseMessage> respond, Action<HttpRequestMessage>? inspect = null) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            inspect?.Invoke(request);
            return Task.FromResult(respond());
        }
    }
}
