using Microsoft.Extensions.Options;

namespace Wms.Server.Security;

public sealed class SecurityOptions
{
    /// <summary>The admin's bearer token. Empty: a new one is made at start and printed once.</summary>
    public string AdminToken { get; set; } = "";
}

public static class SecurityRegistration
{
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection("Wms:Security"));
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<MethodRoles>();
        return services;
    }

    /// <summary>Registers the admin token, printing it when the server had to make one up.</summary>
    public static void RegisterAdminToken(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var token = options.AdminToken;
        if (string.IsNullOrEmpty(token))
        {
            token = TokenAuthenticator.NewToken();
            // Printed, not logged: it is shown to the person starting the server and kept out of log files.
            Console.WriteLine($"Admin token for this run (set Wms:Security:AdminToken to keep one): {token}");
        }

        app.Services.GetRequiredService<TokenAuthenticator>()
            .Register(TokenAuthenticator.Hash(token), new Caller("admin", new HashSet<Role> { Role.Admin }));
    }
}
