using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Wms.Server.Security;

/// <summary>
/// People's passwords through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512,
/// per-user salt), with the iteration count from <see cref="SecurityOptions.PasswordIterations"/>. A stored hash
/// carries its own count, so raising the setting keeps every old hash valid and marks it for a rehash, which
/// the next successful sign-in does (<see cref="AccountGate"/>).
/// </summary>
public sealed class Passwords
{
    private readonly PasswordHasher<UserAccount> _hasher;

    // A hash to verify against when the name is unknown, so that an unknown name costs as long as a wrong password.
    private readonly string _decoyHash;

    public Passwords(IOptions<SecurityOptions> options)
    {
        var iterations = options.Value.PasswordIterations;
        if (iterations < 10_000)
        {
            throw new InvalidOperationException($"Wms:Security:PasswordIterations must be at least 10000, got {iterations}.");
        }

        _hasher = new PasswordHasher<UserAccount>(Options.Create(new PasswordHasherOptions { IterationCount = iterations }));
        _decoyHash = _hasher.HashPassword(null!, "decoy password never used");
    }

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    /// <summary>Checks a password; <paramref name="rehash"/> says the stored hash uses fewer iterations than configured now.</summary>
    public bool Verify(string? storedHash, string password, out bool rehash)
    {
        var result = _hasher.VerifyHashedPassword(null!, storedHash ?? _decoyHash, password);
        rehash = storedHash is not null && result == PasswordVerificationResult.SuccessRehashNeeded;
        return storedHash is not null && result != PasswordVerificationResult.Failed;
    }
}
