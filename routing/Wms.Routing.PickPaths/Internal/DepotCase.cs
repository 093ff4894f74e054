namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// How the exact programmes see the depot. At the end of an aisle it is a vertex of the aisle graph that
/// the tour must touch. Between aisles j and j + 1 the shortest tour either passes along the cross-aisle
/// edge between them (and so through the depot), or reaches the depot from one of the two aisle ends and
/// walks back: three tours, each exact for its case, of which the planner keeps the shortest measured
/// from the depot itself. At a corner only the nearest aisle end is a way in.
/// </summary>
/// <param name="ThroughGap">The tour must use cross aisle <paramref name="CrossAisle"/>'s edge from aisle <paramref name="Aisle"/> to the next.</param>
internal readonly record struct DepotCase(int Aisle, int CrossAisle, bool ThroughGap)
{
    public static DepotCase[] For(WarehouseLayout layout)
    {
        var x = layout.DepotX;
        var c = layout.DepotCrossAisle;
        var n = layout.AisleCount;
        if (x <= 0)
        {
            return [new(0, c, false)];
        }

        if (x >= n - 1)
        {
            return [new(n - 1, c, false)];
        }

        var j = (int)Math.Floor(x);
        return x == j ? [new(j, c, false)] : [new(j, c, false), new(j + 1, c, false), new(j, c, true)];
    }

    /// <summary>Whether the depot vertex is the one the sweep is leaving at aisle <paramref name="aisle"/>.</summary>
    public bool IsVertexAt(int aisle) => !ThroughGap && aisle == Aisle;

    /// <summary>Whether the edge of cross aisle <paramref name="crossAisle"/> after aisle <paramref name="aisle"/> must be used.</summary>
    public bool Forces(int aisle, int crossAisle) => ThroughGap && aisle == Aisle && crossAisle == CrossAisle;
}
