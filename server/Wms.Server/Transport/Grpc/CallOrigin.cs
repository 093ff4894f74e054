using System.Net;
using Wms.Server.Data;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Where a call came from: the peer's address, and when the caller is a front end that acts for people (the web
/// console), the address it names in <see cref="ClientAddressHeader"/>, recorded as "peer for claimed": what the
/// front end said, beside what the server saw, not as a proven fact.
/// </summary>
public sealed class CallOrigin(IHttpContextAccessor accessor) : ICallOrigin
{
    public const string ClientAddressHeader = "x-wms-client-address";

    private const int MaxClaimed = 45;

    public string Current => accessor.HttpContext is { } http ? Of(http) : "";

    public static string Of(HttpContext http)
    {
        var peer = Peer(http);
        var claimed = Claimed(http);
        return claimed.Length == 0 ? peer : $"{peer} for {claimed}";
    }

    /// <summary>The address a sign-in counts against: the named one only when a front end on this machine names it.</summary>
    public static string RateLimitKey(HttpContext http)
    {
        var claimed = Claimed(http);
        return claimed.Length > 0 && http.Connection.RemoteIpAddress is { } peer && IPAddress.IsLoopback(peer) ? claimed : Peer(http);
    }

    private static string Peer(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Claimed(HttpContext http)
    {
        var claimed = http.Request.Headers[ClientAddressHeader].ToString().Trim();
        return claimed[..Math.Min(claimed.Length, MaxClaimed)];
    }
}
