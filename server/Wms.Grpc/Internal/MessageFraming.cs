using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Wms.Grpc.Internal;

/// <summary>
/// Length-prefixed messages: one flag byte (1 = compressed with the call's grpc-encoding), a four-byte
/// big-endian length, then the message. Both sides of the protocol read and write frames here.
/// </summary>
internal static class MessageFraming
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_serializationBuffer;

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>, if it holds one.</summary>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxMessageSize, out bool compressed, out ReadOnlySequence<byte> payload)
    {
        compressed = false;
        payload = default;
        if (buffer.Length < GrpcProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.HeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new RpcException(StatusCode.Internal, $"Invalid compressed flag {header[0]} in message header."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"Received message larger than max ({length} vs. {maxMessageSize}).");
        }

        if (buffer.Length < GrpcProtocolConstants.HeaderSize + length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocolConstants.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// Reads the next message, or returns false at a clean end of stream. A stream that ends inside a frame
    /// is a protocol error, not an end.
    /// </summary>
    public static async ValueTask<(bool HasMessage, T Message)> ReadMessageAsync<T>(
        PipeReader reader, Func<ReadOnlySequence<byte>, T> deserializer, int maxMessageSize, string? encoding, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool complete;
            bool compressed;
            ReadOnlySequence<byte> payload;
            try
            {
                complete = TryReadFrame(ref buffer, maxMessageSize, out compressed, out payload);
            }
            catch
            {
                // The call ends on a framing error; hand the buffer back so the reader is left consistent.
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw;
            }

            if (complete)
            {
                T message;
                try
                {
                    message = Deserialize(payload, compressed, encoding, maxMessageSize, deserializer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.Start);
                }

                return (true, message);
            }

            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new OperationCanceledException("Reading the message stream was cancelled.");
            }

            if (result.IsCompleted)
            {
                var leftover = buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (leftover > 0)
                {
                    throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a frame.");
                }

                return (false, default!);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static T Deserialize<T>(ReadOnlySequence<byte> payload, bool compressed, string? encoding, int maxMessageSize, Func<ReadOnlySequence<byte>, T> deserializer)
    {
        if (compressed)
        {
            if (encoding is null || encoding.Equals(GrpcProtocolConstants.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
            {
                throw new RpcException(StatusCode.Internal, "Message is flagged compressed but the call has no grpc-encoding.");
            }

            payload = MessageCompression.Decompress(payload, maxMessageSize);
        }

        try
        {
            return deserializer(payload);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw new RpcException(StatusCode.Internal, "Failed to deserialize the message: " + ex.Message);
        }
    }

    /// <summary>Serializes and frames a message into <paramref name="output"/>; gzip when <paramref name="compress"/>.</summary>
    public static void WriteMessage<T>(IBufferWriter<byte> output, T message, Action<T, IBufferWriter<byte>> serializer, int maxMessageSize, bool compress)
    {
        var buffer = t_serializationBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        try
        {
            serializer(message, buffer);
            var data = buffer.WrittenSpan;
            if (data.Length > maxMessageSize)
            {
                throw new RpcException(StatusCode.ResourceExhausted, $"Sending message larger than max ({data.Length} vs. {maxMessageSize}).");
            }

            if (compress)
            {
                var compressed = MessageCompression.Compress(data);
                WriteFrame(output, compressed, compressed: true);
            }
            else
            {
                WriteFrame(output, data, compressed: false);
            }
        }
        finally
        {
            // A 3 MiB message should not pin 3 MiB per thread forever.
            if (buffer.Capacity > 1024 * 1024)
            {
                t_serializationBuffer = null;
            }
        }
    }

    public static void WriteFrame(IBufferWriter<byte> output, ReadOnlySpan<byte> payload, bool compressed)
    {
        var header = output.GetSpan(GrpcProtocolConstants.HeaderSize);
        header[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)payload.Length);
        output.Advance(GrpcProtocolConstants.HeaderSize);
        output.Write(payload);
    }
}
