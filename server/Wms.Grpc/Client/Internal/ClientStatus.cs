using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Wms.Grpc.Internal;

/// <summary>How a client turns what HTTP and the transport report into a gRPC status.</summary>
internal static class ClientStatus
{
    public static readonly Status Disposed = new(StatusCode.Cancelled, "gRPC call disposed.");
    public static readonly Status CancelledByToken = new(StatusCode.Cancelled, "Call canceled by the client.");
    public static readonly Status DeadlineExceeded = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");
    public static readonly Status NoResponseMessage = new(StatusCode.Internal, "Failed to read the response: the server ended the call OK without a message.");
    public static readonly Status MissingStatus = new(StatusCode.Unknown, "No grpc-status found on response.");

    /// <summary>Reads grpc-status and grpc-message; false when there is no grpc-status at all.</summary>
    public static bool TryRead(HttpHeaders headers, out Status status)
    {
        var fields = headers.NonValidated;
        if (!fields.TryGetValues(GrpcProtocolConstants.StatusTrailer, out var codeValues))
        {
            status = default;
            return false;
        }

        var message = fields.TryGetValues(GrpcProtocolConstants.MessageTrailer, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : "";
        var codeText = codeValues.ToString();
        // A code this version does not know is UNKNOWN, as the status code spec asks.
        status = int.TryParse(codeText, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= (int)StatusCode.Unauthenticated
            ? new Status((StatusCode)code, message)
            : new Status(StatusCode.Unknown, $"Invalid grpc-status '{codeText}'. {message}");
        return true;
    }

    /// <summary>For a response without grpc-status, per the protocol's HTTP to gRPC status mapping.</summary>
    public static StatusCode FromHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => StatusCode.Internal,
        HttpStatusCode.Unauthorized => StatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => StatusCode.PermissionDenied,
        HttpStatusCode.NotFound => StatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };

    /// <summary>A transport failure as a status; the caller has already ruled out its own cancellation.</summary>
    public static Status FromException(Exception ex)
    {
        switch (ex)
        {
            case RpcException rpc:
                return rpc.Status;
            case OperationCanceledException:
                return new Status(StatusCode.Cancelled, "Call canceled.");
            case ObjectDisposedException:
                return new Status(StatusCode.Cancelled, "The channel was disposed.");
        }

        if (FindProtocolError(ex) is { } protocol)
        {
            return new Status(FromHttp2ErrorCode(protocol.ErrorCode), $"HTTP/2 stream reset by the server ({protocol.ErrorCode}): {protocol.Message}");
        }

        return ex switch
        {
            // Refused or dropped connections, DNS and TLS failures: retrying later may well succeed.
            HttpRequestException or IOException => new Status(StatusCode.Unavailable, $"Error talking to the server. {ex.GetType().Name}: {ex.Message}"),
            _ => new Status(StatusCode.Internal, $"Error in the gRPC call. {ex.GetType().Name}: {ex.Message}"),
        };
    }

    private static HttpProtocolException? FindProtocolError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpProtocolException protocol)
            {
                return protocol;
            }
        }

        return null;
    }

    /// <summary>RST_STREAM / GOAWAY error codes, per the "Errors" table of the gRPC over HTTP/2 spec.</summary>
    private static StatusCode FromHttp2ErrorCode(long errorCode) => errorCode switch
    {
        0x7 => StatusCode.Unavailable,        // REFUSED_STREAM: not processed, safe to retry
        0x8 => StatusCode.Cancelled,          // CANCEL
        0xB => StatusCode.ResourceExhausted,  // ENHANCE_YOUR_CALM
        0xC => StatusCode.PermissionDenied,   // INADEQUATE_SECURITY
        _ => StatusCode.Internal,
    };
}
