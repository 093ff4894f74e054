namespace Wms.Server.Outbound;

/// <summary>Where a pick happens, as the path ordering sees it.</summary>
public readonly record struct BinLocation(int Aisle, int Position, int Level);

/// <summary>
/// The order a picker walks a trip's bins. Today a serpentine: aisle by aisle, up the odd aisles and down
/// the even ones, lower levels first. This is the one function the pick-path planner replaces.
/// </summary>
public static class PickRoute
{
    public static List<T> Sequence<T>(IEnumerable<T> stops, Func<T, BinLocation> location) => stops
        .OrderBy(s => location(s).Aisle)
        .ThenBy(s => location(s).Aisle % 2 == 1 ? location(s).Position : -location(s).Position)
        .ThenBy(s => location(s).Level)
        .ToList();
}
