namespace Wms.Grpc;

/// <summary>
/// An interceptor that treats every call type alike: one method wraps the whole call, whatever its
/// messages. Authentication, error mapping, logging and metrics need nothing more, and writing the four
/// call types out in each of them would only copy the same lines four times.
/// </summary>
public abstract class CallInterceptor : Interceptor
{
    /// <summary>Runs around the call; <paramref name="call"/> runs the rest of the pipeline and the handler.</summary>
    protected abstract Task<T> InterceptAsync<T>(ServerCallContext context, Func<Task<T>> call);

    public sealed override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        => InterceptAsync(context, () => continuation(request, context));

    public sealed override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        => InterceptAsync(context, () => continuation(requestStream, context));

    public sealed override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        => InterceptAsync(context, async () =>
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return true;
        });

    public sealed override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        => InterceptAsync(context, async () =>
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return true;
        });
}
