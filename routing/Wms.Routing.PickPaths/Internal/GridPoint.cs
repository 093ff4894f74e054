namespace Wms.Routing.PickPaths.Internal;

/// <summary>A point of the aisle graph: block -1 is the depot on the front cross aisle.</summary>
internal readonly record struct GridPoint(int Aisle, int Block, double Y);
