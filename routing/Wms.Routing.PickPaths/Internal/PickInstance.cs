using System.Collections.Immutable;

namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// A request reduced to what the algorithms need: picks at the same spot merged into one location
/// (so that they come out adjacent), and a matrix of shortest-path distances. Node 0 is the depot,
/// node k + 1 is location k.
/// </summary>
internal sealed class PickInstance
{
    private readonly int[][] _picksAtLocation;

    public PickInstance(WarehouseLayout layout, IReadOnlyList<PickLocation> picks)
    {
        ArgumentNullException.ThrowIfNull(picks);
        Layout = layout;
        PickCount = picks.Count;
        var index = new Dictionary<PickLocation, int>();
        var points = new List<GridPoint>();
        var members = new List<List<int>>();
        for (var i = 0; i < picks.Count; i++)
        {
            var point = layout.ToPoint(picks[i], $"picks[{i}]");
            if (!index.TryGetValue(picks[i], out var location))
            {
                location = points.Count;
                index.Add(picks[i], location);
                points.Add(point);
                members.Add([]);
            }

            members[location].Add(i);
        }

        Points = [.. points];
        _picksAtLocation = [.. members.Select(m => m.ToArray())];
        NodeCount = Points.Length + 1;
        Distances = new double[NodeCount * NodeCount];
        for (var a = 0; a < NodeCount; a++)
        {
            var pa = a == 0 ? layout.DepotPoint : Points[a - 1];
            for (var b = a + 1; b < NodeCount; b++)
            {
                var d = layout.Distance(pa, Points[b - 1]);
                Distances[(a * NodeCount) + b] = d;
                Distances[(b * NodeCount) + a] = d;
            }
        }
    }

    public WarehouseLayout Layout { get; }

    public int PickCount { get; }

    /// <summary>Distinct pick locations; location k is node k + 1.</summary>
    public GridPoint[] Points { get; }

    /// <summary>Depot plus locations.</summary>
    public int NodeCount { get; }

    /// <summary>Row-major NodeCount x NodeCount shortest-path distances.</summary>
    public double[] Distances { get; }

    public double Distance(int from, int to) => Distances[(from * NodeCount) + to];

    /// <summary>Length of the closed tour depot, nodes..., depot (nodes are 1-based location nodes).</summary>
    public double TourLength(ReadOnlySpan<int> nodes)
    {
        var total = 0.0;
        var previous = 0;
        foreach (var node in nodes)
        {
            total += Distance(previous, node);
            previous = node;
        }

        return total + Distance(previous, 0);
    }

    /// <summary>Turns a visiting order of location nodes into the plan the caller sees.</summary>
    public PickPath ToPath(PickPathMethod method, ReadOnlySpan<int> nodes, bool isOptimal)
    {
        var sequence = ImmutableArray.CreateBuilder<int>(PickCount);
        foreach (var node in nodes)
        {
            sequence.AddRange(_picksAtLocation[node - 1]);
        }

        if (sequence.Count != PickCount)
        {
            throw new InvalidOperationException("Internal error: a plan does not visit every pick exactly once.");
        }

        return new PickPath(method, sequence.MoveToImmutable(), TourLength(nodes), isOptimal);
    }
}
