namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// The arc of polar angles around the depot that a route's stops span, on a circle of <see cref="Turn"/>
/// units (integers, so arcs wrap around exactly). SWAP* pairs two routes only when their arcs overlap, as
/// HGS-CVRP does: routes on opposite sides of the depot rarely gain from exchanging stops.
/// </summary>
internal struct Sector
{
    public const int Turn = 65536;

    /// <summary>First angle of the arc; the arc runs counter-clockwise for <see cref="Width"/> units.</summary>
    public int Start;

    public int Width;

    /// <summary>The polar angle in units, truncated towards zero before it wraps, as HGS-CVRP's integer conversion does.</summary>
    public static int AngleOf(Location depot, Location p) =>
        Wrap((int)(Turn / 2 * Math.Atan2(p.Y - depot.Y, p.X - depot.X) / Math.PI));

    public static Sector Of(int angle) => new() { Start = angle, Width = 0 };

    /// <summary>Widens the arc by the least needed to take in <paramref name="angle"/>, on whichever side is shorter.</summary>
    public void Extend(int angle)
    {
        int after = Wrap(angle - Start);
        if (after <= Width)
        {
            return;
        }

        int before = Wrap(Start - angle);
        if (after - Width <= before)
        {
            Width = after;
        }
        else
        {
            Start = angle;
            Width += before;
        }
    }

    public static bool Overlap(in Sector a, in Sector b) => Wrap(b.Start - a.Start) <= a.Width || Wrap(a.Start - b.Start) <= b.Width;

    private static int Wrap(int a) => ((a % Turn) + Turn) % Turn;
}
