using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;

namespace Wms.WebConsole;

/// <summary>One HTTP/2 connection pool to the API for every person's circuit; each call carries its person's token.</summary>
public sealed class ApiChannel : IDisposable
{
    private readonly GrpcChannel _channel;

    public ApiChannel(ConsoleOptions options)
    {
        _channel = WmsChannel.Create(options.ApiAddress);
        Invoker = _channel.CreateCallInvoker();
    }

    /// <summary>Stateless and shared: made once, not per call (the token travels in each call's options).</summary>
    public CallInvoker Invoker { get; }

    public void Dispose() => _channel.Dispose();
}
