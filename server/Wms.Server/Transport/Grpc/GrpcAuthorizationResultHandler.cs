using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// A gRPC caller refused by authentication or authorization hears it as a gRPC status that says why
/// (UNAUTHENTICATED, PERMISSION_DENIED naming the roles the method needs), not as a bare HTTP 401/403.
/// The answer is a trailers-only response written before the request body is read, so an unauthenticated
/// 15 MB request costs the server nothing. Other requests (HTTP/JSON) get the standard 401/403.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded || !context.Request.ContentType.IsGrpc())
        {
            await _standard.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        if (authorizeResult.Challenged)
        {
            // The handler caches its result for the request: this does not check the token again.
            var authentication = await context.AuthenticateAsync(BearerTokenHandler.SchemeName);
            GrpcStatusResponse.Write(context, new Status(StatusCode.Unauthenticated, authentication.Failure?.Message ?? BearerTokenHandler.MissingTokenMessage));
            return;
        }

        var roles = authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList() ?? [];
        var needs = roles.Count == 0 ? "admin" : string.Join(", ", roles);
        GrpcStatusResponse.Write(context, new Status(
            StatusCode.PermissionDenied, $"'{context.User.Identity?.Name}' may not call {context.Request.Path}: it needs one of the roles {needs}."));
    }
}
