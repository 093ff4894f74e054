using Wms.Grpc.Internal;

namespace Wms.Grpc;

/// <summary>Starts calls; the seam where decorators (headers, logging) and test fakes plug in.</summary>
public abstract class CallInvoker
{
    public abstract AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options);

    public abstract AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options);

    public abstract AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options);

    public abstract AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options);
}

public static class CallInvokerExtensions
{
    /// <summary>
    /// An invoker that lets <paramref name="addHeaders"/> add metadata to every call (e.g. an
    /// <c>authorization</c> token that may be refreshed between calls), before the call's own headers.
    /// </summary>
    public static CallInvoker WithHeaders(this CallInvoker invoker, Action<Metadata> addHeaders)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(addHeaders);
        return new HeadersCallInvoker(invoker, addHeaders);
    }
}
