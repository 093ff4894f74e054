using Wms.Grpc;

namespace Wms.Server.Security;

/// <summary>
/// Every call but the standard probes needs <c>authorization: Bearer &lt;token&gt;</c>: no token or an
/// unknown one is UNAUTHENTICATED, a known caller without the method's role is PERMISSION_DENIED.
/// The caller is handed to handlers through the call's user state.
/// </summary>
public sealed class AuthInterceptor(TokenAuthenticator authenticator, MethodRoles methodRoles) : CallInterceptor
{
    private static readonly object CallerKey = new();

    public static Caller GetCaller(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("No authenticated caller on this call.");

    protected override Task<T> InterceptAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        Authorize(context);
        return call();
    }

    private void Authorize(ServerCallContext context)
    {
        if (methodRoles.IsAnonymous(context.Method))
        {
            return;
        }

        var header = context.GetHttpContext().Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header.Length == scheme.Length)
        {
            throw new RpcException(StatusCode.Unauthenticated, "Missing bearer token: send 'authorization: Bearer <token>'.");
        }

        var caller = authenticator.Authenticate(header[scheme.Length..].Trim())
            ?? throw new RpcException(StatusCode.Unauthenticated, "Unknown or revoked token.");
        var allowed = methodRoles.RolesFor(context.Method);
        if (!caller.IsInAnyRole(allowed))
        {
            throw new RpcException(StatusCode.PermissionDenied, $"'{caller.Name}' may not call {context.Method}: it needs one of the roles {(allowed.Count == 0 ? "admin" : string.Join(", ", allowed).ToLowerInvariant())}.");
        }

        context.UserState[CallerKey] = caller;
    }
}
