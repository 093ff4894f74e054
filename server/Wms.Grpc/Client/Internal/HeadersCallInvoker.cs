namespace Wms.Grpc.Internal;

internal sealed class HeadersCallInvoker(CallInvoker inner, Action<Metadata> addHeaders) : CallInvoker
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options) =>
        inner.AsyncUnaryCall(method, request, WithHeaders(options));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options) =>
        inner.AsyncServerStreamingCall(method, request, WithHeaders(options));

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options) =>
        inner.AsyncClientStreamingCall(method, WithHeaders(options));

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options) =>
        inner.AsyncDuplexStreamingCall(method, WithHeaders(options));

    // A fresh Metadata per call: the caller's instance may be reused across calls and must not grow.
    private CallOptions WithHeaders(CallOptions options)
    {
        var headers = new Metadata();
        addHeaders(headers);
        if (options.Headers is { } own)
        {
            for (var i = 0; i < own.Count; i++)
            {
                headers.Add(own[i]);
            }
        }

        return options with { Headers = headers };
    }
}
