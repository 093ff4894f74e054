using System.Buffers;
using System.IO.Compression;

namespace Wms.Grpc.Internal;

/// <summary>Per-message compression (the compressed flag of a frame); only gzip is offered.</summary>
internal static class MessageCompression
{
    public static bool IsSupported(string? encoding) =>
        encoding is null
        || encoding.Equals(GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase)
        || encoding.Equals(GrpcProtocolConstants.GzipEncoding, StringComparison.OrdinalIgnoreCase);

    public static bool Accepts(string? acceptEncodingHeader, string encoding)
    {
        if (acceptEncodingHeader is null)
        {
            return false;
        }

        foreach (var range in acceptEncodingHeader.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (range.Equals(encoding, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream(data.Length / 2 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates a message, refusing to grow it beyond the receive limit (a zip bomb is not a way past it).</summary>
    public static ReadOnlySequence<byte> Decompress(ReadOnlySequence<byte> data, int maxSize)
    {
        using var input = new MemoryStream(data.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = gzip.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxSize)
                {
                    throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({output.Length + read} vs. {maxSize}) after decompression.");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new RpcException(StatusCode.Internal, "Failed to decompress a gzip message: " + ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ReadOnlySequence<byte>(output.GetBuffer(), 0, (int)output.Length);
    }
}
