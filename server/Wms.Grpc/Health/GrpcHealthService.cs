using System.Threading.Channels;
using Wms.Grpc.Health.V1;
using ServingStatus = Wms.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Wms.Grpc.Health;

/// <summary>
/// grpc.health.v1.Health. The empty service name stands for the whole server. Features and hosts set a
/// service's status; watchers hear every change.
/// </summary>
public sealed class GrpcHealthService
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> CheckMethod =
        ProtobufMethods.Create<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0], "Check");

    private static readonly Method<HealthCheckRequest, HealthCheckResponse> WatchMethod =
        ProtobufMethods.Create<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor.Services[0], "Watch");

    private readonly Lock _lock = new();
    private readonly Dictionary<string, ServingStatus> _statuses = new(StringComparer.Ordinal) { [""] = ServingStatus.Serving };
    private readonly List<(string Service, Channel<ServingStatus> Changes)> _watchers = [];

    internal static void BindMethods(GrpcServiceBinder<GrpcHealthService> binder) => binder
        .Describe(HealthReflection.Descriptor.Services[0])
        .Unary(CheckMethod, static (service, request, context) => service.Check(request))
        .ServerStreaming(WatchMethod, static (service, request, writer, context) => service.WatchAsync(request, writer, context.CancellationToken));

    public void SetStatus(string service, bool serving)
    {
        ArgumentNullException.ThrowIfNull(service);
        var status = serving ? ServingStatus.Serving : ServingStatus.NotServing;
        lock (_lock)
        {
            _statuses[service] = status;
            foreach (var watcher in _watchers)
            {
                if (watcher.Service == service)
                {
                    watcher.Changes.Writer.TryWrite(status);
                }
            }
        }
    }

    /// <summary>Marks every known service as not serving, as a server does while it shuts down.</summary>
    public void SetAllNotServing()
    {
        string[] services;
        lock (_lock)
        {
            services = [.. _statuses.Keys];
        }

        foreach (var service in services)
        {
            SetStatus(service, serving: false);
        }
    }

    private Task<HealthCheckResponse> Check(HealthCheckRequest request)
    {
        lock (_lock)
        {
            if (!_statuses.TryGetValue(request.Service, out var status))
            {
                throw new RpcException(StatusCode.NotFound, $"Service '{request.Service}' is unknown.");
            }

            return Task.FromResult(new HealthCheckResponse { Status = status });
        }
    }

    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> writer, CancellationToken cancellationToken)
    {
        // Only the latest status matters to a watcher that falls behind.
        var changes = Channel.CreateBounded<ServingStatus>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        var entry = (request.Service, changes);
        lock (_lock)
        {
            changes.Writer.TryWrite(_statuses.TryGetValue(request.Service, out var current) ? current : ServingStatus.ServiceUnknown);
            _watchers.Add(entry);
        }

        try
        {
            ServingStatus? last = null;
            await foreach (var status in changes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (status != last)
                {
                    await writer.WriteAsync(new HealthCheckResponse { Status = status }, cancellationToken).ConfigureAwait(false);
                    last = status;
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(entry);
            }
        }
    }
}
