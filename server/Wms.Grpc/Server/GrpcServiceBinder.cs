using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wms.Grpc.Internal;
using Wms.Grpc.Internal.CallHandlers;

namespace Wms.Grpc;

/// <summary>
/// Turns each method of a service into an ordinary ASP.NET Core endpoint at its <c>:path</c>, with the
/// configured interceptors wrapped around the handler once, at start-up.
/// </summary>
public sealed class GrpcServiceBinder<TService>
    where TService : class
{
    private readonly IEndpointRouteBuilder _endpoints;
    private readonly GrpcServiceOptions _options;
    private readonly Interceptor[] _interceptors;
    private readonly GrpcServiceRegistry _registry;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ObjectFactory _factory = ActivatorUtilities.CreateFactory(typeof(TService), Type.EmptyTypes);

    internal GrpcServiceBinder(IEndpointRouteBuilder endpoints, GrpcServiceOptions options, Interceptor[] interceptors, GrpcServiceRegistry registry, ILogger logger, TimeProvider time)
    {
        _endpoints = endpoints;
        _options = options;
        _interceptors = interceptors;
        _registry = registry;
        _logger = logger;
        _time = time;
    }

    internal List<IEndpointConventionBuilder> Endpoints { get; } = [];

    /// <summary>Publishes the service's .proto descriptor through server reflection.</summary>
    public GrpcServiceBinder<TService> Describe(ServiceDescriptor descriptor)
    {
        _registry.AddDescriptor(descriptor);
        return this;
    }

    public GrpcServiceBinder<TService> Unary<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, TRequest, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class
        where TResponse : class
    {
        EnsureType(method, MethodType.Unary);
        UnaryServerMethod<TRequest, TResponse> invoker = (request, context) => Invoke(context, service => handler(service, request, context));
        for (var i = _interceptors.Length - 1; i >= 0; i--)
        {
            var (interceptor, next) = (_interceptors[i], invoker);
            invoker = (request, context) => interceptor.UnaryServerHandler(request, context, next);
        }

        return Map(method, new UnaryServerCallHandler<TRequest, TResponse>(method, invoker, _options, _logger, _time).HandleCallAsync);
    }

    public GrpcServiceBinder<TService> ServerStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class
        where TResponse : class
    {
        EnsureType(method, MethodType.ServerStreaming);
        ServerStreamingServerMethod<TRequest, TResponse> invoker = (request, writer, context) => Invoke(context, service => handler(service, request, writer, context));
        for (var i = _interceptors.Length - 1; i >= 0; i--)
        {
            var (interceptor, next) = (_interceptors[i], invoker);
            invoker = (request, writer, context) => interceptor.ServerStreamingServerHandler(request, writer, context, next);
        }

        return Map(method, new ServerStreamingServerCallHandler<TRequest, TResponse>(method, invoker, _options, _logger, _time).HandleCallAsync);
    }

    public GrpcServiceBinder<TService> ClientStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> handler)
        where TRequest : class
        where TResponse : class
    {
        EnsureType(method, MethodType.ClientStreaming);
        ClientStreamingServerMethod<TRequest, TResponse> invoker = (reader, context) => Invoke(context, service => handler(service, reader, context));
        for (var i = _interceptors.Length - 1; i >= 0; i--)
        {
            var (interceptor, next) = (_interceptors[i], invoker);
            invoker = (reader, context) => interceptor.ClientStreamingServerHandler(reader, context, next);
        }

        return Map(method, new ClientStreamingServerCallHandler<TRequest, TResponse>(method, invoker, _options, _logger, _time).HandleCallAsync);
    }

    public GrpcServiceBinder<TService> DuplexStreaming<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<TService, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> handler)
        where TRequest : class
        where TResponse : class
    {
        EnsureType(method, MethodType.DuplexStreaming);
        DuplexStreamingServerMethod<TRequest, TResponse> invoker = (reader, writer, context) => Invoke(context, service => handler(service, reader, writer, context));
        for (var i = _interceptors.Length - 1; i >= 0; i--)
        {
            var (interceptor, next) = (_interceptors[i], invoker);
            invoker = (reader, writer, context) => interceptor.DuplexStreamingServerHandler(reader, writer, context, next);
        }

        return Map(method, new DuplexStreamingServerCallHandler<TRequest, TResponse>(method, invoker, _options, _logger, _time).HandleCallAsync);
    }

    private static void EnsureType<TRequest, TResponse>(Method<TRequest, TResponse> method, MethodType expected)
    {
        if (method.Type != expected)
        {
            throw new ArgumentException($"Method {method.FullName} is {method.Type}, not {expected}.", nameof(method));
        }
    }

    private GrpcServiceBinder<TService> Map<TRequest, TResponse>(Method<TRequest, TResponse> method, RequestDelegate handler)
    {
        _registry.AddMethod(method.ServiceName, method.FullName);
        var endpoint = _endpoints.MapPost(method.FullName, handler)
            .WithDisplayName($"gRPC - {method.FullName}")
            .WithMetadata(new GrpcMethodMetadata(method.ServiceName, method.Name, method.Type));
        Endpoints.Add(endpoint);
        return this;
    }

    /// <summary>A service instance per call: from DI when registered there, else constructed (and disposed) here.</summary>
    private async Task<T> Invoke<T>(ServerCallContext context, Func<TService, Task<T>> call)
    {
        var services = context.GetHttpContext().RequestServices;
        var registered = services.GetService<TService>();
        var service = registered ?? (TService)_factory(services, null);
        try
        {
            return await call(service).ConfigureAwait(false);
        }
        finally
        {
            if (registered is null)
            {
                await DisposeAsync(service).ConfigureAwait(false);
            }
        }
    }

    private async Task Invoke(ServerCallContext context, Func<TService, Task> call) =>
        await Invoke<bool>(context, async service =>
        {
            await call(service).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    private static ValueTask DisposeAsync(TService service)
    {
        switch (service)
        {
            case IAsyncDisposable asyncDisposable:
                return asyncDisposable.DisposeAsync();
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Endpoint metadata naming the gRPC method an endpoint serves (for logging and metrics).</summary>
public sealed record GrpcMethodMetadata(string ServiceName, string MethodName, MethodType MethodType);
