namespace Wms.Grpc.Internal;

internal sealed class HttpContextStreamReader<TRequest>(HttpContextServerCallContext context, Marshaller<TRequest> marshaller) : IAsyncStreamReader<TRequest>
{
    public TRequest Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var callToken = context.CancellationToken;
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != callToken
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callToken)
            : null;
        var (hasMessage, message) = await MessageFraming.ReadMessageAsync(
            context.GetHttpContext().Request.BodyReader, marshaller.Deserializer, context.MaxReceiveMessageSize, context.RequestEncoding, linked?.Token ?? callToken).ConfigureAwait(false);
        if (hasMessage)
        {
            Current = message;
        }

        return hasMessage;
    }
}

internal sealed class HttpContextStreamWriter<TResponse>(HttpContextServerCallContext context, Marshaller<TResponse> marshaller) : IServerStreamWriter<TResponse>
{
    public Task WriteAsync(TResponse message, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return context.WriteMessageAsync(message, marshaller.Serializer, flush: true).AsTask();
    }
}
