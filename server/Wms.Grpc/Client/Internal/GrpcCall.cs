using System.IO.Pipelines;
using System.Net;
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
    private void Cancel(Status status)
    {
        if (Finish(status, null))
        {
            _cts.Cancel();
        }
    }

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

    private UnaryContent? TryCreateUnaryContent(TRequest request)
    {
        var frame = new PooledBufferWriter();
        try
        {
            MessageFraming.WriteMessage(frame, request, _method.RequestMarshaller.Serializer, _channel.MaxSendMessageSize, _channel.RequestCompression is not null);
            return new UnaryContent(frame);
        }
        catch (Exception ex)
        {
            frame.Dispose();
            Finish(ClientStatus.FromException(ex), null);
            return null;
        }
    }

    private void Send(HttpContent content)
    {
        _request = CreateRequest(content);
        _sendTask = SendAsync(_request);
    }

    /// <summary>True when the response has a body to read; false when the call ended or was trailers-only.</summary>
    private async Task<bool> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.HttpInvoker.SendAsync(request, _callToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Finish(ClientStatus.FromException(ex), null);
            return false;
        }

        bool finished;
        lock (_lock)
        {
            _response = response;
            finished = _end is not null;
        }

        if (finished)
        {
            response.Dispose();
            return false;
        }

        // grpc-status in the headers: a trailers-only response, which wins over the HTTP status.
        if (ClientStatus.TryRead(response.Headers, out var status))
        {
            Finish(status.StatusCode == StatusCode.OK && _singleResponse ? ClientStatus.NoResponseMessage : status, response.Headers);
            return false;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            Finish(new Status(ClientStatus.FromHttpStatus(response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}."), response.Headers);
            return false;
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (!GrpcProtocolConstants.IsGrpcContentType(contentType))
        {
            Finish(new Status(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}."), response.Headers);
            return false;
        }

        if (response.Headers.NonValidated.TryGetValues(GrpcProtocolConstants.MessageEncodingHeader, out var encodings))
        {
            var encoding = encodings.ToString();
            if (!MessageCompression.IsSupported(encoding))
            {
                Finish(new Status(StatusCode.Internal, $"The server compressed with '{encoding}', which this client does not support."), response.Headers);
                return false;
            }

            _responseEncoding = encoding;
        }

        return true;
    }

    private async Task<Metadata> GetResponseHeadersAsync()
    {
        var hasBody = await _sendTask.ConfigureAwait(false);
        if (hasBody)
        {
            return ToMetadata(_response!.Headers);
        }

        // A trailers-only response has no headers of its own: what it carried are trailers.
        if (CurrentStatus is { StatusCode: StatusCode.OK })
        {
            return new Metadata();
        }

        throw CreateException();
    }

    private HttpRequestMessage CreateRequest(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocolConstants.TeHeader, GrpcProtocolConstants.TeTrailers);
        headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageAcceptEncodingHeader, GrpcProtocolConstants.SupportedEncodings);
        if (_channel.RequestCompression is { } encoding)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageEncodingHeader, encoding);
        }

        if (_timeout is { } timeout)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(timeout));
        }

        var hasUserAgent = false;
        if (_options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                // The protocol's own headers are ours to set; metadata cannot forge them.
                if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                {
                    hasUserAgent |= entry.Key == GrpcProtocolConstants.UserAgentHeader;
                    headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }
        }

        if (!hasUserAgent)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, GrpcChannel.UserAgent);
        }

        return request;
    }

    private static Metadata ToMetadata(HttpHeaders? headers)
    {
        var metadata = new Metadata();
        if (headers is not null)
        {
            foreach (var header in headers.NonValidated)
            {
                MetadataHeaders.AddHeader(metadata, header.Key, header.Value);
            }
        }

        return metadata;
    }

    private sealed class CallEnd(Status status, HttpHeaders? trailerSource)
    {
        public readonly Status Status = status;
        public readonly HttpHeaders? TrailerSource = trailerSource;

        // Built on demand: most callers never look at trailers.
        public Metadata? Trailers;
    }
}
