namespace Wms.Server.Security;

public enum Role
{
    Admin,
    Supervisor,
    Picker,
    Dispatcher,
    Device,
}

/// <summary>Who is calling: the user or device a bearer token belongs to.</summary>
public sealed record Caller(string Name, IReadOnlySet<Role> Roles)
{
    public bool IsInAnyRole(IEnumerable<Role> roles) => Roles.Contains(Role.Admin) || roles.Any(Roles.Contains);
}
