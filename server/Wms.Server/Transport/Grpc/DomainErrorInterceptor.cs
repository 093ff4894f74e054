using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Wms.Server.Common;
using GrpcStatus = Grpc.Core.Status;
using RpcStatus = Google.Rpc.Status;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Features speak in <see cref="DomainException"/>s; callers hear gRPC status codes. Bad input also carries a
/// google.rpc.BadRequest naming the field, so a client can show which field was wrong without parsing text.
/// </summary>
public sealed class DomainErrorInterceptor : Interceptor
{
    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Aborted => StatusCode.Aborted,
        ErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        _ => StatusCode.Unknown,
    };

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ToRpcException(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ToRpcException(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    /// <summary>The status a failure becomes, or null to let it through (as INTERNAL, logged, detail hidden).</summary>
    public static RpcException? ToRpcException(Exception ex) => ex switch
    {
        DomainException domain => FromDomain(domain),
        RpcException rpc when rpc.Status.Detail.Length > ErrorMessages.MaxLength => new RpcException(new GrpcStatus(rpc.StatusCode, ErrorMessages.Cap(rpc.Status.Detail)), rpc.Trailers),
        _ when DatabaseUnavailable(ex) => new RpcException(new GrpcStatus(StatusCode.Unavailable, "The database is unavailable (restarting or unreachable): try again with the same request id.")),
        _ => null,
    };

    /// <summary>
    /// The database could not be reached or was going down (a transient error, or SQLSTATE class 08 or 57P):
    /// UNAVAILABLE, the code gRPC gives a condition a client should retry with backoff. A failed write is all or
    /// nothing and carries a request id, so the retry is safe even when the connection broke during the commit.
    /// </summary>
    private static bool DatabaseUnavailable(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db && (db.IsTransient || db.SqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    private static RpcException FromDomain(DomainException ex)
    {
        var code = ToStatusCode(ex.Kind);
        var message = ErrorMessages.Cap(ex.Message);
        if (ex.Field is not { } field)
        {
            return new RpcException(new GrpcStatus(code, message));
        }

        var violation = new BadRequest.Types.FieldViolation { Field = ErrorMessages.Cap(field), Description = ErrorMessages.Cap(ex.Problem) };
        return new RpcStatus { Code = (int)code, Message = message, Details = { Any.Pack(new BadRequest { FieldViolations = { violation } }) } }.ToRpcException();
    }
}
