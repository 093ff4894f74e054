namespace Wms.Server.Tests.Security;

/// <summary>Names of tokens and users that no other test (sharing the fixture's server) has taken.</summary>
internal static class SecurityNames
{
    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
