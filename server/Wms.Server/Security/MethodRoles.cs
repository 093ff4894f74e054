namespace Wms.Server.Security;

/// <summary>
/// Which roles may call which method. A method missing from the table is open to admins only, so a new
/// method is locked down until someone decides who may call it.
/// </summary>
public sealed class MethodRoles
{
    private readonly Dictionary<string, Role[]> _roles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _anonymousServices = new(StringComparer.Ordinal) { "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection" };

    public MethodRoles Allow(string methodFullName, params Role[] roles)
    {
        _roles[methodFullName] = roles;
        return this;
    }

    public bool IsAnonymous(string methodFullName)
    {
        var slash = methodFullName.IndexOf('/', 1);
        return slash > 1 && _anonymousServices.Contains(methodFullName[1..slash]);
    }

    public IReadOnlyList<Role> RolesFor(string methodFullName) => _roles.TryGetValue(methodFullName, out var roles) ? roles : [];
}
