using System.Diagnostics;
using Google.Protobuf;
using Wms.Grpc.Tests.Echo;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>Server-streaming, client-streaming and duplex calls of our client against python grpcio.</summary>
public sealed class GrpcClientStreamingTests(PythonEchoServerFixture server) : IClassFixture<PythonEchoServerFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AsyncServerStreamingCall_CountFive_ReadsFiveIndexedResponsesThenOk()
    {
        using var call = server.Invoker.AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Text = "wave 12", Count = 5 }, new CallOptions(CancellationToken: Token));

        var responses = new List<EchoResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(Token))
        {
            responses.Add(response);
        }

        Assert.Equal([0, 1, 2, 3, 4], responses.Select(r => r.Index));
        Assert.All(responses, r => Assert.Equal("wave 12", r.Text));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.False(await call.ResponseStream.MoveNext(Token));
    }

    [Fact]
    public async Task AsyncServerStreamingCall_CountZero_EndsOkWithoutMessages()
    {
        using var call = server.Invoker.AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Count = 0 }, new CallOptions(CancellationToken: Token));

        Assert.False(await call.ResponseStream.MoveNext(Token));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_ServerFails_MoveNextThrowsWithStatus()
    {
        var request = new EchoRequest { Count = 3, FailCode = (int)StatusCode.PermissionDenied, FailMessage = "zone Z3 gesperrt" };
        using var call = server.Invoker.AsyncServerStreamingCall(EchoMethods.ServerStream, request, new CallOptions(CancellationToken: Token));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal("zone Z3 gesperrt", ex.Status.Detail);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_DeadlineExpiresBeforeFirstMessage_ThrowsDeadlineExceeded()
    {
        var request = new EchoRequest { Count = 2, DelayMs = 10_000 };
        var stopwatch = Stopwatch.StartNew();
        using var call = server.Invoker.AsyncServerStreamingCall(EchoMethods.ServerStream, request, new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300), CancellationToken: Token));

        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), stopwatch.Elapsed.ToString());
    }

    [Fact]
    public async Task Dispose_UnfinishedServerStream_EndsCallAsCancelled()
    {
        var call = server.Invoker.AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Count = 1, DelayMs = 10_000 }, new CallOptions(CancellationToken: Token));
        await Task.Delay(100, Token);

        call.Dispose();

        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task AsyncClientStreamingCall_ThreeRequests_ReturnsConcatenationAndCount()
    {
        using var call = server.Invoker.AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(CancellationToken: Token));

        foreach (var text in new[] { "A-01", "/", "B-02" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text }, Token);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal("A-01/B-02", response.Text);
        Assert.Equal(3, response.Received);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AsyncClientStreamingCall_NoRequests_ReturnsZeroReceived()
    {
        using var call = server.Invoker.AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(CancellationToken: Token));

        await call.RequestStream.CompleteAsync();

        Assert.Equal(0, (await call).Received);
    }

    [Fact]
    public async Task AsyncClientStreamingCall_GzipAndThreeMebibytes_RoundTrips()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { RequestCompression = "gzip" });
        var payload = GrpcClientUnaryTests.RandomBytes(3 * 1024 * 1024, seed: 7);
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(new Metadata().Add("response-compression", "gzip"), CancellationToken: Token));

        await call.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(payload) }, Token);
        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.True(payload.AsSpan().SequenceEqual(response.Payload.Span));
    }

    [Fact]
    public async Task AsyncClientStreamingCall_ServerFailsMidStream_ResponseThrowsWithStatus()
    {
        using var call = server.Invoker.AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(CancellationToken: Token));

        await call.RequestStream.WriteAsync(new EchoRequest { Text = "ok" }, Token);
        await call.RequestStream.WriteAsync(new EchoRequest { FailCode = (int)StatusCode.InvalidArgument, FailMessage = "bad quantity" }, Token);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("bad quantity", ex.Status.Detail);
        var writeError = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest(), Token));
        Assert.Equal(StatusCode.InvalidArgument, writeError.StatusCode);
    }

    [Fact]
    public async Task AsyncClientStreamingCall_RequestAboveSendLimit_WriteAndResponseThrowResourceExhausted()
    {
        using var channel = server.CreateChannel(new GrpcChannelOptions { MaxSendMessageSize = 1024 });
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(CancellationToken: Token));

        var writeError = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[2048]) }, Token));
        var responseError = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, writeError.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, responseError.StatusCode);
    }

    [Fact]
    public async Task AsyncDuplexStreamingCall_WriteThenRead_EchoesEachBeforeTheNextWrite()
    {
        using var call = server.Invoker.AsyncDuplexStreamingCall(EchoMethods.Duplex, new CallOptions(CancellationToken: Token));

        for (var i = 0; i < 5; i++)
        {
            // The first write must not wait for response headers: the server sends none until it answers.
            await call.RequestStream.WriteAsync(new EchoRequest { Text = "scan " + i }, Token);
            Assert.True(await call.ResponseStream.MoveNext(Token));
            Assert.Equal("scan " + i, call.ResponseStream.Current.Text);
            Assert.Equal(i, call.ResponseStream.Current.Index);
        }

        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext(Token));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AsyncDuplexStreamingCall_MetadataOnFirstRequest_HeadersAndTrailersEchoed()
    {
        var headers = new Metadata().Add("x-device", "MC3300").Add("x-token-bin", [9, 8, 7]);
        using var call = server.Invoker.AsyncDuplexStreamingCall(EchoMethods.Duplex, new CallOptions(headers, CancellationToken: Token));

        await call.RequestStream.WriteAsync(new EchoRequest { EchoMetadata = { "x-device", "x-token-bin" } }, Token);
        var responseHeaders = await call.ResponseHeadersAsync;
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(Token))
        {
        }

        Assert.Equal("MC3300", responseHeaders.GetValue("echo-x-device"));
        Assert.Equal(new byte[] { 9, 8, 7 }, responseHeaders.Get("echo-x-token-bin")!.ValueBytes);
        Assert.Equal("MC3300", call.GetTrailers().GetValue("trailer-x-device"));
        Assert.Equal(new byte[] { 9, 8, 7 }, call.GetTrailers().Get("trailer-x-token-bin")!.ValueBytes);
    }

    [Fact]
    public async Task AsyncDuplexStreamingCall_TokenCancelled_ReadThrowsCancelled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using var call = server.Invoker.AsyncDuplexStreamingCall(EchoMethods.Duplex, new CallOptions(CancellationToken: cts.Token));
        await call.RequestStream.WriteAsync(new EchoRequest { Text = "first" }, Token);
        Assert.True(await call.ResponseStream.MoveNext(Token));

        var pending = call.ResponseStream.MoveNext(Token);
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() => pending);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
        await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest(), Token));
    }
}
