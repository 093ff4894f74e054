namespace Wms.WebConsole;

/// <summary>
/// The signed-in person of one browser circuit: the session token SignIn answered, name, roles and when it
/// ends, and the warehouse the pages show. Held in the circuit (and the tab's protected session storage, so a
/// reload keeps it), never in a cookie the browser would send to the API.
/// </summary>
public sealed class ConsoleSession
{
    public string Token { get; private set; } = "";

    public string Name { get; private set; } = "";

    public IReadOnlyList<string> Roles { get; private set; } = [];

    public DateTimeOffset ExpiresAt { get; private set; }

    public string Warehouse { get; set; } = "";

    public bool IsSignedIn => Token.Length > 0;

    public event Action? Changed;

    public void SignedIn(string token, string name, IEnumerable<string> roles, DateTimeOffset expiresAt)
    {
        Token = token;
        Name = name;
        Roles = roles.ToList();
        ExpiresAt = expiresAt;
        Changed?.Invoke();
    }

    /// <summary>Switches the pages to another warehouse (they load its data again; the bar stores it in the tab).</summary>
    public void ShowWarehouse(string code)
    {
        Warehouse = code;
        Changed?.Invoke();
    }

    public void SignedOut()
    {
        Token = "";
        Name = "";
        Roles = [];
        Changed?.Invoke();
    }

    /// <summary>The API's rule: an admin may do everything; otherwise one of the listed roles is needed.</summary>
    public bool HasAnyRole(IReadOnlyCollection<string> roles) => Roles.Contains("admin") || roles.Any(Roles.Contains);

    public sealed record Stored(string Token, string Name, List<string> Roles, DateTimeOffset ExpiresAt, string Warehouse);

    public Stored ToStored() => new(Token, Name, Roles.ToList(), ExpiresAt, Warehouse);
}
