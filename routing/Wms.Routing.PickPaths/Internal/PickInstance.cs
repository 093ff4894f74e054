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
    private double[]? _distances;

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
            var point = layout.ToPoint(picks[i], i);
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
    }

    public WarehouseLayout Layout { get; }

    public int PickCount { get; }

    /// <summary>Distinct pick locations; location k is node k + 1.</summary>
    public GridPoint[] Points { get; }

    /// <summary>Depot plus locations.</summary>
    public int NodeCount { get; }

    /// <summary>
    /// Row-major NodeCount x NodeCount shortest-path distances, built on first use: the exact
    /// single-block solver never needs the quadratic matrix.
    /// </summary>
    public double[] Distances => _distances ??= BuildMatrix();

    public double Distance(int from, int to) =>
        _distances is { } matrix ? matrix[(from * NodeCount) + to] : Between(from, to);

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

    private double Between(int a, int b) => a == b ? 0
        : a == 0 ? Layout.DistanceFromDepot(Points[b - 1])
        : b == 0 ? Layout.DistanceFromDepot(Points[a - 1])
        : Layout.Distance(Points[a - 1], Points[b - 1]);

    private double[] BuildMatrix()
    {
        var matrix = new double[NodeCount * NodeCount];
        for (var a = 0; a < NodeCount; a++)
        {
            for (var b = a + 1; b < NodeCount; b++)
            {
                var d = Between(a, b);
                matrix[(a * NodeCount) + b] = d;
                matrix[(b * NodeCount) + a] = d;
            }
        }

        return matrix;
    }
}
