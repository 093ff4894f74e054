namespace Wms.WebConsole;

/// <summary>Who may open which page: the roles the API asks for the calls the page makes (Security/RoleSets.cs).</summary>
public static class Roles
{
    public static readonly IReadOnlyCollection<string> Dispatch = ["admin", "supervisor", "dispatcher"];
    public static readonly IReadOnlyCollection<string> Kpis = ["admin", "supervisor"];
    public static readonly IReadOnlyCollection<string> Floor = ["admin", "supervisor"];
    public static readonly IReadOnlyCollection<string> Admin = ["admin"];
}
