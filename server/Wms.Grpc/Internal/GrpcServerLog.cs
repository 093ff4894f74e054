using Microsoft.Extensions.Logging;

namespace Wms.Grpc.Internal;

internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Error, "Error when executing service method '{Method}'.")]
    public static partial void ErrorExecutingServiceMethod(ILogger logger, string method, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Call '{Method}' ended with status {StatusCode}: {Detail}")]
    public static partial void RpcExceptionThrown(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(3, LogLevel.Debug, "Deadline of call '{Method}' exceeded after {Timeout}.")]
    public static partial void DeadlineExceeded(ILogger logger, string method, TimeSpan timeout);

    [LoggerMessage(4, LogLevel.Debug, "Call '{Method}' cancelled by the client.")]
    public static partial void CallCancelled(ILogger logger, string method);

    [LoggerMessage(5, LogLevel.Debug, "Request uses unsupported grpc-encoding '{Encoding}'.")]
    public static partial void UnsupportedEncoding(ILogger logger, string encoding);

    [LoggerMessage(6, LogLevel.Debug, "Invalid grpc-timeout '{Value}' ignored.")]
    public static partial void InvalidTimeout(ILogger logger, string value);

    [LoggerMessage(7, LogLevel.Debug, "Request content type '{ContentType}' is not gRPC: answered 415.")]
    public static partial void UnsupportedContentType(ILogger logger, string? contentType);

    [LoggerMessage(8, LogLevel.Debug, "No service method for '{Path}': answered UNIMPLEMENTED.")]
    public static partial void Unimplemented(ILogger logger, string path);

    [LoggerMessage(9, LogLevel.Debug, "Handler of '{Method}' finished after its call had already ended ({StatusCode}).")]
    public static partial void HandlerFinishedAfterCallEnded(ILogger logger, string method, StatusCode statusCode);
}
