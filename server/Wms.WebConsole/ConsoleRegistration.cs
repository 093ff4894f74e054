using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Components.Server.ProtectedBrowserStorage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Wms.WebConsole.Components;

namespace Wms.WebConsole;

public sealed class ConsoleOptions
{
    /// <summary>
    /// The gRPC API the console calls, as http://host:port. Empty: the hosting server's own h2c listener
    /// (<c>Wms:Server:Address</c>), so the console is one more client of the same API.
    /// </summary>
    public string ApiAddress { get; set; } = "";

    /// <summary>Serve the console (on the HTTP/1.1 listener). False leaves the server API-only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Map tiles for the dispatch page, as a Leaflet URL template (https://tiles.example/{z}/{x}/{y}.png): the browser
    /// fetches them from there. Empty: no tiles, the routes are drawn by their coordinates alone.
    /// </summary>
    public string TileUrl { get; set; } = "";

    /// <summary>The attribution the tiles' licence asks for, shown in the map's corner (HTML allowed, as Leaflet takes it).</summary>
    public string TileAttribution { get; set; } = "";
}

/// <summary>Hosting the console in an ASP.NET Core app (Wms.Server): services, then endpoints after authorization.</summary>
public static class ConsoleRegistration
{
    public static WebApplicationBuilder AddWmsConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Static files (the console's stylesheet, Blazor's script) from where the build left them, in any environment:
        // `dotnet run` starts in Production, where ASP.NET Core would otherwise only look in a published wwwroot.
        // A published app has no build manifest and serves its wwwroot as usual.
        builder.WebHost.UseStaticWebAssets();
        var options = configuration.GetSection("Wms:Console").Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (options.ApiAddress.Length == 0)
        {
            options.ApiAddress = "http://" + (configuration["Wms:Server:Address"] is { Length: > 0 } address ? address : "127.0.0.1:5000");
        }

        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ApiChannel>();
        services.AddScoped<ConsoleSession>();
        services.AddScoped<ConsoleApi>();
        services.AddScoped<ProtectedSessionStorage>();
        services.AddHttpContextAccessor();
        services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    /// <summary>
    /// The console's pages and its static files. They are open to anonymous browsers (the pages hold nothing
    /// until the person signs in; every datum comes from the API under the person's own session token).
    /// </summary>
    public static WebApplication MapWmsConsole(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ConsoleOptions>();
        if (!options.Enabled)
        {
            return app;
        }

        // Said at start, as the admin token is: where a person points the browser.
        if (app.Configuration["Wms:Server:HttpAddress"] is { Length: > 0 } http)
        {
            app.Lifetime.ApplicationStarted.Register(() => System.Console.WriteLine($"Web console: http://{http}/"));
        }

        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymous();
        return app;
    }
}
