using System.Diagnostics;
using System.Diagnostics.Metrics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Wms.Server.Transport.Grpc;

/// <summary>
/// Logs every call with its caller, request id, status and duration (Debug when OK, Information when not)
/// and records the OpenTelemetry RPC metrics (<c>rpc.server.call.duration</c>, <c>rpc.server.calls</c>) on the
/// <see cref="MeterName"/> meter, by method and status, for a site's Prometheus or OTLP collector.
/// </summary>
public sealed partial class CallLogInterceptor(ILogger<CallLogInterceptor> logger) : Interceptor
{
    public const string MeterName = "Wms.Server.Grpc";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Calls = Meter.CreateCounter<long>("rpc.server.calls", description: "Calls completed, by method and status.");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("rpc.server.call.duration", unit: "s", description: "Call duration.");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            Record(context, request, started, context.Status.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, request, started, StatusOf(ex, context));
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            Record(context, request, started, context.Status.StatusCode);
        }
        catch (Exception ex)
        {
            Record(context, request, started, StatusOf(ex, context));
            throw;
        }
    }

    private static StatusCode StatusOf(Exception ex, ServerCallContext context) => ex switch
    {
        RpcException rpc => rpc.StatusCode,
        _ when DomainErrorInterceptor.ToRpcException(ex) is { } mapped => mapped.StatusCode,
        OperationCanceledException when context.CancellationToken.IsCancellationRequested => StatusCode.Cancelled,
        _ => StatusCode.Internal,
    };

    private void Record<TRequest>(ServerCallContext context, TRequest request, long started, StatusCode status)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (Calls.Enabled || Duration.Enabled)
        {
            var tags = new TagList { { "rpc.system", "grpc" }, { "rpc.method", context.Method }, { "rpc.grpc.status_code", (int)status } };
            Calls.Add(1, tags);
            Duration.Record(elapsed.TotalSeconds, tags);
        }

        // Checked first: finding the caller and the request id costs more than the log call on the hot path.
        var level = status == StatusCode.OK ? LogLevel.Debug : LogLevel.Information;
        if (logger.IsEnabled(level))
        {
            var caller = context.GetHttpContext().User.Identity?.Name ?? "-";
            LogCall(logger, level, context.Method, caller, RequestIdOf(request), status, elapsed.TotalMilliseconds);
        }
    }

    private static string RequestIdOf<TRequest>(TRequest request) =>
        request is IMessage message && message.Descriptor.FindFieldByName("request_id") is { } field && field.Accessor.GetValue(message) is string id ? id : "-";

    [LoggerMessage(EventId = 100, Message = "{Method} by {Caller} request {RequestId}: {Status} in {ElapsedMs:0.000} ms")]
    private static partial void LogCall(ILogger logger, LogLevel level, string method, string caller, string requestId, StatusCode status, double elapsedMs);
}
