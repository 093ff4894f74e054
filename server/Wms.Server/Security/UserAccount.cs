using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Wms.Server.Common;

namespace Wms.Server.Security;

/// <summary>
/// A person who signs in (the web console): a PBKDF2 password hash, roles, TOTP two-factor and lockout.
/// Signing in makes a session: an <see cref="ApiToken"/> that expires, so every API rule applies to people too.
/// </summary>
public sealed class UserAccount
{
    public long Id { get; set; }

    /// <summary>The actor in the ledger and audit trail, as a token's name is.</summary>
    public required string Name { get; set; }

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2-HMAC-SHA512, salted, iteration count inside).</summary>
    public required string PasswordHash { get; set; }

    public required string Roles { get; set; }

    /// <summary>
    /// The TOTP secret once enrolled, encrypted by <see cref="TotpSecrets"/> (the server must read it to check codes,
    /// so it cannot be hashed); empty before.
    /// </summary>
    public string TotpSecret { get; set; } = "";

    /// <summary>The secret an enrolment has shown but not yet confirmed with a code, encrypted the same way.</summary>
    public string TotpPendingSecret { get; set; } = "";

    /// <summary>The last TOTP time step used to sign in: a code is good once (RFC 6238 §5.2).</summary>
    public long TotpLastStep { get; set; }

    /// <summary>Comma-separated SHA-256 hashes of the unused recovery codes.</summary>
    public string RecoveryCodeHashes { get; set; } = "";

    /// <summary>
    /// Failed attempts in a row: each counts one; the <see cref="SecurityOptions.LockoutFailures"/>-th in a row locks the account for
    /// <see cref="SecurityOptions.LockoutMinutes"/> and starts the count again. Applied in SQL by
    /// <see cref="AccountGate.FailAsync"/>, as conditional updates that servers sharing the database cannot lose.
    /// </summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public bool TotpEnrolled => TotpSecret.Length > 0;

    public int RecoveryCodesLeft => RecoveryCodeHashes.Length == 0 ? 0 : RecoveryCodeHashes.Count(c => c == ',') + 1;

    public bool IsLocked(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public void Succeeded()
    {
        FailedAttempts = 0;
        LockedUntil = null;
    }

    /// <summary>Uses up a recovery code; false when it is not one of the unused ones.</summary>
    public bool UseRecoveryCode(string codeHash)
    {
        var hashes = RecoveryCodeHashes.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (!hashes.Remove(codeHash))
        {
            return false;
        }

        RecoveryCodeHashes = string.Join(",", hashes);
        return true;
    }
}

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> b)
    {
        b.ToTable("users");
        b.HasIndex(u => u.Name).IsUnique();
        b.Property(u => u.Name).HasMaxLength(Limits.Actor);
        b.Property(u => u.PasswordHash).HasMaxLength(200);
        b.Property(u => u.Roles).HasMaxLength(200);
        b.Property(u => u.TotpSecret).HasMaxLength(400);
        b.Property(u => u.TotpPendingSecret).HasMaxLength(400);
        b.Property(u => u.RecoveryCodeHashes).HasMaxLength(1000);
        b.Property(u => u.CreatedBy).HasMaxLength(Limits.Actor);
        b.Ignore(u => u.TotpEnrolled);
        b.Ignore(u => u.RecoveryCodesLeft);
    }
}
