using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// What every sign-in step shares: find the account, refuse it while locked, check the password, count a
/// failure (the <see cref="SecurityOptions.LockoutFailures"/>-th in a row locks it), and open a session.
/// Checks run on a snapshot outside the writer (PBKDF2 takes tens of milliseconds and must not hold up the
/// writer's batch); the write then re-checks what may have changed meanwhile.
/// </summary>
public sealed class AccountGate(IDbContextFactory<WmsDbContext> contexts, WriteBatcher writes, TokenAuthenticator authenticator, Passwords passwords, IOptions<SecurityOptions> options, TimeProvider time)
{
    /// <summary>The same words for an unknown name, a wrong password and a wrong code: a caller learns nothing of which.</summary>
    public const string WrongCredentials = "Wrong name, password or code.";

    public sealed record SessionInfo(string Token, DateTimeOffset ExpiresAt, string Name, IReadOnlyList<string> Roles, int RecoveryCodesLeft);

    /// <summary>
    /// An account whose password was right, as read before the write. <paramref name="NewHash"/> is set when the stored
    /// hash has fewer PBKDF2 iterations than configured now: the sign-in stores it (computed here, outside the writer).
    /// </summary>
    public sealed record PasswordChecked(UserAccount User, string? NewHash);

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The account, when it exists, is not locked and the password is right; a wrong password is counted.</summary>
    public async Task<PasswordChecked> CheckPasswordAsync(string name, string password, string from, CancellationToken cancellationToken)
    {
        UserAccount? user;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            user = await db.Set<UserAccount>().AsNoTracking().FirstOrDefaultAsync(u => u.Name == name, cancellationToken);
        }

        if (user is null)
        {
            passwords.Verify(null, password, out _);
            throw new DomainException(ErrorKind.Unauthenticated, WrongCredentials);
        }

        ThrowIfLocked(user);
        if (!passwords.Verify(user.PasswordHash, password, out var rehash))
        {
            throw await FailAsync(user, "wrong password", from, cancellationToken);
        }

        return new PasswordChecked(user, rehash ? passwords.Hash(password) : null);
    }

    public void ThrowIfLocked(UserAccount user)
    {
        if (user.IsLocked(time.GetUtcNow()))
        {
            throw new DomainException(ErrorKind.Unauthenticated,
                $"Account '{user.Name}' is locked until {user.LockedUntil!.Value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC after {options.Value.LockoutFailures} failed attempts; an admin can unlock it (ResetUser).");
        }
    }

    /// <summary>Counts a failed attempt (audited with where it came from) and gives the refusal for the caller to throw.</summary>
    public async Task<DomainException> FailAsync(UserAccount user, string why, string from, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var locked = await writes.ExecuteAsync(new CommandInfo("SignInFailed", user.Name, "", $"{why}, from {From(from)}"), async (db, ct) =>
        {
            var now = time.GetUtcNow();
            var lockUntil = now.AddMinutes(settings.LockoutMinutes);
            // The lockout rule (see UserAccount.FailedAttempts) as two conditional UPDATEs, not read-then-save: failures counted by several
            // servers at once meet at the row's lock, each adds its own, and none is lost (read-then-save on
            // PostgreSQL let two servers both write "3 + 1").
            await db.Set<UserAccount>().Where(u => u.Id == user.Id && (u.LockedUntil == null || u.LockedUntil <= now))
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.FailedAttempts, x => x.FailedAttempts + 1), ct);
            await db.Set<UserAccount>().Where(u => u.Id == user.Id && u.FailedAttempts >= settings.LockoutFailures)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LockedUntil, lockUntil).SetProperty(x => x.FailedAttempts, 0), ct);
            var row = await db.Set<UserAccount>().AsNoTracking().SingleAsync(u => u.Id == user.Id, ct);
            return row.IsLocked(now);
        }, cancellationToken);

        return new DomainException(ErrorKind.Unauthenticated, locked ? WrongCredentials + $" The account is now locked for {settings.LockoutMinutes} minutes." : WrongCredentials);
    }

    /// <summary>
    /// Inside a write: clears the failure count, stores the rehashed password (unless the password changed
    /// meanwhile) and adds a session token that expires. The caller registers it with <see cref="Opened"/> once
    /// the write has committed.
    /// </summary>
    public (ApiToken Row, string Token) OpenSession(WmsDbContext db, UserAccount row, PasswordChecked check)
    {
        row.Succeeded();
        if (check.NewHash is { } newHash && row.PasswordHash == check.User.PasswordHash)
        {
            row.PasswordHash = newHash;
        }

        var token = TokenAuthenticator.NewToken();
        var now = time.GetUtcNow();
        var session = new ApiToken
        {
            Name = row.Name,
            TokenHash = TokenAuthenticator.Hash(token),
            Roles = row.Roles,
            CreatedAt = now,
            CreatedBy = "sign-in",
            ExpiresAt = now.AddMinutes(Math.Max(1, options.Value.SessionMinutes)),
        };
        db.Add(session);
        return (session, token);
    }

    public SessionInfo Opened(ApiToken session, string token, int recoveryCodesLeft)
    {
        var roles = RoleNames.Parse(session.Roles);
        authenticator.Added(session.Id, session.TokenHash, new Caller(session.Name, roles), session.ExpiresAt);
        return new SessionInfo(token, session.ExpiresAt!.Value, session.Name, roles.Order().Select(RoleNames.Name).ToList(), recoveryCodesLeft);
    }

    public string Issuer => options.Value.TotpIssuer;

    /// <summary>Where a call came from, for the audit trail ("unknown" when the transport could not tell).</summary>
    public static string From(string from) => string.IsNullOrWhiteSpace(from) ? "unknown" : from.Trim()[..Math.Min(from.Trim().Length, 64)];
}
