using System.Net;

namespace Wms.Grpc.Internal;

/// <summary>
/// The one framed request message of a unary or server-streaming call, serialized before sending so that
/// a serialization failure fails the call cleanly. The pooled buffer goes back only when both the call is
/// over and no send is still copying from it (HTTP/2 may keep sending after the response has ended).
/// </summary>
internal sealed class UnaryContent : HttpContent
{
    private readonly PooledBufferWriter _frame;
    private int _references = 1;
    private int _ownerReleased;

    public UnaryContent(PooledBufferWriter frame)
    {
        _frame = frame;
        Headers.TryAddWithoutValidation("content-type", GrpcProtocolConstants.GrpcContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!TryAddReference())
        {
            throw new ObjectDisposedException(nameof(UnaryContent));
        }

        try
        {
            await stream.WriteAsync(_frame.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _frame.WrittenMemory.Length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _ownerReleased, 1) == 0)
        {
            Release();
        }

        base.Dispose(disposing);
    }

    private bool TryAddReference()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _frame.Dispose();
        }
    }
}
