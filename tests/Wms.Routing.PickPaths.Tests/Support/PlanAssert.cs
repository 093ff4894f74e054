namespace Wms.Routing.PickPaths.Tests.Support;

internal static class PlanAssert
{
    public const double Tolerance = 1e-6;

    /// <summary>
    /// The contract of every plan: each pick exactly once, picks at one location adjacent, and the stated
    /// distance equal to the tour re-measured on the reference graph (depot to depot).
    /// </summary>
    public static void Valid(WarehouseLayout layout, IReadOnlyList<PickLocation> picks, PickPath path,
        ReferenceGraph? graph = null)
    {
        Assert.Equal(picks.Count, path.Sequence.Length);
        Assert.Equal(Enumerable.Range(0, picks.Count), path.Sequence.Order());
        var seen = new HashSet<PickLocation>();
        for (var k = 0; k < path.Sequence.Length; k++)
        {
            var here = picks[path.Sequence[k]];
            if (k > 0 && picks[path.Sequence[k - 1]] != here)
            {
                Assert.True(seen.Add(here), "Picks at the same location must be adjacent.");
            }
            else
            {
                seen.Add(here);
            }
        }

        graph ??= new ReferenceGraph(layout, picks);
        Assert.Equal(graph.TourLength(path.Sequence), path.Distance, Tolerance);
        Assert.Equal(new PickPathPlanner(layout).MeasureDistance(picks, path.Sequence), path.Distance, Tolerance);
    }
}
