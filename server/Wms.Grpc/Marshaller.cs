using System.Buffers;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Wms.Grpc;

/// <summary>
/// Turns a message into bytes and back. Serialization writes into a buffer writer so that a framed
/// message is built without an intermediate array.
/// </summary>
public sealed class Marshaller<T>(Action<T, IBufferWriter<byte>> serializer, Func<ReadOnlySequence<byte>, T> deserializer)
{
    public Action<T, IBufferWriter<byte>> Serializer { get; } = serializer ?? throw new ArgumentNullException(nameof(serializer));

    public Func<ReadOnlySequence<byte>, T> Deserializer { get; } = deserializer ?? throw new ArgumentNullException(nameof(deserializer));
}

public static class Marshallers
{
    /// <summary>The marshaller for a generated protobuf message type.</summary>
    public static Marshaller<T> ForProtobuf<T>()
        where T : IMessage<T>, new() => ProtobufMarshaller<T>.Instance;

    public static Marshaller<byte[]> Bytes { get; } = new(
        static (value, writer) => writer.Write(value),
        static sequence => sequence.ToArray());

    private static class ProtobufMarshaller<T>
        where T : IMessage<T>, new()
    {
        private static readonly MessageParser<T> Parser = new(static () => new T());

        public static readonly Marshaller<T> Instance = new(
            static (message, writer) => message.WriteTo(writer),
            static sequence => Parser.ParseFrom(sequence));
    }
}

/// <summary>
/// Builds <see cref="Method{TRequest, TResponse}"/> from the descriptors that protoc generates, so the
/// .proto file stays the single source of method names and call types even without generated stubs.
/// </summary>
public static class ProtobufMethods
{
    public static Method<TRequest, TResponse> Create<TRequest, TResponse>(ServiceDescriptor service, string methodName)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(service);
        var method = service.FindMethodByName(methodName)
            ?? throw new ArgumentException($"Service '{service.FullName}' has no method '{methodName}'.", nameof(methodName));
        if (method.InputType.ClrType != typeof(TRequest))
        {
            throw new ArgumentException($"'{service.FullName}/{methodName}' takes {method.InputType.FullName}, not {typeof(TRequest).Name}.", nameof(methodName));
        }

        if (method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException($"'{service.FullName}/{methodName}' returns {method.OutputType.FullName}, not {typeof(TResponse).Name}.", nameof(methodName));
        }

        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        return new Method<TRequest, TResponse>(type, service.FullName, method.Name, Marshallers.ForProtobuf<TRequest>(), Marshallers.ForProtobuf<TResponse>());
    }
}
