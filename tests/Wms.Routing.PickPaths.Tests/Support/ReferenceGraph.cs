namespace Wms.Routing.PickPaths.Tests.Support;

/// <summary>
/// An independent oracle: the aisle graph built explicitly (cross-aisle intersections, pick points,
/// edges along centre lines) and solved by Floyd-Warshall, sharing no code with the library.
/// </summary>
internal sealed class ReferenceGraph
{
    private readonly double[,] _dist;
    private readonly int[] _pickNode;

    public ReferenceGraph(WarehouseLayout layout, IReadOnlyList<PickLocation> picks)
    {
        var aisles = layout.AisleCount;
        var blocks = layout.BlockCount;
        var w = layout.CrossAisleWidth;
        var crossY = new double[blocks + 1];
        for (var c = 1; c <= blocks; c++)
        {
            crossY[c] = crossY[c - 1] + layout.BlockLengths[c - 1] + w;
        }

        // Node ids: intersection (a, c) = a * (blocks + 1) + c, then one node per pick, then the depot.
        var count = (aisles * (blocks + 1)) + picks.Count + 1;
        _dist = new double[count, count];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < count; j++)
            {
                _dist[i, j] = i == j ? 0 : double.PositiveInfinity;
            }
        }

        int Cross(int a, int c) => (a * (blocks + 1)) + c;
        void Edge(int u, int v, double d)
        {
            _dist[u, v] = Math.Min(_dist[u, v], d);
            _dist[v, u] = Math.Min(_dist[v, u], d);
        }

        for (var c = 0; c <= blocks; c++)
        {
            for (var a = 0; a + 1 < aisles; a++)
            {
                Edge(Cross(a, c), Cross(a + 1, c), layout.AisleSpacing);
            }
        }

        _pickNode = new int[picks.Count];
        var onSegment = new List<(double Y, int Node)>[aisles, blocks];
        for (var a = 0; a < aisles; a++)
        {
            for (var b = 0; b < blocks; b++)
            {
                onSegment[a, b] = [(crossY[b], Cross(a, b)), (crossY[b + 1], Cross(a, b + 1))];
            }
        }

        for (var i = 0; i < picks.Count; i++)
        {
            var y = picks[i].Position + (w / 2);
            var b = 0;
            while (y > crossY[b + 1])
            {
                b++;
            }

            _pickNode[i] = (aisles * (blocks + 1)) + i;
            onSegment[picks[i].Aisle, b].Add((y, _pickNode[i]));
        }

        foreach (var segment in onSegment)
        {
            segment.Sort((x, z) => x.Y.CompareTo(z.Y));
            for (var k = 1; k < segment.Count; k++)
            {
                Edge(segment[k - 1].Node, segment[k].Node, segment[k].Y - segment[k - 1].Y);
            }
        }

        // The depot: a node on its cross aisle, joined to the intersections on either side of it (one at a
        // corner); standing at an intersection it is joined to it by a zero-length edge.
        Depot = count - 1;
        var side = layout.DepotSide == CrossAisleSide.Front ? 0 : blocks;
        var x = layout.DepotOffset;
        for (var a = 0; a < aisles; a++)
        {
            var ax = a * layout.AisleSpacing;
            var leftNeighbour = ax <= x && (a == aisles - 1 || (a + 1) * layout.AisleSpacing > x);
            var rightNeighbour = ax >= x && (a == 0 || (a - 1) * layout.AisleSpacing < x);
            if (leftNeighbour || rightNeighbour)
            {
                Edge(Depot, Cross(a, side), Math.Abs(ax - x));
            }
        }

        for (var k = 0; k < count; k++)
        {
            for (var i = 0; i < count; i++)
            {
                for (var j = 0; j < count; j++)
                {
                    if (_dist[i, k] + _dist[k, j] < _dist[i, j])
                    {
                        _dist[i, j] = _dist[i, k] + _dist[k, j];
                    }
                }
            }
        }
    }

    public int Depot { get; }

    public double PickToPick(int i, int j) => _dist[_pickNode[i], _pickNode[j]];

    public double DepotToPick(int i) => _dist[Depot, _pickNode[i]];

    public double TourLength(IReadOnlyList<int> sequence)
    {
        if (sequence.Count == 0)
        {
            return 0;
        }

        var total = DepotToPick(sequence[0]) + DepotToPick(sequence[^1]);
        for (var k = 1; k < sequence.Count; k++)
        {
            total += PickToPick(sequence[k - 1], sequence[k]);
        }

        return total;
    }

    /// <summary>Shortest tour by trying every visiting order (Heap's algorithm); keep n small.</summary>
    public double BruteForceOptimum(int pickCount)
    {
        var order = Enumerable.Range(0, pickCount).ToArray();
        var best = TourLength(order);
        var c = new int[pickCount];
        var i = 1;
        while (i < pickCount)
        {
            if (c[i] < i)
            {
                var swap = i % 2 == 0 ? 0 : c[i];
                (order[swap], order[i]) = (order[i], order[swap]);
                best = Math.Min(best, TourLength(order));
                c[i]++;
                i = 1;
            }
            else
            {
                c[i] = 0;
                i++;
            }
        }

        return best;
    }
}
