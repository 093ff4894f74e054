using System.Diagnostics;
using System.Net;
using Wms.Grpc.Tests.Echo;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>
/// Deadlines and cancellation enforced by the client alone, against a fake server that never answers
/// (the python server enforces grpc-timeout itself, so it cannot show this).
/// </summary>
public sealed class GrpcCallLocalDeadlineTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AsyncUnaryCall_ServerNeverAnswers_DeadlineExceededAndRequestCancelled()
    {
        var handler = new SilentHandler(respondWithHeaders: false);
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions { HttpHandler = handler });
        var stopwatch = Stopwatch.StartNew();

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(200), CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
        Assert.True(await handler.RequestCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Token));
    }

    [Fact]
    public async Task AsyncServerStreamingCall_BodyNeverEnds_DeadlineExceededWhileReading()
    {
        var handler = new SilentHandler(respondWithHeaders: true);
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions { HttpHandler = handler });

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(200), CancellationToken: Token));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Token));

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AsyncServerStreamingCall_MoveNextTokenCancelled_CallCancelled()
    {
        var handler = new SilentHandler(respondWithHeaders: true);
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions { HttpHandler = handler });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Token);

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest(), new CallOptions(CancellationToken: Token));
        var read = call.ResponseStream.MoveNext(cts.Token);
        cts.CancelAfter(100);
        var ex = await Assert.ThrowsAsync<RpcException>(() => read);

        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    [Fact]
    public async Task ResponseHeadersAsync_CallDisposedBeforeHeaders_ThrowsCancelled()
    {
        var handler = new SilentHandler(respondWithHeaders: false);
        using var channel = GrpcChannel.ForAddress("http://fake", new GrpcChannelOptions { HttpHandler = handler });
        var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(EchoMethods.Duplex, new CallOptions(CancellationToken: Token));
        var headers = call.ResponseHeadersAsync;

        call.Dispose();

        var ex = await Assert.ThrowsAsync<RpcException>(() => headers);
        Assert.Equal(StatusCode.Cancelled, ex.StatusCode);
    }

    /// <summary>Never answers, or answers headers and then a body that never ends; notes when the request is cancelled.</summary>
    private sealed class SilentHandler(bool respondWithHeaders) : HttpMessageHandler
    {
        public TaskCompletionSource<bool> RequestCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.Register(() => RequestCancelled.TrySetResult(true));
            if (!respondWithHeaders)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var content = new StreamContent(new EndlessStream());
            content.Headers.TryAddWithoutValidation("content-type", "application/grpc");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, Version = HttpVersion.Version20 };
        }
    }

    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
