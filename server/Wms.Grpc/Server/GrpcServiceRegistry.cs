using Google.Protobuf.Reflection;

namespace Wms.Grpc;

/// <summary>What the server serves: service names, method paths and .proto descriptors, for UNIMPLEMENTED and reflection.</summary>
public sealed class GrpcServiceRegistry
{
    private readonly HashSet<string> _services = new(StringComparer.Ordinal);
    private readonly HashSet<string> _methods = new(StringComparer.Ordinal);
    private readonly List<ServiceDescriptor> _descriptors = [];

    public IReadOnlyCollection<string> Services => _services;

    public IReadOnlyList<ServiceDescriptor> Descriptors => _descriptors;

    public bool HasService(string serviceName) => _services.Contains(serviceName);

    public bool HasMethod(string fullName) => _methods.Contains(fullName);

    internal void AddMethod(string serviceName, string fullName)
    {
        _services.Add(serviceName);
        if (!_methods.Add(fullName))
        {
            throw new InvalidOperationException($"Method {fullName} is bound twice.");
        }
    }

    internal void AddDescriptor(ServiceDescriptor descriptor)
    {
        if (!_descriptors.Contains(descriptor))
        {
            _descriptors.Add(descriptor);
        }
    }
}
