using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// ASP.NET Core authentication over the WMS's bearer tokens (<see cref="TokenAuthenticator"/>), before the gRPC
/// endpoint reads a byte of the request body. <see cref="UseBearerTokens"/> puts the caller on every request;
/// the handler answers the framework's questions (the fallback policy's scheme, challenges, forbids) from the
/// same result, so a token is checked once per request.
/// <para>
/// Not <c>UseAuthentication()</c> over an <c>AuthenticationHandler&lt;TOptions&gt;</c>: per request, that pair
/// opens a DI scope, resolves the authentication service, the handler provider and a new handler (which builds
/// a logger under the logger factory's lock and looks its options up), and wraps the result twice. A profile of
/// the unary path under load put it at a quarter of the request path (how to take it again: docs/grpc.md), for one dictionary lookup.
/// Authorization (<c>[Authorize(Roles = ...)]</c>, the fallback policy, the refusal handler) is the framework's, unchanged.
/// </para>
/// </summary>
public sealed class BearerTokenHandler(TokenAuthenticator tokens) : IAuthenticationHandler
{
    public const string SchemeName = "Bearer";
    public const string MissingTokenMessage = "Missing bearer token: send 'authorization: Bearer <token>'.";
    public const string UnknownTokenMessage = "Unknown or revoked token.";

    // One entry per request: the caller when the token is known (its result comes from Results), else the refusal.
    private static readonly object CallerKey = new();
    private static readonly Task<AuthenticateResult> NoToken = Task.FromResult(AuthenticateResult.NoResult());
    private static readonly Task<AuthenticateResult> UnknownToken = Task.FromResult(AuthenticateResult.Fail(UnknownTokenMessage));

    // A caller is an immutable snapshot entry shared by all its calls; so is its result, built once, not per call.
    private static readonly ConditionalWeakTable<Caller, Task<AuthenticateResult>> Results = new();

    private HttpContext? _context;

    public static Caller CallerOf(HttpContext context) =>
        context.Items.TryGetValue(CallerKey, out var caller) && caller is Caller c
            ? c
            : throw new InvalidOperationException("No authenticated caller on this call.");

    /// <summary>The middleware in place of <c>UseAuthentication()</c>: sets <see cref="HttpContext.User"/> from the bearer token.</summary>
    public static IApplicationBuilder UseBearerTokens(IApplicationBuilder app)
    {
        var tokens = app.ApplicationServices.GetRequiredService<TokenAuthenticator>();
        // The key UseAuthentication() sets: without it WebApplication adds the standard middleware in front of this one.
        app.Properties["__AuthenticationMiddlewareSet"] = true;
        return app.Use(next => context =>
        {
            if (Authenticate(context, tokens).Result.Principal is { } principal)
            {
                context.User = principal;
            }

            return next(context);
        });
    }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        _context = context;
        return Task.CompletedTask;
    }

    public Task<AuthenticateResult> AuthenticateAsync() => Authenticate(Context, tokens);

    public Task ChallengeAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        Context.Response.Headers.WWWAuthenticate = SchemeName;
        return Task.CompletedTask;
    }

    public Task ForbidAsync(AuthenticationProperties? properties)
    {
        Context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    private HttpContext Context => _context ?? throw new InvalidOperationException("The handler was not initialized for a request.");

    private static Task<AuthenticateResult> Authenticate(HttpContext context, TokenAuthenticator tokens)
    {
        if (!context.Items.TryGetValue(CallerKey, out var known))
        {
            known = Check(context, tokens);
            context.Items[CallerKey] = known;
        }

        return known as Task<AuthenticateResult> ?? Results.GetValue((Caller)known!, NewResult);
    }

    /// <summary>The caller when the token is known, else the refusal's result.</summary>
    private static object Check(HttpContext context, TokenAuthenticator tokens)
    {
        var header = context.Request.Headers.Authorization.ToString().AsSpan();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || header.Length == prefix.Length)
        {
            return NoToken;
        }

        if (tokens.Authenticate(header[prefix.Length..].Trim()) is not { } caller)
        {
            return UnknownToken;
        }

        return caller;
    }

    private static Task<AuthenticateResult> NewResult(Caller caller)
    {
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, caller.Name));
        foreach (var role in caller.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, RoleNames.Name(role)));
        }

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
