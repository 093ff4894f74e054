namespace Wms.Grpc;

public sealed class GrpcServiceOptions
{
    /// <summary>Largest message a call may receive, after decompression; larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest message a handler may send; null for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Compress response messages with this encoding ("gzip") when the client accepts it; null sends them plain.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>Send exception messages to clients in INTERNAL statuses. Off: a stack trace or SQL text must not leak.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Interceptor types, outermost first, created once from the service provider.</summary>
    public IList<Type> Interceptors { get; } = [];

    public GrpcServiceOptions WithMaxReceiveMessageSize(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        MaxReceiveMessageSize = bytes;
        return this;
    }

    public GrpcServiceOptions AddInterceptor<TInterceptor>()
        where TInterceptor : Interceptor
    {
        Interceptors.Add(typeof(TInterceptor));
        return this;
    }
}
