namespace Wms.Grpc;

/// <summary>How a <see cref="GrpcChannel"/> talks to its server.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>The handler that sends the HTTP/2 requests; null builds a <see cref="SocketsHttpHandler"/> tuned for gRPC.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>; a handler the channel built itself is always disposed.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>The largest response message accepted, after decompression; null means no limit. Defaults to 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = Internal.GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>The largest request message sent, before compression; null means no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>"gzip" compresses every request message; null or "identity" sends them as they are.</summary>
    public string? RequestCompression { get; set; }

    /// <summary>The clock deadlines are measured against; tests substitute a fake one.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
