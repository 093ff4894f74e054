using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Common;

namespace Wms.Server.Dispatch;

/// <summary>
/// Which route engine plans a call: the one the call names, else the warehouse's configured one, else the
/// configured default (<see cref="DispatchOptions"/>). Names are those of <see cref="RoutePlanner.Parse"/>.
/// </summary>
public static class DispatchEngine
{
    /// <summary>What a plan says when an OR-Tools re-plan kept the routes it started from.</summary>
    public const string CurrentRoutes = "current";

    // The longest engine name is 7 characters; the column holds 16.
    private const int NameLength = 16;

    /// <summary>The engine named by a call; empty falls back to <paramref name="fallback"/>. Unknown → INVALID_ARGUMENT on <c>engine</c>.</summary>
    public static RouteEngine Resolve(string? requested, string fallback) =>
        string.IsNullOrWhiteSpace(requested) ? Configured(fallback) : Parse(requested, "engine");

    /// <summary>The configured engine of a warehouse.</summary>
    public static string ForWarehouse(DispatchOptions options, string warehouseCode) =>
        options.Engines.TryGetValue(warehouseCode, out var engine) ? engine : options.Engine;

    /// <summary>Start-up check of the configuration, so that a misspelt engine stops the server rather than a dispatcher's call.</summary>
    public static bool IsValid(DispatchOptions options) =>
        options.Engines.Values.Append(options.Engine).All(e => RoutePlanner.TryParse(e, out _));

    private static RouteEngine Configured(string name) => RoutePlanner.TryParse(name, out var engine)
        ? engine
        : throw DomainException.Precondition($"Wms:Dispatch engine '{name}' is not hgs, ortools or best-of; correct the configuration.");

    private static RouteEngine Parse(string name, string field)
    {
        Require.Optional(name, field, NameLength);
        return RoutePlanner.TryParse(name, out var engine) ? engine : throw DomainException.Invalid(field, $"must be hgs, ortools or best-of, not '{name.Trim()}'.");
    }
}
