namespace Wms.Routing.Vehicles;

/// <summary>
/// A route decided beforehand (a dispatcher locked it): the vehicle serves exactly these stops in this
/// order. The solver returns it unchanged, with its schedule and figures, and plans the other stops on
/// the other vehicles. It is kept even when it breaks a constraint; <see cref="PlanChecker"/> reports that.
/// </summary>
public sealed record FixedRoute(string VehicleId, IReadOnlyList<string> StopIds);
