namespace Wms.Routing.PickPaths;

/// <summary>
/// Where a pick is made: the aisle (0 = left-most) and the position along that aisle in metres,
/// measured from the front end of the racks of the first block. With several blocks the position
/// runs on through the cross aisles, so it is the physical coordinate the server maps a bin onto;
/// a position inside a cross aisle is rejected when planning.
/// </summary>
public readonly record struct PickLocation
{
    public PickLocation(int aisle, double position)
    {
        if (aisle < 0)
        {
            throw new ArgumentException("Aisle must be zero or positive.", nameof(aisle));
        }

        if (!double.IsFinite(position) || position < 0)
        {
            throw new ArgumentException("Position must be a finite, non-negative number of metres.", nameof(position));
        }

        Aisle = aisle;
        Position = position;
    }

    public int Aisle { get; }

    public double Position { get; }
}
