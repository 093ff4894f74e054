using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Wms.Grpc;

/// <summary>
/// Logs every call with its status and duration (Debug when OK, Information when not) and records the
/// standard call counter and duration histogram on the <c>Wms.Grpc.Server</c> meter.
/// </summary>
public sealed partial class CallLoggingInterceptor : CallInterceptor
{
    public const string MeterName = "Wms.Grpc.Server";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("grpc.server.calls", description: "Calls completed, by method and status.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("grpc.server.call.duration", unit: "s", description: "Call duration.");

    private readonly ILogger _logger;

    public CallLoggingInterceptor(ILoggerFactory loggerFactory) => _logger = loggerFactory.CreateLogger("Wms.Grpc.Calls");

    protected override async Task<T> InterceptAsync<T>(ServerCallContext context, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call().ConfigureAwait(false);
            Record(context, started, context.Status.StatusCode);
            return result;
        }
        catch (Exception ex)
        {
            Record(context, started, StatusOf(ex));
            throw;
        }
    }

    private static StatusCode StatusOf(Exception ex) => ex switch
    {
        RpcException rpc => rpc.StatusCode,
        OperationCanceledException => StatusCode.Cancelled,
        _ => StatusCode.Internal,
    };

    private void Record(ServerCallContext context, long started, StatusCode status)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (Calls.Enabled)
        {
            var tags = new TagList { { "rpc.method", context.Method }, { "rpc.grpc.status_code", (int)status } };
            Calls.Add(1, tags);
            Duration.Record(elapsed.TotalSeconds, tags);
        }

        if (status == StatusCode.OK)
        {
            // Checked here because building the peer string costs more than the log call on the hot path.
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                LogCallCompleted(_logger, context.Method, context.Peer, elapsed.TotalMilliseconds);
            }
        }
        else
        {
            LogCallFailed(_logger, context.Method, context.Peer, status, elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(100, LogLevel.Debug, "{Method} from {Peer}: OK in {ElapsedMs:0.000} ms")]
    private static partial void LogCallCompleted(ILogger logger, string method, string peer, double elapsedMs);

    [LoggerMessage(101, LogLevel.Information, "{Method} from {Peer}: {Status} in {ElapsedMs:0.000} ms")]
    private static partial void LogCallFailed(ILogger logger, string method, string peer, StatusCode status, double elapsedMs);
}
