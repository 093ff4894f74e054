using Wms.Grpc;
using Wms.Server.Common;

namespace Wms.Server.Transport.Grpc;

/// <summary>Features speak in <see cref="DomainException"/>s; callers hear gRPC status codes.</summary>
public sealed class DomainErrorInterceptor : CallInterceptor
{
    public static StatusCode ToStatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        ErrorKind.NotFound => StatusCode.NotFound,
        ErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        ErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        ErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        ErrorKind.Aborted => StatusCode.Aborted,
        _ => StatusCode.Unknown,
    };

    protected override async Task<T> InterceptAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DomainException ex)
        {
            throw new RpcException(ToStatusCode(ex.Kind), ex.Message);
        }
    }
}
