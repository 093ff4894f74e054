using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wms.Grpc.Internal.CallHandlers;

/// <summary>
/// The endpoint of one method: checks the request is gRPC, sets up the call context, runs the call type's
/// own logic and turns its outcome into a status.
/// </summary>
internal abstract class ServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, GrpcServiceOptions options, ILogger logger, TimeProvider time)
{
    protected Method<TRequest, TResponse> Method { get; } = method;

    public async Task HandleCallAsync(HttpContext http)
    {
        if (!GrpcProtocolConstants.IsGrpcContentType(http.Request.ContentType))
        {
            GrpcServerLog.UnsupportedContentType(logger, http.Request.ContentType);
            http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            http.Response.Headers[GrpcProtocolConstants.StatusTrailer] = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers[GrpcProtocolConstants.MessageTrailer] = PercentEncoding.Encode($"Content-Type '{http.Request.ContentType}' is not supported.");
            return;
        }

        using var context = new HttpContextServerCallContext(http, options, Method.FullName, logger);
        if (!context.Initialize(time))
        {
            return;
        }

        try
        {
            await HandleCallCoreAsync(context).ConfigureAwait(false);
            await context.EndCallAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await context.ProcessHandlerErrorAsync(ex).ConfigureAwait(false);
        }
    }

    protected abstract Task HandleCallCoreAsync(HttpContextServerCallContext context);

    protected async Task<TRequest> ReadSingleRequestAsync(HttpContextServerCallContext context)
    {
        var reader = context.GetHttpContext().Request.BodyReader;
        var (hasMessage, request) = await MessageFraming.ReadMessageAsync(
            reader, Method.RequestMarshaller.Deserializer, context.MaxReceiveMessageSize, context.RequestEncoding, context.CancellationToken).ConfigureAwait(false);
        if (!hasMessage)
        {
            throw new RpcException(StatusCode.Internal, "Request stream ended without a message.");
        }

        var (extra, _) = await MessageFraming.ReadMessageAsync(
            reader, static _ => 0, context.MaxReceiveMessageSize, context.RequestEncoding, context.CancellationToken).ConfigureAwait(false);
        if (extra)
        {
            throw new RpcException(StatusCode.Internal, "Additional data after the message received.");
        }

        return request;
    }
}

internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> invoker, GrpcServiceOptions options, ILogger logger, TimeProvider time)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger, time)
{
    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(context).ConfigureAwait(false);
        var response = await invoker(request, context).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Cancelled, "No message returned from method.");

        // No flush: the message, the trailers and END_STREAM leave together when the endpoint returns.
        await context.WriteMessageAsync(response, Method.ResponseMarshaller.Serializer, flush: false).ConfigureAwait(false);
    }
}

internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> invoker, GrpcServiceOptions options, ILogger logger, TimeProvider time)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger, time)
{
    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        var request = await ReadSingleRequestAsync(context).ConfigureAwait(false);
        var writer = new HttpContextStreamWriter<TResponse>(context, Method.ResponseMarshaller);
        await invoker(request, writer, context).ConfigureAwait(false);
    }
}

internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> invoker, GrpcServiceOptions options, ILogger logger, TimeProvider time)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger, time)
{
    protected override async Task HandleCallCoreAsync(HttpContextServerCallContext context)
    {
        var reader = new HttpContextStreamReader<TRequest>(context, Method.RequestMarshaller);
        var response = await invoker(reader, context).ConfigureAwait(false)
            ?? throw new RpcException(StatusCode.Cancelled, "No message returned from method.");
        await context.WriteMessageAsync(response, Method.ResponseMarshaller.Serializer, flush: false).ConfigureAwait(false);
    }
}

internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> invoker, GrpcServiceOptions options, ILogger logger, TimeProvider time)
    : ServerCallHandler<TRequest, TResponse>(method, options, logger, time)
{
    protected override Task HandleCallCoreAsync(HttpContextServerCallContext context) =>
        invoker(
            new HttpContextStreamReader<TRequest>(context, Method.RequestMarshaller),
            new HttpContextStreamWriter<TResponse>(context, Method.ResponseMarshaller),
            context);
}
