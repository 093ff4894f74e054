using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Wms.Server.Security;

/// <summary>
/// Maps bearer tokens to callers. Only SHA-256 hashes of tokens are held, so a memory dump or a copied
/// configuration of hashes does not give a usable token away.
/// </summary>
public sealed class TokenAuthenticator
{
    private readonly ConcurrentDictionary<string, Caller> _callersByHash = new(StringComparer.Ordinal);

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new random token: 32 bytes, URL-safe, shown once to whoever creates it.</summary>
    public static string NewToken() => "wms_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Register(string tokenHash, Caller caller) => _callersByHash[tokenHash] = caller;

    public Caller? Authenticate(string token) => _callersByHash.GetValueOrDefault(Hash(token));
}
