using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;

namespace Wms.Handheld.Server;

/// <summary>
/// The handheld's connection to the server: one channel, the picker's bearer token on every call, and a
/// short deadline so that a dead Wi-Fi link turns into "offline" within seconds instead of a frozen screen.
/// </summary>
public sealed class WmsClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly TimeProvider _time;
    private readonly TimeSpan _deadline;

    public WmsClient(string address, string token, HttpMessageHandler? handler, TimeProvider time, TimeSpan deadline)
    {
        _channel = WmsChannel.Create(address, handler);
        _invoker = _channel.CreateCallInvoker().WithBearerToken(token);
        _time = time;
        _deadline = deadline;
    }


    public async Task<TResponse> CallAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        var options = new CallOptions(deadline: _time.GetUtcNow().UtcDateTime + _deadline, cancellationToken: cancellationToken);
        return await _invoker.AsyncUnaryCall(method, request, options).ResponseAsync;
    }

    /// <summary>The failures that mean "the server cannot be reached", as opposed to "the server said no".</summary>
    public static bool IsUnreachable(RpcException error) => error.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    /// <summary>The server's reason, as the picker should read it (first letter up, no status code jargon).</summary>
    public static string Explain(RpcException error)
    {
        if (IsUnreachable(error))
        {
            return "Server unreachable: try again when back in range.";
        }

        var detail = error.Status.Detail;
        return detail.Length == 0 ? error.StatusCode.ToString() : char.ToUpperInvariant(detail[0]) + detail[1..];
    }

    public void Dispose() => _channel.Dispose();
}
