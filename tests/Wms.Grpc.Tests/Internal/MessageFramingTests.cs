using System.Buffers;
using System.IO.Pipelines;
using Wms.Grpc.Internal;
using Xunit;

namespace Wms.Grpc.Tests.Internal;

public sealed class MessageFramingTests
{
    private static readonly Func<ReadOnlySequence<byte>, byte[]> AsBytes = static s => s.ToArray();

    [Fact]
    public void WriteMessage_Uncompressed_WritesFlagBigEndianLengthAndPayload()
    {
        var output = new ArrayBufferWriter<byte>();

        MessageFraming.WriteMessage(output, new byte[] { 0xAA, 0xBB, 0xCC }, Marshallers.Bytes.Serializer, int.MaxValue, compress: false);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 3, 0xAA, 0xBB, 0xCC }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteMessage_LengthAbove255_UsesAllFourLengthBytesBigEndian()
    {
        var output = new ArrayBufferWriter<byte>();

        MessageFraming.WriteMessage(output, new byte[0x010203], Marshallers.Bytes.Serializer, int.MaxValue, compress: false);

        Assert.Equal(new byte[] { 0, 0x00, 0x01, 0x02, 0x03 }, output.WrittenSpan[..5].ToArray());
        Assert.Equal(5 + 0x010203, output.WrittenCount);
    }

    [Fact]
    public void WriteMessage_Compressed_SetsFlagAndPayloadInflatesBack()
    {
        var output = new ArrayBufferWriter<byte>();
        var message = new byte[1000];

        MessageFraming.WriteMessage(output, message, Marshallers.Bytes.Serializer, int.MaxValue, compress: true);

        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, int.MaxValue, out var compressed, out var payload));
        Assert.True(compressed);
        Assert.True(payload.Length < message.Length);
        Assert.Equal(message, MessageCompression.Decompress(payload, int.MaxValue).ToArray());
    }

    [Fact]
    public void WriteMessage_AboveSendLimit_ThrowsResourceExhausted()
    {
        var ex = Assert.Throws<RpcException>(() => MessageFraming.WriteMessage(new ArrayBufferWriter<byte>(), new byte[11], Marshallers.Bytes.Serializer, 10, compress: false));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void TryReadFrame_EmptyMessage_ReadsZeroLengthPayload()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 0 });

        Assert.True(MessageFraming.TryReadFrame(ref buffer, 100, out _, out var payload));

        Assert.Equal(0, payload.Length);
        Assert.Equal(0, buffer.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(6)]
    public void TryReadFrame_IncompleteFrame_ReturnsFalseAndLeavesBuffer(int available)
    {
        var frame = new byte[] { 0, 0, 0, 0, 2, 7, 8 };
        var buffer = new ReadOnlySequence<byte>(frame, 0, available);

        Assert.False(MessageFraming.TryReadFrame(ref buffer, 100, out _, out _));

        Assert.Equal(available, buffer.Length);
    }

    [Fact]
    public void TryReadFrame_FrameSplitAcrossSegments_ReadsPayloadAndLeavesNextFrame()
    {
        var buffer = Segments([0, 0], [0, 0, 3, 1], [2, 3, 0, 0], [0, 0, 0]);

        Assert.True(MessageFraming.TryReadFrame(ref buffer, 100, out var compressed, out var payload));

        Assert.False(compressed);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload.ToArray());
        Assert.Equal(5, buffer.Length);
        Assert.True(MessageFraming.TryReadFrame(ref buffer, 100, out _, out var empty));
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void TryReadFrame_LengthAboveLimit_ThrowsResourceExhaustedBeforeBodyArrives()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0, 0x10, 0, 0 });

        var ex = Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 1024, out _, out _));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public void TryReadFrame_InvalidCompressedFlag_ThrowsInternal()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 2, 0, 0, 0, 0 });

        var ex = Assert.Throws<RpcException>(() => MessageFraming.TryReadFrame(ref buffer, 100, out _, out _));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task ReadMessageAsync_BytesArriveOneAtATime_ReadsEachMessageThenEnd()
    {
        var pipe = new Pipe();
        byte[] wire = [0, 0, 0, 0, 2, 9, 9, 0, 0, 0, 0, 1, 5];
        var writer = Task.Run(async () =>
        {
            foreach (var b in wire)
            {
                await pipe.Writer.WriteAsync(new[] { b }, TestContext.Current.CancellationToken);
            }

            await pipe.Writer.CompleteAsync();
        }, TestContext.Current.CancellationToken);

        var first = await MessageFraming.ReadMessageAsync(pipe.Reader, AsBytes, 100, null, TestContext.Current.CancellationToken);
        var second = await MessageFraming.ReadMessageAsync(pipe.Reader, AsBytes, 100, null, TestContext.Current.CancellationToken);
        var end = await MessageFraming.ReadMessageAsync(pipe.Reader, AsBytes, 100, null, TestContext.Current.CancellationToken);
        await writer;

        Assert.Equal(new byte[] { 9, 9 }, first.Message);
        Assert.Equal(new byte[] { 5 }, second.Message);
        Assert.False(end.HasMessage);
    }

    [Fact]
    public async Task ReadMessageAsync_StreamEndsInsideFrame_ThrowsInternal()
    {
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(new byte[] { 0, 0, 0, 0, 4, 1, 2 }));

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await MessageFraming.ReadMessageAsync(reader, AsBytes, 100, null, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task ReadMessageAsync_CompressedFrameWithoutEncoding_ThrowsInternal()
    {
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(new byte[] { 1, 0, 0, 0, 1, 7 }));

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await MessageFraming.ReadMessageAsync(reader, AsBytes, 100, "identity", TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
    }

    [Fact]
    public async Task ReadMessageAsync_GzipFrame_Inflates()
    {
        var output = new ArrayBufferWriter<byte>();
        MessageFraming.WriteMessage(output, new byte[] { 4, 2 }, Marshallers.Bytes.Serializer, int.MaxValue, compress: true);
        var reader = PipeReader.Create(new ReadOnlySequence<byte>(output.WrittenMemory));

        var (hasMessage, message) = await MessageFraming.ReadMessageAsync(reader, AsBytes, 100, "gzip", TestContext.Current.CancellationToken);

        Assert.True(hasMessage);
        Assert.Equal(new byte[] { 4, 2 }, message);
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts[1..])
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
