using Microsoft.AspNetCore.Http;

namespace Wms.Grpc;

/// <summary>What a handler (and an interceptor) knows of the call it serves, and how it shapes the answer.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method name, <c>/package.Service/Method</c>.</summary>
    public abstract string Method { get; }

    public abstract string Host { get; }

    /// <summary>The caller's address, as <c>ipv4:1.2.3.4:5678</c> or <c>ipv6:[::1]:5678</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>When the call must be over; <see cref="DateTime.MaxValue"/> when the client set no deadline.</summary>
    public abstract DateTime Deadline { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels (RST_STREAM), disconnects, or the deadline passes.</summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>Trailers sent after the last message together with the status.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status to end the call with when the handler returns normally; OK unless set.</summary>
    public abstract Status Status { get; set; }

    /// <summary>Per-call state that interceptors hand to handlers (the authenticated caller, say).</summary>
    public abstract IDictionary<object, object?> UserState { get; }

    /// <summary>Sends the response headers now, before the first message; at most once.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);

    public abstract HttpContext GetHttpContext();
}
