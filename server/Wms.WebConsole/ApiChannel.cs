using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;

namespace Wms.WebConsole;

/// <summary>One HTTP/2 connection pool to the API for every person's circuit; each call carries its person's token.</summary>
public sealed class ApiChannel(ConsoleOptions options) : IDisposable
{
    private readonly GrpcChannel _channel = WmsChannel.Create(options.ApiAddress);

    public CallInvoker Invoker => _channel.CreateCallInvoker();

    public void Dispose() => _channel.Dispose();
}
