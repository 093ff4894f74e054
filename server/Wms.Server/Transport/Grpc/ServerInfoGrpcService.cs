using Google.Protobuf.WellKnownTypes;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

public sealed class ServerInfoGrpcService(TimeProvider time) : IGrpcService<ServerInfoGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Descriptor = ServerInfoReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("ServerInfoService");

    public static readonly Method<GetServerInfoRequest, ServerInfo> GetServerInfoMethod =
        ProtobufMethods.Create<GetServerInfoRequest, ServerInfo>(Descriptor, "GetServerInfo");

    private static readonly string Version = typeof(ServerInfoGrpcService).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static void Bind(GrpcServiceBinder<ServerInfoGrpcService> binder) => binder
        .Describe(Descriptor)
        .Unary(GetServerInfoMethod, static (s, request, context) => s.GetServerInfo(context));

    public static void Authorize(MethodRoles roles) =>
        roles.Allow(GetServerInfoMethod.FullName, Role.Admin, Role.Supervisor, Role.Picker, Role.Dispatcher, Role.Device);

    private Task<ServerInfo> GetServerInfo(ServerCallContext context)
    {
        var caller = AuthInterceptor.GetCaller(context);
        var info = new ServerInfo
        {
            Version = Version,
            ServerTime = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            Caller = new Contracts.V1.Caller { Name = caller.Name },
        };
        foreach (var role in caller.Roles)
        {
            info.Caller.Roles.Add(role.ToString().ToLowerInvariant());
        }

        return Task.FromResult(info);
    }
}
