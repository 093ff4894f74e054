using System.IO.Pipelines;
using System.Net.Http.Headers;

namespace Wms.Grpc.Internal;

/// <summary>
/// One call as one HTTP/2 request. The call ends exactly once (<see cref="Finish"/>): with the server's
/// status, or earlier through cancellation, deadline, dispose or a transport failure; the first ending
/// wins, so a read that fails because the call was cancelled still reports CANCELLED.
/// </summary>
internal sealed partial class GrpcCall<TRequest, TResponse> : IClientCallState
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024);

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationToken _callToken;
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _userRegistration;
    private ITimer? _deadlineTimer;
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private PushStreamContent? _requestStream;
    private Task<bool> _sendTask = Task.FromResult(false);
    private Task<Metadata>? _headersTask;
    private PipeReader? _reader;
    private string? _responseEncoding;
    private bool _singleResponse;
    private Task<TResponse>? _singleResponseTask;
    private TimeSpan? _timeout;

    // One reference, published once under the lock, so other threads never see half of an ending.
    private CallEnd? _end;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(method);
        _channel = channel;
        _method = method;
        _options = options;
        _callToken = _cts.Token;
    }

    public Task<Metadata> ResponseHeadersAsync
    {
        get
        {
            // Built on demand: most callers never look at response headers.
            if (_headersTask is null)
            {
                Interlocked.CompareExchange(ref _headersTask, GetResponseHeadersAsync(), null);
            }

            return _headersTask;
        }
    }

    private Status? CurrentStatus => Volatile.Read(ref _end)?.Status;

    public Status GetStatus() => CurrentStatus ?? throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers()
    {
        var end = Volatile.Read(ref _end) ?? throw new InvalidOperationException("Unable to get the trailers because the call is not complete.");
        if (end.Trailers is null)
        {
            Interlocked.CompareExchange(ref end.Trailers, ToMetadata(end.TrailerSource), null);
        }

        return end.Trailers;
    }

    public void Dispose() => Cancel(ClientStatus.Disposed);

    public Task<TResponse> StartUnary(TRequest request)
    {
        _singleResponse = true;
        if (TryStart() && TryCreateUnaryContent(request) is { } content)
        {
            Send(content);
        }

        return ReadSingleResponseAsync();
    }

    public void StartServerStreaming(TRequest request)
    {
        if (TryStart() && TryCreateUnaryContent(request) is { } content)
        {
            Send(content);
        }
    }

    public Task<TResponse> StartClientStreaming()
    {
        _singleResponse = true;
        StartDuplexStreaming();
        return _singleResponseTask = ReadSingleResponseAsync();
    }

    public void StartDuplexStreaming()
    {
        _requestStream = new PushStreamContent();
        if (TryStart())
        {
            // Not awaited: a duplex call writes its first message before the server sends headers.
            Send(_requestStream);
        }
    }

    /// <summary>Ends the call with <paramref name="status"/> unless it has already ended; cancels the HTTP request.</summary>
    private void Cancel(Status status) => Finish(status, null);

    /// <summary>Records how the call ended and releases what it held; false if it had already ended.</summary>
    private bool Finish(Status status, HttpHeaders? trailers)
    {
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_end is not null)
            {
                return false;
            }

            Volatile.Write(ref _end, new CallEnd(status, trailers));
            response = _response;
        }

        _userRegistration.Dispose();
        _deadlineTimer?.Dispose();
        _requestStream?.Complete();
        _request?.Dispose();

        // Disposing an unfinished response resets the stream (RST_STREAM CANCEL).
        response?.Dispose();
        if (status.StatusCode != StatusCode.OK)
        {
            _cts.Cancel();
        }

        return true;
    }

    private RpcException CreateException()
    {
        var status = GetStatus();
        return new RpcException(status, GetTrailers());
    }

    /// <summary>Arms cancellation and the deadline; false when the call is over before it starts.</summary>
    private bool TryStart()
    {
        var token = _options.CancellationToken;
        if (token.IsCancellationRequested)
        {
            Finish(ClientStatus.CancelledByToken, null);
            return false;
        }

        _timeout = GetTimeout();
        if (_timeout is { } timeout)
        {
            if (timeout <= TimeSpan.Zero)
            {
                Finish(ClientStatus.DeadlineExceeded, null);
                return false;
            }

            _deadlineTimer = _channel.TimeProvider.CreateTimer(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(ClientStatus.DeadlineExceeded), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (token.CanBeCanceled)
        {
            _userRegistration = token.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(ClientStatus.CancelledByToken), this);
        }

        return true;
    }

    private TimeSpan? GetTimeout()
    {
        if (_options.Deadline is not { } deadline || deadline == DateTime.MaxValue)
        {
            return null;
        }

        var utc = deadline.Kind == DateTimeKind.Local ? deadline.ToUniversalTime() : deadline;
        var timeout = utc - _channel.TimeProvider.GetUtcNow().UtcDateTime;

        // Timers take at most ~49 days; a deadline further out than that is as good as none.
        return timeout > TimeSpan.FromDays(49) ? null : timeout;
    }

    private sealed class CallEnd(Status status, HttpHeaders? trailerSource)
    {
        public readonly Status Status = status;
        public readonly HttpHeaders? TrailerSource = trailerSource;

        // Built on demand: most callers never look at trailers.
        public Metadata? Trailers;
    }
}
