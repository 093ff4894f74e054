using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.Extensions.Options;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// ASP.NET Core authentication over the WMS's bearer tokens (<see cref="TokenAuthenticator"/>): it runs in
/// the middleware, before the gRPC endpoint reads a byte of the request body.
/// </summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenAuthenticator tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string MissingTokenMessage = "Missing bearer token: send 'authorization: Bearer <token>'.";
    public const string UnknownTokenMessage = "Unknown or revoked token.";

    private static readonly object CallerKey = new();

    public static Caller CallerOf(HttpContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("No authenticated caller on this call.");

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length == prefix.Length)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Authenticate(header[prefix.Length..].Trim()) is not { } caller)
        {
            return Task.FromResult(AuthenticateResult.Fail(UnknownTokenMessage));
        }

        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, caller.Name));
        foreach (var role in caller.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, RoleNames.Name(role)));
        }

        Context.Items[CallerKey] = caller;
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

/// <summary>An admin passes every role check, as <see cref="Caller.IsInAnyRole"/> says.</summary>
internal sealed class AdminPassesRoleChecks : AuthorizationHandler<RolesAuthorizationRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RolesAuthorizationRequirement requirement)
    {
        if (context.User.IsInRole(RoleNames.Name(Role.Admin)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
