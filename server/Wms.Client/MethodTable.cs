using Grpc.Core;

namespace Wms.Client;

/// <summary>
/// The generated stubs keep their <see cref="Method{TRequest, TResponse}"/> descriptors private; the
/// service's generated <c>BindService(ServiceBinderBase, null)</c> hands every one of them to a binder,
/// which is how Grpc.AspNetCore discovers methods too. Collecting them there gives callers the generated
/// descriptors (names and marshallers) without a second, hand-kept copy.
/// </summary>
internal sealed class MethodTable : ServiceBinderBase
{
    private readonly Dictionary<string, IMethod> _methods = new(StringComparer.Ordinal);

    public static MethodTable Of(Action<ServiceBinderBase> bindService)
    {
        var table = new MethodTable();
        bindService(table);
        return table;
    }

    public Method<TRequest, TResponse> Get<TRequest, TResponse>(string name)
        where TRequest : class
        where TResponse : class
        => _methods.TryGetValue(name, out var method) && method is Method<TRequest, TResponse> typed
            ? typed
            : throw new InvalidOperationException($"The generated service has no method {name}({typeof(TRequest).Name}) returns {typeof(TResponse).Name}.");

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) => _methods[method.Name] = method;

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) => _methods[method.Name] = method;

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) => _methods[method.Name] = method;

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) => _methods[method.Name] = method;
}
