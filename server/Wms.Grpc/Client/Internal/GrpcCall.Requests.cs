namespace Wms.Grpc.Internal;

/// <summary>The request side of client-streaming and duplex calls: one frame per write, flushed at once.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    private PooledBufferWriter? _writeBuffer;
    private int _writing;

    public async Task WriteAsync(TRequest message, CancellationToken cancellationToken)
    {
        ThrowIfCannotWrite();
        if (Interlocked.Exchange(ref _writing, 1) != 0)
        {
            throw new InvalidOperationException("Can't write the message because the previous write is still in progress.");
        }

        // A write abandoned halfway through a frame would corrupt the stream, so the token ends the call.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(ClientStatus.CancelledByToken), this)
            : default;
        try
        {
            _writeBuffer ??= new PooledBufferWriter();
            MessageFraming.WriteMessage(_writeBuffer, message, _method.RequestMarshaller.Serializer, _channel.MaxSendMessageSize, _channel.RequestCompression is not null);
            var stream = await _requestStream!.StreamAsync.WaitAsync(_callToken).ConfigureAwait(false);
            await stream.WriteAsync(_writeBuffer.WrittenMemory, _callToken).ConfigureAwait(false);
            await stream.FlushAsync(_callToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await OnWriteFailedAsync(ex).ConfigureAwait(false);
            ThrowIfCannotWrite();
            throw;
        }
        finally
        {
            _writeBuffer?.Reset();
            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        if (Volatile.Read(ref _writing) != 0)
        {
            throw new InvalidOperationException("Can't complete the request stream while a write is in progress.");
        }

        _requestStream!.Complete();
        return Task.CompletedTask;
    }

    /// <summary>
    /// A failed write usually means the server has ended the call (its status is on the way) or the
    /// connection is gone. Give the server's status a moment to arrive so the caller sees it, not a bare
    /// stream error.
    /// </summary>
    private async Task OnWriteFailedAsync(Exception ex)
    {
        if (CurrentStatus is null && ex is not RpcException)
        {
            try
            {
                // Client streaming reads its response all along; a duplex call at least learns of a trailers-only end.
                Task ending = _singleResponseTask is null ? _sendTask : _singleResponseTask;
                await ending.WaitAsync(TimeSpan.FromSeconds(1), _channel.TimeProvider).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Whatever ended the call is in its status now; a timeout leaves the write's own error.
            }
        }

        Finish(ClientStatus.FromException(ex), null);
    }

    private void ThrowIfCannotWrite()
    {
        if (CurrentStatus is { } status)
        {
            throw status.StatusCode == StatusCode.OK
                ? new InvalidOperationException("Can't write the message because the call is complete.")
                : CreateException();
        }

        if (_requestStream!.IsCompleted)
        {
            throw new InvalidOperationException("Can't write the message because the request stream is complete.");
        }
    }
}

/// <summary>The public face of a call's request stream.</summary>
internal sealed class RequestStreamWriter<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
{
    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) => call.WriteAsync(message, cancellationToken);

    public Task CompleteAsync() => call.CompleteAsync();
}

/// <summary>The public face of a call's response stream.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
{
    public TResponse Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        var (hasMessage, message) = await call.ReadNextAsync(cancellationToken).ConfigureAwait(false);
        Current = message;
        return hasMessage;
    }
}
