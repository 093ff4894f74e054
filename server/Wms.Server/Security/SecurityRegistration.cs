using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

public sealed class SecurityOptions
{
    /// <summary>
    /// An admin bearer token kept in configuration (memory only, never in the table). Empty: on a first
    /// start the server creates an admin token in the table and prints it once.
    /// </summary>
    public string AdminToken { get; set; } = "";

    /// <summary>How often each server reloads the token table, so another server's revocation reaches it.</summary>
    public int TokenRefreshSeconds { get; set; } = 30;

    /// <summary>How long a person's session (SignIn) lasts; after it the token is refused and the person signs in again.</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>Failed sign-in attempts in a row that lock an account, and for how long.</summary>
    public int LockoutFailures { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>The issuer authenticator apps show beside the account name.</summary>
    public string TotpIssuer { get; set; } = "WMS";
}

public static class SecurityRegistration
{
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection("Wms:Security"));
        services.AddSingleton<TokenAuthenticator>();
        services.AddHostedService<TokenRefresher>();
        services.AddSingleton<CreateToken.Handler>();
        services.AddSingleton<RevokeToken.Handler>();
        services.AddSingleton<AccessQueries>();
        services.AddSingleton<AccountGate>();
        services.AddSingleton<CreateUser.Handler>();
        services.AddSingleton<ResetUser.Handler>();
        services.AddSingleton<ListUsers>();
        services.AddSingleton<StartTotpEnrolment.Handler>();
        services.AddSingleton<ConfirmTotpEnrolment.Handler>();
        services.AddSingleton<SignIn.Handler>();
        services.AddSingleton<SignOut.Handler>();
        return services;
    }

    /// <summary>
    /// Loads the token table and makes sure an admin can get in: the configured admin token, or else a
    /// stored one, created and printed on the first start only.
    /// </summary>
    public static async Task InitializeSecurityAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var authenticator = app.Services.GetRequiredService<TokenAuthenticator>();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<WmsDbContext>>();
        if (!string.IsNullOrEmpty(options.AdminToken))
        {
            authenticator.Register(TokenAuthenticator.Hash(options.AdminToken), new Caller("admin", new HashSet<Role> { Role.Admin }));
        }
        else if (await CreateFirstAdminTokenAsync(contexts, app.Services.GetRequiredService<TimeProvider>(), cancellationToken) is { } token)
        {
            // Printed, not logged: shown to the person starting the server and kept out of log files.
            Console.WriteLine($"Admin token (shown only this once; the server keeps its hash): {token}");
        }

        await authenticator.RefreshAsync(contexts, cancellationToken);
    }

    private static async Task<string?> CreateFirstAdminTokenAsync(IDbContextFactory<WmsDbContext> contexts, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var active = await db.Set<ApiToken>().AsNoTracking().Where(t => t.RevokedAt == null).Select(t => t.Roles).ToListAsync(cancellationToken);
        if (active.Any(roles => RoleNames.Parse(roles).Contains(Role.Admin)))
        {
            return null;
        }

        var token = TokenAuthenticator.NewToken();
        var now = time.GetUtcNow();
        db.Add(new ApiToken { Name = "admin", TokenHash = TokenAuthenticator.Hash(token), Roles = RoleNames.Name(Role.Admin), CreatedAt = now, CreatedBy = "first start" });
        db.Add(new AuditEntry { At = now, Actor = "server", Command = nameof(CreateToken), RequestId = "", Summary = "admin token 'admin' for the first start" });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }
}

/// <summary>Reloads the token table every few seconds, for revocations made by other servers.</summary>
internal sealed partial class TokenRefresher(TokenAuthenticator authenticator, IDbContextFactory<WmsDbContext> contexts, IOptions<SecurityOptions> options, TimeProvider time, ILogger<TokenRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.TokenRefreshSeconds));
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await authenticator.RefreshAsync(contexts, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The cache this process keeps stays correct for its own changes; try again next tick.
                    LogRefreshFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Reloading the token table failed; revocations by other servers wait for the next refresh.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
