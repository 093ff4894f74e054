using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Contracts.V1;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

public sealed class ServerInfoGrpcService(TimeProvider time) : ServerInfoService.ServerInfoServiceBase
{
    private static readonly string Version = typeof(ServerInfoGrpcService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    [Authorize(Roles = RoleSets.Everyone)]
    public override Task<ServerInfo> GetServerInfo(GetServerInfoRequest request, ServerCallContext context)
    {
        var caller = GrpcMethods.Caller(context);
        var info = new ServerInfo
        {
            Version = Version,
            ServerTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            Caller = new Contracts.V1.Caller { Name = caller.Name },
        };
        foreach (var role in caller.Roles.Order())
        {
            info.Caller.Roles.Add(RoleNames.Name(role));
        }

        return Task.FromResult(info);
    }
}
