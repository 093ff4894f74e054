using System.Globalization;
using System.Text;
using Grpc.Core;

namespace Wms.Server.Transport.Grpc;

/// <summary>A gRPC status answered from middleware, before any gRPC handler ran.</summary>
internal static class GrpcStatusResponse
{
    public static bool IsGrpc(this string? contentType) => contentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// A trailers-only response (the gRPC over HTTP/2 spec: HTTP 200, content type and status in the one
    /// header block, no body). gRPC-Web reads the status from the same headers.
    /// </summary>
    public static void Write(HttpContext context, Status status)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = context.Request.ContentType?.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) == true
            ? "application/grpc-web+proto"
            : "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = PercentEncode(ErrorMessages.Cap(status.Detail));
    }

    // The spec's grpc-message encoding: UTF-8, with bytes outside printable ASCII and '%' as %XX.
    private static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E and not (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
