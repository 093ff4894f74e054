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

/// <summary>Roles as people type them and as <c>api_tokens.roles</c> stores them: lower case, comma-separated.</summary>
public static class RoleNames
{
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static bool TryParse(string text, out Role role) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out role) && Enum.IsDefined(role) && !text.Trim().All(char.IsDigit);

    public static HashSet<Role> Parse(string stored)
    {
        var roles = new HashSet<Role>();
        foreach (var part in stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (TryParse(part, out var role))
            {
                roles.Add(role);
            }
        }

        return roles;
    }

    public static string Format(IEnumerable<Role> roles) => string.Join(",", roles.Order().Select(Name));

    /// <summary>Roles as a request lists them (field <c>roles</c>): at least one, each one of <paramref name="allowed"/>.</summary>
    public static HashSet<Role> ParseRequested(IReadOnlyList<string> names, IReadOnlyCollection<Role> allowed)
    {
        var choices = string.Join(", ", allowed.Order().Select(Name));
        if (names.Count == 0)
        {
            throw Common.DomainException.Invalid("roles", $"at least one of {choices} is required.");
        }

        var roles = new HashSet<Role>();
        for (var i = 0; i < names.Count; i++)
        {
            if (!TryParse(names[i], out var role) || !allowed.Contains(role))
            {
                throw Common.DomainException.Invalid($"roles[{i}]", $"'{names[i]}' is not one of {choices}.");
            }

            roles.Add(role);
        }

        return roles;
    }
}
