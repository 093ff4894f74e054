namespace Wms.Routing.PickPaths.Internal;

/// <summary>A point of the aisle graph: block -1 is a point on the front cross aisle, -2 on the back one.</summary>
internal readonly record struct GridPoint(int Aisle, int Block, double Y);
