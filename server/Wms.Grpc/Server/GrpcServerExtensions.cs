using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Wms.Grpc.Health;
using Wms.Grpc.Internal;
using Wms.Grpc.Reflection;

namespace Wms.Grpc;

public static class GrpcServerExtensions
{
    private const string LoggerCategory = "Wms.Grpc.Server";

    public static IServiceCollection AddGrpc(this IServiceCollection services, Action<GrpcServiceOptions>? configure = null)
    {
        services.AddRouting();
        services.AddOptions<GrpcServiceOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<GrpcServiceRegistry>();
        services.TryAddSingleton<GrpcHealthService>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>Maps every method that <typeparamref name="TService"/> binds.</summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints)
        where TService : class, IGrpcService<TService>
        => endpoints.MapGrpcService<TService>(TService.Bind);

    /// <summary>Maps the methods that <paramref name="bind"/> registers, for services that do not bind themselves.</summary>
    public static IEndpointConventionBuilder MapGrpcService<TService>(this IEndpointRouteBuilder endpoints, Action<GrpcServiceBinder<TService>> bind)
        where TService : class
    {
        ArgumentNullException.ThrowIfNull(bind);
        var provider = endpoints.ServiceProvider;
        var registry = provider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call services.AddGrpc() before mapping gRPC services.");
        var options = provider.GetRequiredService<IOptions<GrpcServiceOptions>>().Value;
        var interceptors = options.Interceptors
            .Select(type => (Interceptor)ActivatorUtilities.GetServiceOrCreateInstance(provider, type))
            .ToArray();
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
        var binder = new GrpcServiceBinder<TService>(endpoints, options, interceptors, registry, logger, provider.GetRequiredService<TimeProvider>());
        bind(binder);
        MapUnimplemented(endpoints, registry, logger);
        return new CompositeConventionBuilder(binder.Endpoints);
    }

    public static IEndpointConventionBuilder MapGrpcHealthService(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<GrpcHealthService>(GrpcHealthService.BindMethods);

    public static IEndpointConventionBuilder MapGrpcReflectionService(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGrpcService<ReflectionService>();

    /// <summary>
    /// Any other POST that looks like a gRPC call gets UNIMPLEMENTED instead of a bare 404, so that clients
    /// see a status they understand. Mapped once, after everything else.
    /// </summary>
    private static void MapUnimplemented(IEndpointRouteBuilder endpoints, GrpcServiceRegistry registry, ILogger logger)
    {
        if (endpoints.DataSources.SelectMany(source => source.Endpoints).Any(e => e.Metadata.GetMetadata<UnimplementedMarker>() is not null))
        {
            return;
        }

        endpoints.MapPost("{unimplementedService}/{unimplementedMethod}", context =>
        {
            if (!GrpcProtocolConstants.IsGrpcContentType(context.Request.ContentType))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            var service = (string)context.Request.RouteValues["unimplementedService"]!;
            GrpcServerLog.Unimplemented(logger, context.Request.Path);
            context.Response.ContentType = GrpcProtocolConstants.GrpcContentType;
            context.Response.Headers[GrpcProtocolConstants.StatusTrailer] = ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers[GrpcProtocolConstants.MessageTrailer] = registry.HasService(service)
                ? "Method is unimplemented."
                : "Service is unimplemented.";
            return Task.CompletedTask;
        })
        .WithMetadata(new UnimplementedMarker())
        .WithDisplayName("gRPC - unimplemented")
        .Add(builder => ((RouteEndpointBuilder)builder).Order = int.MaxValue);
    }

    private sealed class UnimplementedMarker;

    private sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            foreach (var builder in builders)
            {
                builder.Add(convention);
            }
        }
    }
}
