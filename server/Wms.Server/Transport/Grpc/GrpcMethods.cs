using Google.Protobuf;
using Wms.Grpc;
using Wms.Server.Security;

namespace Wms.Server.Transport.Grpc;

/// <summary>Small helpers every transport service uses.</summary>
internal static class GrpcMethods
{
    public static readonly Role[] Everyone = [Role.Admin, Role.Supervisor, Role.Picker, Role.Dispatcher, Role.Device];

    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(Google.Protobuf.Reflection.ServiceDescriptor service, string name)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new()
        => ProtobufMethods.Create<TRequest, TResponse>(service, name);

    /// <summary>The authenticated caller's name, as the ledger and audit record it.</summary>
    public static string Actor(ServerCallContext context) => AuthInterceptor.GetCaller(context).Name;

    public static RpcException InvalidArgument(string field, string problem) => new(StatusCode.InvalidArgument, $"{field}: {problem}");
}
