using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wms.Grpc.Internal;

/// <summary>
/// One call's state on the server: headers in, messages out, the deadline, and the single place where the
/// call's status is written, so that a deadline firing on a timer thread and the handler finishing on
/// another cannot both end the call.
/// </summary>
internal sealed class HttpContextServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _http;
    private readonly GrpcServiceOptions _options;
    private readonly ILogger _logger;
    private readonly string _method;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private Dictionary<object, object?>? _userState;
    private DateTime _deadline = DateTime.MaxValue;
    private TimeSpan _timeout;
    private CancellationTokenSource? _deadlineCts;
    private ITimer? _deadlineTimer;

    // Only calls with a deadline race a timer against the handler; the rest skip the lock entirely.
    private SemaphoreSlim? _writeLock;
    private bool _completed;

    // Unary writes are not flushed, so HasStarted alone cannot tell that a message is on its way.
    private bool _messageWritten;
    private bool _deadlineExceeded;

    public HttpContextServerCallContext(HttpContext http, GrpcServiceOptions options, string method, ILogger logger)
    {
        _http = http;
        _options = options;
        _method = method;
        _logger = logger;
        Status = Status.DefaultSuccess;
    }

    public string? RequestEncoding { get; private set; }

    public bool CompressResponses { get; private set; }

    public int MaxReceiveMessageSize => _options.MaxReceiveMessageSize;

    public override string Method => _method;

    public override string Host => _http.Request.Host.Value ?? "";

    public override string Peer
    {
        get
        {
            var connection = _http.Connection;
            return connection.RemoteIpAddress switch
            {
                null => "unknown",
                { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ip => $"ipv6:[{ip}]:{connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                var ip => $"ipv4:{ip}:{connection.RemotePort.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            };
        }
    }

    public override DateTime Deadline => _deadline;

    public override Metadata RequestHeaders => _requestHeaders ??= ReadRequestHeaders();

    public override CancellationToken CancellationToken => _deadlineCts?.Token ?? _http.RequestAborted;

    public override Metadata ResponseTrailers => _responseTrailers ??= new Metadata();

    public override Status Status { get; set; }

    public override IDictionary<object, object?> UserState => _userState ??= [];

    public override HttpContext GetHttpContext() => _http;

    /// <summary>Reads the call's protocol headers; false when the call was answered already (bad encoding).</summary>
    public bool Initialize(TimeProvider time)
    {
        var response = _http.Response;
        response.ContentType = GrpcProtocolConstants.GrpcContentType;
        var headers = _http.Request.Headers;

        string? encoding = headers[GrpcProtocolConstants.MessageEncodingHeader];
        if (!MessageCompression.IsSupported(encoding))
        {
            GrpcServerLog.UnsupportedEncoding(_logger, encoding!);
            response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = GrpcProtocolConstants.SupportedEncodings;
            WriteStatusHeaders(new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {GrpcProtocolConstants.SupportedEncodings}"), trailersOnly: true);
            _completed = true;
            return false;
        }

        RequestEncoding = encoding;
        response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = GrpcProtocolConstants.SupportedEncodings;
        var wanted = _options.ResponseCompressionAlgorithm;
        if (wanted is not null && MessageCompression.Accepts(headers[GrpcProtocolConstants.MessageAcceptEncodingHeader], wanted))
        {
            CompressResponses = true;
            response.Headers[GrpcProtocolConstants.MessageEncodingHeader] = wanted;
        }

        string? timeout = headers[GrpcProtocolConstants.TimeoutHeader];
        if (timeout is not null)
        {
            if (GrpcTimeout.TryParse(timeout, out _timeout))
            {
                StartDeadline(time);
            }
            else
            {
                GrpcServerLog.InvalidTimeout(_logger, timeout);
            }
        }

        return true;
    }

    private void StartDeadline(TimeProvider time)
    {
        _deadline = time.GetUtcNow().UtcDateTime + _timeout;
        _writeLock = new SemaphoreSlim(1, 1);
        _deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(_http.RequestAborted);
        _deadlineTimer = time.CreateTimer(static state => _ = ((HttpContextServerCallContext)state!).DeadlineExceededAsync(), this, _timeout, Timeout.InfiniteTimeSpan);
    }

    private async Task DeadlineExceededAsync()
    {
        await _writeLock!.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_completed)
            {
                GrpcServerLog.DeadlineExceeded(_logger, _method, _timeout);
                _deadlineExceeded = true;
                WriteStatus(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
                await _http.Response.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The client went away first: nothing is left to tell it.
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            await _deadlineCts!.CancelAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The call finished while the deadline fired.
        }
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        await EnterWriteAsync().ConfigureAwait(false);
        try
        {
            if (_http.Response.HasStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call.");
            }

            foreach (var entry in responseHeaders)
            {
                if (!GrpcProtocolConstants.IsReservedHeader(entry.Key))
                {
                    _http.Response.Headers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }

            await _http.Response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ExitWrite();
        }
    }

    public async ValueTask WriteMessageAsync<T>(T message, Action<T, IBufferWriter<byte>> serializer, bool flush)
    {
        await EnterWriteAsync().ConfigureAwait(false);
        try
        {
            MessageFraming.WriteMessage(_http.Response.BodyWriter, message, serializer, _options.MaxSendMessageSize ?? int.MaxValue, CompressResponses);
            _messageWritten = true;
            if (flush)
            {
                await _http.Response.BodyWriter.FlushAsync(CancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ExitWrite();
        }
    }

    private ValueTask EnterWriteAsync()
    {
        if (_writeLock is null)
        {
            ThrowIfCompleted();
            return ValueTask.CompletedTask;
        }

        return EnterLockedAsync();

        async ValueTask EnterLockedAsync()
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
            if (_completed)
            {
                _writeLock.Release();
                ThrowIfCompleted();
            }
        }
    }

    private void ExitWrite() => _writeLock?.Release();

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw _deadlineExceeded
                ? new RpcException(StatusCode.DeadlineExceeded, "Deadline Exceeded")
                : new InvalidOperationException("The call is complete: no more messages can be written.");
        }
    }

    /// <summary>Ends the call with <see cref="Status"/> after the handler returned normally.</summary>
    public async ValueTask EndCallAsync()
    {
        if (_writeLock is not null)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            if (_completed)
            {
                GrpcServerLog.HandlerFinishedAfterCallEnded(_logger, _method, StatusCode.DeadlineExceeded);
                return;
            }

            WriteStatus(Status);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    /// <summary>Turns whatever the handler threw into a status; never lets the exception's text out unless configured.</summary>
    public async ValueTask ProcessHandlerErrorAsync(Exception ex)
    {
        if (_writeLock is not null)
        {
            await _writeLock.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            if (_completed)
            {
                GrpcServerLog.HandlerFinishedAfterCallEnded(_logger, _method, _deadlineExceeded ? StatusCode.DeadlineExceeded : Status.StatusCode);
                return;
            }

            Status status;
            switch (ex)
            {
                case RpcException rpc:
                    status = rpc.Status;
                    foreach (var entry in rpc.Trailers)
                    {
                        ResponseTrailers.Add(entry);
                    }

                    GrpcServerLog.RpcExceptionThrown(_logger, _method, status.StatusCode, status.Detail);
                    break;
                case OperationCanceledException or IOException when _http.RequestAborted.IsCancellationRequested:
                    GrpcServerLog.CallCancelled(_logger, _method);
                    status = new Status(StatusCode.Cancelled, "Call cancelled by the client.");
                    break;
                default:
                    GrpcServerLog.ErrorExecutingServiceMethod(_logger, _method, ex);
                    status = new Status(StatusCode.Internal, _options.EnableDetailedErrors
                        ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}"
                        : "Exception was thrown by handler.");
                    break;
            }

            WriteStatus(status);
        }
        finally
        {
            _writeLock?.Release();
        }
    }

    private void WriteStatus(Status status)
    {
        _completed = true;
        var trailersOnly = !_messageWritten && !_http.Response.HasStarted;
        WriteStatusHeaders(status, trailersOnly);
    }

    private void WriteStatusHeaders(Status status, bool trailersOnly)
    {
        var response = _http.Response;
        if (trailersOnly)
        {
            // Trailers-Only: the status rides in the one HEADERS frame of a response with no messages.
            var headers = response.Headers;
            headers[GrpcProtocolConstants.StatusTrailer] = ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(status.Detail))
            {
                headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode(status.Detail);
            }

            headers.Remove(GrpcProtocolConstants.MessageEncodingHeader);
            if (_responseTrailers is not null)
            {
                foreach (var entry in _responseTrailers)
                {
                    headers.Append(entry.Key, MetadataHeaders.EncodeValue(entry));
                }
            }

            return;
        }

        response.AppendTrailer(GrpcProtocolConstants.StatusTrailer, ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            response.AppendTrailer(GrpcProtocolConstants.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is not null)
        {
            foreach (var entry in _responseTrailers)
            {
                response.AppendTrailer(entry.Key, MetadataHeaders.EncodeValue(entry));
            }
        }
    }

    private Metadata ReadRequestHeaders()
    {
        var metadata = new Metadata();
        foreach (var header in _http.Request.Headers)
        {
            MetadataHeaders.AddHeader(metadata, header.Key, header.Value!);
        }

        return metadata;
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _deadlineCts?.Dispose();
    }
}
