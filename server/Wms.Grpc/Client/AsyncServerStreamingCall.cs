using Wms.Grpc.Internal;

namespace Wms.Grpc;

/// <summary>A call with one request and a stream of responses.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly IClientCallState _state;

    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose)
        : this(responseStream, new DelegateCallState(responseHeadersAsync, getStatus, getTrailers, dispose))
    {
    }

    internal AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, IClientCallState state)
    {
        ResponseStream = responseStream ?? throw new ArgumentNullException(nameof(responseStream));
        _state = state;
    }

    /// <summary>The responses; <c>MoveNext</c> throws an <see cref="RpcException"/> when the call does not end OK.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    public Status GetStatus() => _state.GetStatus();

    public Metadata GetTrailers() => _state.GetTrailers();

    public void Dispose() => _state.Dispose();
}
