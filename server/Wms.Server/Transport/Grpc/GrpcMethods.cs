using Grpc.Core;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>Small helpers every transport service uses.</summary>
internal static class GrpcMethods
{
    /// <summary>The authenticated caller, put on the call by <see cref="BearerTokenHandler"/> before the request was read.</summary>
    public static Caller Caller(ServerCallContext context) => BearerTokenHandler.CallerOf(context.GetHttpContext());

    /// <summary>The authenticated caller's name, as the ledger and audit record it.</summary>
    public static string Actor(ServerCallContext context) => Caller(context).Name;
}
