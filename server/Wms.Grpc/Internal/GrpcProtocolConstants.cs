namespace Wms.Grpc.Internal;

internal static class GrpcProtocolConstants
{
    public const string GrpcContentType = "application/grpc";
    public const string TimeoutHeader = "grpc-timeout";
    public const string MessageEncodingHeader = "grpc-encoding";
    public const string MessageAcceptEncodingHeader = "grpc-accept-encoding";
    public const string StatusTrailer = "grpc-status";
    public const string MessageTrailer = "grpc-message";
    public const string TeHeader = "te";
    public const string TeTrailers = "trailers";
    public const string UserAgentHeader = "user-agent";
    public const string IdentityEncoding = "identity";
    public const string GzipEncoding = "gzip";

    /// <summary>What this implementation can decode, advertised on every response and request.</summary>
    public const string SupportedEncodings = "identity,gzip";

    public const int HeaderSize = 5;
    public const int DefaultMaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Headers that belong to the protocol, never to the application's metadata.</summary>
    public static bool IsReservedHeader(string key) =>
        key.Length == 0
        || key[0] == ':'
        || key.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        || key.Equals(TeHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(TimeoutHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(MessageEncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(MessageAcceptEncodingHeader, StringComparison.OrdinalIgnoreCase)
        || key.Equals(StatusTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals(MessageTrailer, StringComparison.OrdinalIgnoreCase)
        || key.Equals("content-length", StringComparison.OrdinalIgnoreCase)
        || key.Equals("host", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "application/grpc" optionally followed by "+codec" or ";params", per the protocol's Content-Type rule.
    /// </summary>
    public static bool IsGrpcContentType(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return contentType.Length == GrpcContentType.Length || contentType[GrpcContentType.Length] is '+' or ';';
    }
}
