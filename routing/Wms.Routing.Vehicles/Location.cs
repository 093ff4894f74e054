namespace Wms.Routing.Vehicles;

/// <summary>
/// A point. For <see cref="TravelModel.Haversine"/> X is the longitude and Y the latitude, in degrees;
/// for <see cref="TravelModel.Euclidean"/> they are planar coordinates.
/// </summary>
public readonly record struct Location(double X, double Y)
{
    public static Location FromLatitudeLongitude(double latitude, double longitude) => new(longitude, latitude);
}
