using Microsoft.Extensions.DependencyInjection;
using Wms.Grpc.Tests.Echo;
using Wms.Grpc.Tests.Support;
using Xunit;

namespace Wms.Grpc.Tests.Server;

public sealed class InterceptorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Interceptors_RunOutermostFirstAroundEveryCallType()
    {
        var trace = new CallTrace();
        await using var server = await GrpcTestServer.StartAsync(
            o => o.AddInterceptor<OuterInterceptor>().AddInterceptor<InnerInterceptor>(),
            s => s.AddSingleton(trace));

        await RawGrpc.CallAsync(server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest()), cancellationToken: Ct);
        await RawGrpc.CallAsync(server.Address, "/wms.testing.v1.Echo/ServerStream", RawGrpc.Frame(new EchoRequest { Count = 1 }), cancellationToken: Ct);
        await RawGrpc.CallAsync(server.Address, "/wms.testing.v1.Echo/ClientStream", [], cancellationToken: Ct);
        await RawGrpc.CallAsync(server.Address, "/wms.testing.v1.Echo/Duplex", [], cancellationToken: Ct);

        Assert.Equal(
            [
                "outer>unary", "inner>unary", "inner<unary", "outer<unary",
                "outer>server", "inner>server", "inner<server", "outer<server",
                "outer>client", "inner>client", "inner<client", "outer<client",
                "outer>duplex", "inner>duplex", "inner<duplex", "outer<duplex",
            ],
            trace.Lines);
    }

    [Fact]
    public async Task Interceptor_ThrowsUnauthenticated_HandlerNeverRuns()
    {
        await using var server = await GrpcTestServer.StartAsync(o => o.AddInterceptor<DenyInterceptor>());

        var response = await RawGrpc.CallAsync(server.Address, "/wms.testing.v1.Echo/Unary", RawGrpc.Frame(new EchoRequest { Text = "throw" }), cancellationToken: Ct);

        Assert.Equal("16", response.GrpcStatus);
        Assert.Equal("missing bearer token", response.GrpcMessage);
        Assert.DoesNotContain(server.LogLines(), l => l.Contains("InvalidOperationException", StringComparison.Ordinal));
    }

    public sealed class CallTrace
    {
        public List<string> Lines { get; } = [];
    }

    private abstract class TracingInterceptor(CallTrace trace, string name) : Interceptor
    {
        public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            trace.Lines.Add(name + ">unary");
            var response = await continuation(request, context);
            trace.Lines.Add(name + "<unary");
            return response;
        }

        public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            trace.Lines.Add(name + ">server");
            await continuation(request, responseStream, context);
            trace.Lines.Add(name + "<server");
        }

        public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        {
            trace.Lines.Add(name + ">client");
            var response = await continuation(requestStream, context);
            trace.Lines.Add(name + "<client");
            return response;
        }

        public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            trace.Lines.Add(name + ">duplex");
            await continuation(requestStream, responseStream, context);
            trace.Lines.Add(name + "<duplex");
        }
    }

    private sealed class OuterInterceptor(CallTrace trace) : TracingInterceptor(trace, "outer");

    private sealed class InnerInterceptor(CallTrace trace) : TracingInterceptor(trace, "inner");

    private sealed class DenyInterceptor : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
            throw new RpcException(StatusCode.Unauthenticated, "missing bearer token");
    }
}
