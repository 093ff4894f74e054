namespace Wms.Routing.Vehicles;

/// <summary>How many of a problem's k vehicles a plan must use.</summary>
public enum FleetRule
{
    /// <summary>At most k: a vehicle without stops stays at the depot (the dispatch default, CVRPLIB X).</summary>
    AtMost,

    /// <summary>
    /// Exactly k: every vehicle drives a route (the convention behind the proven optima of CVRPLIB A/B/P).
    /// With fewer stops than vehicles no plan can keep it; the checker reports <see cref="ViolationKind.FleetRuleBroken"/>.
    /// </summary>
    Exactly,
}
