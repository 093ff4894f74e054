using Google.Protobuf.Reflection;
using Wms.Grpc.Tests.Echo;
using Wms.Grpc.Tests.Interop;
using Xunit;

namespace Wms.Grpc.Tests.Client;

/// <summary>The Echo methods as the client sees them, built from echo.proto's descriptor.</summary>
public static class EchoMethods
{
    private static readonly ServiceDescriptor Service = EchoReflection.Descriptor.Services[0];

    public static readonly Method<EchoRequest, EchoResponse> Unary = ProtobufMethods.Create<EchoRequest, EchoResponse>(Service, "Unary");
    public static readonly Method<EchoRequest, EchoResponse> ServerStream = ProtobufMethods.Create<EchoRequest, EchoResponse>(Service, "ServerStream");
    public static readonly Method<EchoRequest, EchoResponse> ClientStream = ProtobufMethods.Create<EchoRequest, EchoResponse>(Service, "ClientStream");
    public static readonly Method<EchoRequest, EchoResponse> Duplex = ProtobufMethods.Create<EchoRequest, EchoResponse>(Service, "Duplex");
}

/// <summary>One python grpcio Echo server per test class, and a channel to it.</summary>
public sealed class PythonEchoServerFixture : IAsyncLifetime
{
    private PythonProcess? _server;
    private GrpcChannel? _channel;

    /// <summary>The server's address; skips the test when python grpcio is missing (fails under CI=true).</summary>
    public Uri Address
    {
        get
        {
            PythonGrpc.RequirePython();
            return _channel!.Address;
        }
    }

    public CallInvoker Invoker
    {
        get
        {
            PythonGrpc.RequirePython();
            return _channel!.CreateCallInvoker();
        }
    }

    /// <summary>A channel of the test's own, for options other than the defaults; the test disposes it.</summary>
    public GrpcChannel CreateChannel(GrpcChannelOptions options) => GrpcChannel.ForAddress(Address, options);

    public string ServerOutput => _server is null ? "" : _server.Stdout + _server.Stderr;

    public async ValueTask InitializeAsync()
    {
        try
        {
            PythonGrpc.RequirePython();
        }
        catch (Exception)
        {
            // Each test reports the skip (or CI failure) itself when it asks for the server.
            return;
        }

        _server = await PythonGrpc.StartServerAsync("echo_server.py");
        _channel = GrpcChannel.ForAddress("http://127.0.0.1:" + _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
