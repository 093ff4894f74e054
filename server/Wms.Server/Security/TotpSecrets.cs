using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Common;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// TOTP secrets at rest. The server must read a secret to check a code, so it cannot be hashed; it is encrypted
/// with ASP.NET Core Data Protection (AES-256-CBC + HMAC-SHA256 under keys that rotate) whose key ring lives
/// outside the database (<see cref="SecurityOptions.KeyRingPath"/>): a copied database, or a backup of it, holds
/// no usable second factor. Servers sharing a database share the key ring (docs/console.md).
/// </summary>
public sealed class TotpSecrets(IDataProtectionProvider provider)
{
    /// <summary>Marks a stored value as protected; values written before version 22 have none and are converted at start.</summary>
    public const string Prefix = "dp1:";

    private readonly IDataProtector _protector = provider.CreateProtector("Wms.Security.TotpSecret.v1");

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public string Protect(string secret) => Prefix + _protector.Protect(secret);

    /// <summary>The base32 secret. A value from before encryption is read as it is.</summary>
    public string Reveal(string stored, string name)
    {
        if (!IsProtected(stored))
        {
            return stored;
        }

        try
        {
            return _protector.Unprotect(stored[Prefix.Length..]);
        }
        catch (CryptographicException)
        {
            // The key that encrypted it is not in this server's key ring: a server with its own ring, or a lost one.
            throw DomainException.Precondition(
                $"The two-factor secret of '{name}' cannot be read with this server's key ring (Wms:Security:KeyRingPath): servers sharing a database must share the key ring; an admin can reset the user's two-factor (ResetUser with reset_totp).");
        }
    }

    /// <summary>At start: encrypts the secrets stored in clear by an earlier version. Answers how many users it changed.</summary>
    public async Task<int> ProtectStoredAsync(IDbContextFactory<WmsDbContext> contexts, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Set<UserAccount>()
            .Where(u => (u.TotpSecret != "" && !u.TotpSecret.StartsWith(Prefix)) || (u.TotpPendingSecret != "" && !u.TotpPendingSecret.StartsWith(Prefix)))
            .ToListAsync(cancellationToken);
        foreach (var user in users)
        {
            user.TotpSecret = user.TotpSecret.Length == 0 || IsProtected(user.TotpSecret) ? user.TotpSecret : Protect(user.TotpSecret);
            user.TotpPendingSecret = user.TotpPendingSecret.Length == 0 || IsProtected(user.TotpPendingSecret) ? user.TotpPendingSecret : Protect(user.TotpPendingSecret);
        }

        if (users.Count > 0)
        {
            db.Add(new AuditEntry { At = time.GetUtcNow(), Actor = "server", Command = "ProtectTotpSecrets", RequestId = "", Summary = $"{users.Count} users' TOTP secrets encrypted with the key ring" });
            await db.SaveChangesAsync(cancellationToken);
        }

        return users.Count;
    }
}
