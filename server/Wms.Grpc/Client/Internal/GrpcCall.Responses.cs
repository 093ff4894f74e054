using System.IO.Pipelines;

namespace Wms.Grpc.Internal;

/// <summary>The response side: frames off the body, then the status from the trailers.</summary>
internal sealed partial class GrpcCall<TRequest, TResponse>
{
    private int _reading;

    /// <summary>The next streamed response; false once the call has ended OK, an <see cref="RpcException"/> otherwise.</summary>
    public async Task<(bool HasMessage, TResponse Message)> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new InvalidOperationException("Can't read the next message because the previous read is still in progress.");
        }

        // The token can only stop the whole call: a read abandoned halfway through a frame has no way back.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(ClientStatus.CancelledByToken), this)
            : default;
        try
        {
            if (CurrentStatus is null && await _sendTask.ConfigureAwait(false))
            {
                var (hasMessage, message) = await ReadFrameAsync().ConfigureAwait(false);
                if (hasMessage)
                {
                    return (true, message);
                }

                FinishFromTrailers(noMessage: false);
            }
        }
        catch (Exception ex)
        {
            Finish(ClientStatus.FromException(ex), null);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }

        CompleteReader();
        return GetStatus().StatusCode == StatusCode.OK ? (false, default!) : throw CreateException();
    }

    /// <summary>Unary and client-streaming: exactly one message, then an OK status.</summary>
    private async Task<TResponse> ReadSingleResponseAsync()
    {
        try
        {
            if (await _sendTask.ConfigureAwait(false))
            {
                var (hasMessage, message) = await ReadFrameAsync().ConfigureAwait(false);
                if (hasMessage && (await ReadFrameAsync().ConfigureAwait(false)).HasMessage)
                {
                    Finish(new Status(StatusCode.Internal, "Failed to read the response: the server sent more than one message."), null);
                }
                else
                {
                    FinishFromTrailers(noMessage: !hasMessage);
                }

                if (GetStatus().StatusCode == StatusCode.OK)
                {
                    CompleteReader();
                    return message;
                }
            }
        }
        catch (Exception ex)
        {
            Finish(ClientStatus.FromException(ex), null);
        }

        CompleteReader();
        throw CreateException();
    }

    private async ValueTask<(bool HasMessage, TResponse Message)> ReadFrameAsync()
    {
        if (_reader is null)
        {
            var stream = await _response!.Content.ReadAsStreamAsync(_callToken).ConfigureAwait(false);
            _reader = PipeReader.Create(stream, ReaderOptions);
        }

        return await MessageFraming.ReadMessageAsync(_reader, _method.ResponseMarshaller.Deserializer, _channel.MaxReceiveMessageSize, _responseEncoding, _callToken).ConfigureAwait(false);
    }

    /// <summary>The body has ended: the status is in the trailers, which HTTP has now received.</summary>
    private void FinishFromTrailers(bool noMessage)
    {
        var trailers = _response!.TrailingHeaders;
        if (!ClientStatus.TryRead(trailers, out var status))
        {
            status = ClientStatus.MissingStatus;
        }
        else if (noMessage && status.StatusCode == StatusCode.OK)
        {
            status = ClientStatus.NoResponseMessage;
        }

        Finish(status, trailers);
    }

    /// <summary>Only the reading side touches the pipe reader, so only it completes it, once the call is over.</summary>
    private void CompleteReader()
    {
        var reader = _reader;
        _reader = null;
        reader?.Complete();
    }
}
