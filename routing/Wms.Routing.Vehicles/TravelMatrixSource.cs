namespace Wms.Routing.Vehicles;

/// <summary>
/// Distances and travel times between points, row = from, column = to, in the order the points were given
/// (for a problem: <see cref="RoutingProblem.NodeLocations"/>). Feed it to <see cref="TravelModel.FromMatrices"/>.
/// </summary>
public sealed record TravelMatrix(double[,] Distance, double[,] Time);

/// <summary>
/// Where road distances and times come from: straight line with a detour factor and a speed profile
/// (<see cref="StraightLineMatrixSource"/>, here), or a road network (the server's pgRouting source), or a
/// table service. Asynchronous because real sources are databases or services; the solver itself stays
/// pure and takes the finished matrix.
/// </summary>
public interface ITravelMatrixSource
{
    /// <summary>Short name for logs and docs ("straight-line", "pgrouting").</summary>
    string Name { get; }

    /// <param name="points">Longitude/latitude points (<see cref="Location.FromLatitudeLongitude"/>).</param>
    Task<TravelMatrix> GetAsync(IReadOnlyList<Location> points, CancellationToken cancellationToken);
}

/// <summary>A speed for road legs up to <paramref name="UpToKm"/> km long (the last band's limit may be infinite).</summary>
public readonly record struct SpeedBand(double UpToKm, double SpeedKmh);

/// <summary>
/// Great-circle km × a detour factor (roads are not straight: 1.2–1.4 is typical in Europe), timed by a
/// speed profile: a leg's km are driven at the first band's speed up to its limit, the rest at the next
/// band's, and so on, so short legs in town are slow and long ones use faster roads. Factor 1 and one
/// band reproduce <see cref="TravelModel.Haversine"/> exactly.
/// </summary>
public sealed class StraightLineMatrixSource : ITravelMatrixSource
{
    private readonly SpeedBand[] _profile;

    public StraightLineMatrixSource(double detourFactor, IReadOnlyList<SpeedBand> profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!double.IsFinite(detourFactor) || detourFactor < 1)
        {
            throw new ArgumentException("The detour factor must be finite and at least 1.", nameof(detourFactor));
        }

        if (profile.Count == 0 || profile.Any(b => !(b.SpeedKmh > 0) || double.IsInfinity(b.SpeedKmh) || !(b.UpToKm > 0)) || !double.IsPositiveInfinity(profile[^1].UpToKm)
            || profile.Zip(profile.Skip(1)).Any(p => p.First.UpToKm >= p.Second.UpToKm))
        {
            throw new ArgumentException("The speed profile needs positive, finite speeds on rising limits, the last one infinite.", nameof(profile));
        }

        DetourFactor = detourFactor;
        _profile = [.. profile];
    }

    /// <summary>One speed for every leg.</summary>
    public StraightLineMatrixSource(double detourFactor, double speedKmh)
        : this(detourFactor, [new SpeedBand(double.PositiveInfinity, speedKmh)])
    {
    }

    public string Name => "straight-line";

    public double DetourFactor { get; }

    public IReadOnlyList<SpeedBand> Profile => _profile;

    public Task<TravelMatrix> GetAsync(IReadOnlyList<Location> points, CancellationToken cancellationToken) => Task.FromResult(Build(points));

    public TravelMatrix Build(IReadOnlyList<Location> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Count;
        var distance = new double[n, n];
        var time = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i != j)
                {
                    double km = TravelModel.HaversineKm(points[i], points[j]) * DetourFactor;
                    distance[i, j] = km;
                    time[i, j] = Seconds(km);
                }
            }
        }

        return new TravelMatrix(distance, time);
    }

    /// <summary>Driving time of a leg of <paramref name="km"/>, band by band.</summary>
    public double Seconds(double km)
    {
        double seconds = 0;
        double from = 0;
        foreach (var band in _profile)
        {
            double part = Math.Min(km, band.UpToKm) - from;
            if (part <= 0)
            {
                break;
            }

            // Same arithmetic as the haversine model (km / speed × 3600), so one band gives the same times.
            seconds += part / band.SpeedKmh * 3600.0;
            from = band.UpToKm;
        }

        return seconds;
    }
}
