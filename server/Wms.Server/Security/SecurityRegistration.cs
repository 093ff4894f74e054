using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
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

    /// <summary>
    /// PBKDF2 iterations for new password hashes. Raising it keeps old hashes valid; each is rehashed with the new
    /// count at its user's next successful sign-in. (Lowering it rehashes nothing.)
    /// </summary>
    public int PasswordIterations { get; set; } = 100_000;

    /// <summary>
    /// The Data Protection key ring (the keys that encrypt TOTP secrets, the console's stored sessions and its
    /// forms): a folder, relative to the server's folder. Servers sharing a database must share this folder
    /// (a network share or a volume), or each reads only the secrets it encrypted itself.
    /// </summary>
    public string KeyRingPath { get; set; } = "keys";

    /// <summary>A PFX whose certificate encrypts the keys in the ring at rest; empty leaves them as plain XML files (protect the folder).</summary>
    public string KeyRingCertificatePath { get; set; } = "";

    public string KeyRingCertificatePassword { get; set; } = "";

    /// <summary>Anonymous sign-in calls (SignIn and the two enrolment steps) one address may make per minute; 0 turns the limit off.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 30;
}

public static class SecurityRegistration
{
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection("Wms:Security"));
        AddKeyRing(services, configuration.GetSection("Wms:Security").Get<SecurityOptions>() ?? new SecurityOptions());
        services.AddSingleton<Passwords>();
        services.AddSingleton<TotpSecrets>();
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
        services.AddSingleton<SignInThrottle>();
        return services;
    }

    /// <summary>
    /// ASP.NET Core Data Protection with its keys in a folder outside the database, under one application name, so
    /// that every server given the same folder reads what another encrypted (and a browser's console session
    /// survives a restart or lands on another server).
    /// </summary>
    private static void AddKeyRing(IServiceCollection services, SecurityOptions options)
    {
        var folder = Path.GetFullPath(options.KeyRingPath.Length > 0 ? options.KeyRingPath : "keys", AppContext.BaseDirectory);
        var dataProtection = services.AddDataProtection().SetApplicationName("wms").PersistKeysToFileSystem(new DirectoryInfo(folder));
        if (options.KeyRingCertificatePath.Length > 0)
        {
            var path = Path.GetFullPath(options.KeyRingCertificatePath, AppContext.BaseDirectory);
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, options.KeyRingCertificatePassword));
        }
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

        await app.Services.GetRequiredService<TotpSecrets>().ProtectStoredAsync(contexts, app.Services.GetRequiredService<TimeProvider>(), cancellationToken);
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
