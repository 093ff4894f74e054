namespace Wms.Routing.Vehicles.Internal;

/// <summary>Per-unit prices of constraint excess; adapted during the search to keep ~20% of offspring feasible.</summary>
internal sealed class Penalties(double weight, double volume, double time)
{
    public double Weight { get; set; } = weight;

    public double Volume { get; set; } = volume;

    public double Time { get; set; } = time;

    public Penalties Scaled(double factor) => new(Weight * factor, Volume * factor, Time * factor);
}
