namespace Wms.Grpc;

/// <summary>
/// A service class that binds its own methods: with no generated stubs, the class says which
/// <see cref="Method{TRequest, TResponse}"/> each of its handlers serves.
/// </summary>
public interface IGrpcService<TSelf>
    where TSelf : class, IGrpcService<TSelf>
{
    static abstract void Bind(GrpcServiceBinder<TSelf> binder);
}
