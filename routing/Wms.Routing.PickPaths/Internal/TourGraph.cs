namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// Turns a tour subgraph (every vertex of even degree, connected) into a visiting order: walk an Euler
/// circuit from the depot and keep each pick location the first time it is reached. Skipping repeats can
/// only shorten the walk under shortest-path distances, and the subgraph is already shortest, so the
/// order's length equals the subgraph's.
/// </summary>
internal static class TourGraph
{
    /// <summary>
    /// Single block: <paramref name="across"/> holds the (front, back) edge copies from aisle j to j + 1.
    /// </summary>
    public static int[] VisitingOrder(PickInstance instance, AisleColumn[] columns,
        VerticalConfig[] vertical, (int Front, int Back)[] across, DepotCase depot) =>
        VisitingOrder(instance, [columns], [.. vertical.Select(v => new[] { v })],
            [.. across.Select(a => new[] { a.Front, a.Back })], depot);

    /// <summary>
    /// Any number of blocks: <paramref name="vertical"/>[j][b] is how aisle j is used in block b and
    /// <paramref name="across"/>[j][c] the copies of cross aisle c's edge from aisle j to j + 1.
    /// </summary>
    /// <remarks>
    /// A depot between two aisles becomes a vertex of its own on the forced cross-aisle edge (each copy of
    /// the edge is split there), so that the circuit starts at the depot itself.
    /// </remarks>
    public static int[] VisitingOrder(PickInstance instance, AisleColumn[][] columnsByBlock,
        VerticalConfig[][] vertical, int[][] across, DepotCase depot)
    {
        var n = instance.Layout.AisleCount;
        var blocks = columnsByBlock.Length;
        var crossAisles = blocks + 1;
        var firstLocation = n * crossAisles;
        var depotVertex = firstLocation + instance.Points.Length;
        var vertexCount = depotVertex + 1;
        var edges = new List<(int U, int V)>();

        for (var j = 0; j < n; j++)
        {
            for (var b = 0; b < blocks; b++)
            {
                // Chain: front end of the block's aisle, picks front to back, back end.
                var c = columnsByBlock[b][j];
                var chain = new int[c.Count + 2];
                chain[0] = (j * crossAisles) + b;
                for (var i = 0; i < c.Count; i++)
                {
                    chain[i + 1] = firstLocation + c.Nodes[i] - 1;
                }

                chain[^1] = (j * crossAisles) + b + 1;
                var config = vertical[j][b];
                var (from, to, copies) = config switch
                {
                    VerticalConfig.Traverse => (0, chain.Length - 1, 1),
                    VerticalConfig.DoubleTraverse => (0, chain.Length - 1, 2),
                    VerticalConfig.FromBack => (1, chain.Length - 1, 2),
                    VerticalConfig.FromFront => (0, chain.Length - 2, 2),
                    VerticalConfig.LargestGap => (0, c.GapAfter + 1, 2),
                    _ => (0, 0, 0),
                };
                AddChain(edges, chain, from, to, copies);
                if (config == VerticalConfig.LargestGap)
                {
                    AddChain(edges, chain, c.GapAfter + 2, chain.Length - 1, 2);
                }
            }

            if (j + 1 < n)
            {
                for (var c = 0; c < crossAisles; c++)
                {
                    for (var k = 0; k < across[j][c]; k++)
                    {
                        if (depot.Forces(j, c))
                        {
                            edges.Add(((j * crossAisles) + c, depotVertex));
                            edges.Add((depotVertex, ((j + 1) * crossAisles) + c));
                        }
                        else
                        {
                            edges.Add(((j * crossAisles) + c, ((j + 1) * crossAisles) + c));
                        }
                    }
                }
            }
        }

        var start = depot.ThroughGap ? depotVertex : (depot.Aisle * crossAisles) + depot.CrossAisle;
        return EulerFirstVisits(vertexCount, edges, start, firstLocation);
    }

    private static void AddChain(List<(int U, int V)> edges, int[] chain, int from, int to, int copies)
    {
        for (var i = from; i < to; i++)
        {
            for (var k = 0; k < copies; k++)
            {
                edges.Add((chain[i], chain[i + 1]));
            }
        }
    }

    /// <summary>Hierholzer's algorithm; returns location nodes (1-based) in order of first visit.</summary>
    private static int[] EulerFirstVisits(int vertexCount, List<(int U, int V)> edges, int start, int firstLocationVertex)
    {
        var adjacency = new List<int>[vertexCount];
        for (var v = 0; v < vertexCount; v++)
        {
            adjacency[v] = [];
        }

        for (var e = 0; e < edges.Count; e++)
        {
            adjacency[edges[e].U].Add(e);
            adjacency[edges[e].V].Add(e);
        }

        var used = new bool[edges.Count];
        var next = new int[vertexCount];
        var stack = new Stack<int>();
        var circuit = new List<int>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            var v = stack.Peek();
            var list = adjacency[v];
            while (next[v] < list.Count && used[list[next[v]]])
            {
                next[v]++;
            }

            if (next[v] == list.Count)
            {
                circuit.Add(stack.Pop());
                continue;
            }

            var e = list[next[v]];
            used[e] = true;
            stack.Push(edges[e].U == v ? edges[e].V : edges[e].U);
        }

        var seen = new bool[vertexCount];
        var order = new List<int>();
        foreach (var v in circuit)
        {
            if (v >= firstLocationVertex && v < vertexCount - 1 && !seen[v])
            {
                seen[v] = true;
                order.Add(v - firstLocationVertex + 1);
            }
        }

        return [.. order];
    }
}
