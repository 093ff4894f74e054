using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;

namespace Wms.Server.Security;

/// <summary>
/// Maps bearer tokens to callers without a database round trip: it runs on every call. Only SHA-256
/// hashes of tokens are held, so a memory dump or a copied database does not give a usable token away.
/// <para>
/// Two sources: tokens registered in memory (the configured admin token, test tokens) and the
/// <c>api_tokens</c> table, held as an immutable snapshot that is swapped whole. This process updates
/// the snapshot itself right after it commits a create or a revoke, so a revoked token fails on the very
/// next call here; other servers on the same database see it at their next periodic refresh
/// (<see cref="SecurityOptions.TokenRefreshSeconds"/>).
/// </para>
/// </summary>
public sealed class TokenAuthenticator(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Caller> _registered = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private volatile Dictionary<string, StoredToken> _stored = new(StringComparer.Ordinal);

    // Counts local changes, so a refresh that read the table before one of them committed is not applied over it.
    private long _localChanges;

    // ExpiresAt: a person's session (SignIn); null for API tokens, which live until revoked.
    private sealed record StoredToken(long Id, Caller Caller, DateTimeOffset? ExpiresAt);

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new random token: 32 bytes, URL-safe, shown once to whoever creates it.</summary>
    public static string NewToken() => "wms_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A token that lives in memory only (configuration, tests); it is not in the table.</summary>
    public void Register(string tokenHash, Caller caller) => _registered[tokenHash] = caller;

    public Caller? Authenticate(string token) => Authenticate(token.AsSpan());

    /// <summary>
    /// Runs on every call, so a token of ordinary length is hashed and looked up without allocating: the
    /// UTF-8 bytes, the digest and its hex form live on the stack, and the tables are searched by span.
    /// </summary>
    public Caller? Authenticate(ReadOnlySpan<char> token)
    {
        if (token.Length > MaxStackTokenLength)
        {
            return Find(Hash(token.ToString()));
        }

        Span<byte> utf8 = stackalloc byte[MaxStackTokenLength * 3];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(token, utf8)], digest);
        Convert.TryToHexString(digest, hex, out _);
        return Find(hex);
    }

    private const int MaxStackTokenLength = 256;

    // A person's session past its expiry is refused like a revoked token (the next refresh drops it).
    private Caller? Find(ReadOnlySpan<char> hash) =>
        _stored.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(hash, out var stored)
            ? (stored.ExpiresAt is { } expires && expires <= time.GetUtcNow() ? null : stored.Caller)
        : _registered.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(hash, out var registered) ? registered
        : null;

    /// <summary>A token this process has just committed to the table.</summary>
    public void Added(long tokenId, string tokenHash, Caller caller, DateTimeOffset? expiresAt = null)
    {
        lock (_gate)
        {
            _stored = new Dictionary<string, StoredToken>(_stored, StringComparer.Ordinal) { [tokenHash] = new StoredToken(tokenId, caller, expiresAt) };
            _localChanges++;
        }
    }

    /// <summary>Tokens this process has just committed as revoked.</summary>
    public void Revoked(IReadOnlyCollection<long> tokenIds)
    {
        lock (_gate)
        {
            _stored = _stored.Where(p => !tokenIds.Contains(p.Value.Id)).ToDictionary(StringComparer.Ordinal);
            _localChanges++;
        }
    }

    /// <summary>Reloads every active token from the table (at start, and periodically for other servers' changes).</summary>
    public async Task RefreshAsync(IDbContextFactory<WmsDbContext> contexts, CancellationToken cancellationToken)
    {
        // A snapshot read while this process committed a change may predate it: read again rather than undo it.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            long before;
            lock (_gate)
            {
                before = _localChanges;
            }

            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            var rows = await db.Set<ApiToken>().AsNoTracking().Where(t => t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
                .Select(t => new { t.Id, t.Name, t.TokenHash, t.Roles, t.ExpiresAt }).ToListAsync(cancellationToken);
            var snapshot = new Dictionary<string, StoredToken>(rows.Count, StringComparer.Ordinal);
            foreach (var row in rows)
            {
                snapshot[row.TokenHash] = new StoredToken(row.Id, new Caller(row.Name, RoleNames.Parse(row.Roles)), row.ExpiresAt);
            }

            lock (_gate)
            {
                if (_localChanges == before)
                {
                    _stored = snapshot;
                    return;
                }
            }
        }
    }
}
