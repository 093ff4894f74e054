using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Wms.Client;

namespace Wms.Simulator.Day;

/// <summary>
/// How the simulator reaches the server: the address (and in-process handler) the handhelds also use, and
/// the office's own admin channel. Every office call is timed (real time) and its refusals sorted from errors.
/// </summary>
public sealed class ServerLink(string address, HttpMessageHandler? handler, string adminToken, string mqttHost, int mqttPort) : IDisposable
{
    private readonly GrpcChannel _channel = WmsChannel.Create(address, handler);
    private CallInvoker? _admin;
    private long _requests;

    public string Address => address;

    public HttpMessageHandler? Handler => handler;

    /// <summary>The server runs in this process (on the simulated clock), not at an address given.</summary>
    public bool InProcess => handler is not null;

    public string MqttHost => mqttHost;

    public int MqttPort => mqttPort;

    public string AdminToken => adminToken;

    public CallInvoker Admin => _admin ??= _channel.CreateCallInvoker().WithBearerToken(adminToken);

    /// <summary>A request id from a counter, not a Guid: the run's calls are the same for the same seed.</summary>
    public string NextRequestId(string what) => $"sim-{what}-{Interlocked.Increment(ref _requests)}";

    public async Task<TResponse> CallAsync<TRequest, TResponse>(DayMetrics metrics, Method<TRequest, TResponse> method, TRequest request)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await Admin.AsyncUnaryCall(method, request);
        }
        finally
        {
            metrics.CallMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>The server said no for a business reason (a cancel too late, nothing to release): expected in a day.</summary>
    public static bool IsRefusal(RpcException error) =>
        error.StatusCode is StatusCode.FailedPrecondition or StatusCode.NotFound or StatusCode.AlreadyExists or StatusCode.OutOfRange or StatusCode.InvalidArgument;

    public void Dispose() => _channel.Dispose();
}
