namespace Wms.Routing.Vehicles.OrTools;

/// <summary>Which solver plans delivery routes.</summary>
public enum RouteEngine
{
    /// <summary>Our hybrid genetic search (<see cref="RouteSolver"/>).</summary>
    Hgs,

    /// <summary>Google OR-Tools' routing library (<see cref="OrToolsRouteSolver"/>).</summary>
    OrTools,

    /// <summary>Both at once, each with the whole time budget on its own thread; the better plan is kept.</summary>
    BestOf,
}
