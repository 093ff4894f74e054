using System.Net;

namespace Wms.Grpc.Internal;

/// <summary>
/// A request body written by the caller while the request is in flight: the HTTP handler hands its
/// stream over in <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/>,
/// which then stays open until the request stream is completed or the call ends.
/// </summary>
internal sealed class PushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PushStreamContent() => Headers.TryAddWithoutValidation("content-type", GrpcProtocolConstants.GrpcContentType);

    /// <summary>The request body stream, once the handler has sent the request headers.</summary>
    public Task<Stream> StreamAsync => _stream.Task;

    public bool IsCompleted => _completed.Task.IsCompleted;

    /// <summary>Ends the request body (END_STREAM), or, after a failure, lets the handler stop waiting for it.</summary>
    public void Complete()
    {
        _completed.TrySetResult();
        _stream.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);

        // The handler cancels this token when the response ends first; returning lets it close the stream.
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
