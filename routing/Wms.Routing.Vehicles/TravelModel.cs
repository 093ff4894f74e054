namespace Wms.Routing.Vehicles;

/// <summary>How distances and travel times between the depot and the stops are obtained.</summary>
public sealed class TravelModel
{
    internal enum ModelKind
    {
        Euclidean,
        Haversine,
        Matrix,
    }

    private const double EarthRadiusKm = 6371.0088;

    private TravelModel(ModelKind kind, bool round, double speed, double[,]? distance, double[,]? time)
    {
        Kind = kind;
        RoundToInteger = round;
        Speed = speed;
        DistanceMatrix = distance;
        TimeMatrix = time;
    }

    internal ModelKind Kind { get; }

    internal bool RoundToInteger { get; }

    internal double Speed { get; }

    internal double[,]? DistanceMatrix { get; }

    internal double[,]? TimeMatrix { get; }

    /// <summary>
    /// Planar distance; travel time is distance divided by <paramref name="speed"/>. With
    /// <paramref name="roundToNearestInteger"/> each edge is nint-rounded (TSPLIB/CVRPLIB EUC_2D).
    /// </summary>
    public static TravelModel Euclidean(bool roundToNearestInteger = false, double speed = 1)
    {
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentException("Speed must be positive and finite.", nameof(speed));
        }

        return new TravelModel(ModelKind.Euclidean, roundToNearestInteger, speed, null, null);
    }

    /// <summary>Great-circle distance in km; travel time in seconds at the given average speed.</summary>
    public static TravelModel Haversine(double speedKmPerHour)
    {
        if (!(speedKmPerHour > 0) || double.IsInfinity(speedKmPerHour))
        {
            throw new ArgumentException("Speed must be positive and finite.", nameof(speedKmPerHour));
        }

        return new TravelModel(ModelKind.Haversine, false, speedKmPerHour, null, null);
    }

    /// <summary>
    /// Given matrices; index 0 is the depot, index i + 1 is stop i and, with vehicles based elsewhere, index n + j is depot j of <see cref="RoutingProblem.Depots"/>. The matrices are copied.
    /// </summary>
    public static TravelModel FromMatrices(double[,] distance, double[,] travelTime)
    {
        ArgumentNullException.ThrowIfNull(distance);
        ArgumentNullException.ThrowIfNull(travelTime);
        return new TravelModel(ModelKind.Matrix, false, 1, (double[,])distance.Clone(), (double[,])travelTime.Clone());
    }

    /// <summary>Great-circle distance in kilometres between two latitude/longitude points.</summary>
    public static double HaversineKm(Location a, Location b)
    {
        double lat1 = DegreesToRadians(a.Y);
        double lat2 = DegreesToRadians(b.Y);
        double dLat = lat2 - lat1;
        double dLon = DegreesToRadians(b.X - a.X);
        double h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(lat1) * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}
