using System.Runtime.CompilerServices;
using Wms.Grpc.Internal;

namespace Wms.Grpc;

/// <summary>A call with one request and one response; await it for the response.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly IClientCallState _state;

    public AsyncUnaryCall(Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose)
        : this(responseAsync, new DelegateCallState(responseHeadersAsync, getStatus, getTrailers, dispose))
    {
    }

    internal AsyncUnaryCall(Task<TResponse> responseAsync, IClientCallState state)
    {
        ResponseAsync = responseAsync ?? throw new ArgumentNullException(nameof(responseAsync));
        _state = state;
    }

    /// <summary>The response; faults with an <see cref="RpcException"/> when the call does not end OK.</summary>
    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> while the call is still running.</summary>
    public Status GetStatus() => _state.GetStatus();

    public Metadata GetTrailers() => _state.GetTrailers();

    /// <summary>Cancels the call if it has not finished, and releases its resources.</summary>
    public void Dispose() => _state.Dispose();
}
