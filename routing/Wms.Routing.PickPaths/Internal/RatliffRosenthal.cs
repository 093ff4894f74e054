namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// Ratliff &amp; Rosenthal (1983): the shortest tour in a single-block warehouse by dynamic programming
/// over partial tour subgraphs, left to right, one aisle at a time. A partial subgraph is summarised by
/// the degree (zero, even, odd) of the two frontier vertices (front and back end of the current aisle),
/// whether they are connected, or that the tour is already closed; only the paper's seven classes are
/// ever reached, but the transitions are derived mechanically here rather than copied from its tables,
/// which keeps them honest for a depot in front of (or behind) any aisle; a depot between two aisles is
/// a tour forced through the cross-aisle edge between them (see <see cref="DepotCase"/>).
/// </summary>
internal static class RatliffRosenthal
{
    private const int Closed = 18;
    private const int StateCount = 19;
    private const int Zero = 0, Even = 1, Odd = 2;

    // Horizontal edge copies (front, back) between neighbouring aisles: the cut must be crossed evenly.
    private static readonly (int Front, int Back)[] Horizontal = [(0, 0), (1, 1), (2, 0), (0, 2), (2, 2)];

    public static int[] Solve(PickInstance instance, DepotCase depot)
    {
        var back = depot.CrossAisle != 0;
        var layout = instance.Layout;
        var aisles = AisleColumn.Build(instance);
        var n = layout.AisleCount;
        var spacing = layout.AisleSpacing;

        // cost[j, s] after aisle j's vertical edges (L_j-), plus[j, s] after the edges to aisle j+1 (L_j+).
        var minus = new double[n * StateCount];
        var plus = new double[n * StateCount];
        var minusFrom = new int[n * StateCount];
        var minusChoice = new int[n * StateCount];
        var plusFrom = new int[n * StateCount];
        var plusChoice = new int[n * StateCount];
        Array.Fill(minus, double.PositiveInfinity);
        Array.Fill(plus, double.PositiveInfinity);
        Span<double> entry = stackalloc double[StateCount];

        for (var j = 0; j < n; j++)
        {
            entry.Fill(double.PositiveInfinity);
            if (j == 0)
            {
                entry[0] = 0;
            }
            else
            {
                plus.AsSpan((j - 1) * StateCount, StateCount).CopyTo(entry);
            }

            var column = aisles[j];
            for (var s = 0; s < StateCount; s++)
            {
                if (double.IsPositiveInfinity(entry[s]))
                {
                    continue;
                }

                for (var v = 0; v < AisleColumn.ConfigCount; v++)
                {
                    var cost = column.Cost((VerticalConfig)v);
                    var next = Vertical(s, (VerticalConfig)v);
                    var total = entry[s] + cost;
                    if (next >= 0 && total < minus[(j * StateCount) + next])
                    {
                        minus[(j * StateCount) + next] = total;
                        minusFrom[(j * StateCount) + next] = s;
                        minusChoice[(j * StateCount) + next] = v;
                    }
                }
            }

            if (j == n - 1)
            {
                break;
            }

            for (var s = 0; s < StateCount; s++)
            {
                var start = minus[(j * StateCount) + s];
                if (double.IsPositiveInfinity(start))
                {
                    continue;
                }

                for (var h = 0; h < Horizontal.Length; h++)
                {
                    if ((depot.Forces(j, 0) && Horizontal[h].Front == 0) || (depot.Forces(j, 1) && Horizontal[h].Back == 0))
                    {
                        continue;
                    }

                    var next = Across(s, Horizontal[h], depot.IsVertexAt(j), back);
                    var total = start + ((Horizontal[h].Front + Horizontal[h].Back) * spacing);
                    if (next >= 0 && total < plus[(j * StateCount) + next])
                    {
                        plus[(j * StateCount) + next] = total;
                        plusFrom[(j * StateCount) + next] = s;
                        plusChoice[(j * StateCount) + next] = h;
                    }
                }
            }
        }

        var last = n - 1;
        var best = -1;
        for (var s = 0; s < StateCount; s++)
        {
            var cost = minus[(last * StateCount) + s];
            if (IsFinal(s, depot.IsVertexAt(last), back) && (best < 0 || cost < minus[(last * StateCount) + best]))
            {
                best = s;
            }
        }

        if (best < 0 || double.IsPositiveInfinity(minus[(last * StateCount) + best]))
        {
            throw new InvalidOperationException("Internal error: no tour subgraph found.");
        }

        // Walk the choices back into edge configurations, then into a visiting order.
        var vertical = new VerticalConfig[n];
        var across = new (int Front, int Back)[n];
        var state = best;
        for (var j = last; j >= 0; j--)
        {
            vertical[j] = (VerticalConfig)minusChoice[(j * StateCount) + state];
            state = minusFrom[(j * StateCount) + state];
            if (j > 0)
            {
                across[j - 1] = Horizontal[plusChoice[((j - 1) * StateCount) + state]];
                state = plusFrom[((j - 1) * StateCount) + state];
            }
        }

        return TourGraph.VisitingOrder(instance, aisles, vertical, across, depot);
    }

    private static int Encode(int front, int back, bool connected) =>
        front + (3 * back) + (front != Zero && back != Zero && connected ? 9 : 0);

    private static int AddEdges(int degree, int copies) =>
        copies == 0 ? degree : (((degree == Odd ? 1 : 0) + copies) % 2 == 1 ? Odd : Even);

    private static int Vertical(int state, VerticalConfig config)
    {
        if (state == Closed)
        {
            return config == VerticalConfig.None ? Closed : -1;
        }

        var front = state % 3;
        var back = state / 3 % 3;
        var connected = state >= 9;
        return config switch
        {
            VerticalConfig.None => state,
            VerticalConfig.Traverse => Encode(AddEdges(front, 1), AddEdges(back, 1), true),
            VerticalConfig.DoubleTraverse => Encode(AddEdges(front, 2), AddEdges(back, 2), true),
            VerticalConfig.FromBack => Encode(front, AddEdges(back, 2), connected),
            VerticalConfig.FromFront => Encode(AddEdges(front, 2), back, connected),
            VerticalConfig.LargestGap => Encode(AddEdges(front, 2), AddEdges(back, 2), connected),
            _ => -1,
        };
    }

    /// <param name="back">The depot vertex is the back end of the aisle (a depot on the back cross aisle).</param>
    private static int Across(int state, (int Front, int Back) edges, bool leavingDepot, bool back)
    {
        if (state == Closed)
        {
            return edges == (0, 0) && !leavingDepot ? Closed : -1;
        }

        var oldFront = AddEdges(state % 3, edges.Front);
        var oldBack = AddEdges(state / 3 % 3, edges.Back);
        if (oldFront == Odd || oldBack == Odd || (leavingDepot && (back ? oldBack : oldFront) == Zero))
        {
            return -1;
        }

        // Components over {old front, old back, new front, new back}: each must reach the new frontier,
        // unless it is the only one, in which case the tour is complete.
        var oldConnected = state >= 9;
        var frontChain = edges.Front > 0;
        var backChain = edges.Back > 0;
        var newConnected = frontChain && backChain && oldConnected;
        var frontStranded = oldFront != Zero && !frontChain && !(oldConnected && backChain);
        var backStranded = oldBack != Zero && !backChain && !(oldConnected && frontChain);
        if (frontStranded || backStranded)
        {
            var onlyOne = !frontChain && !backChain && (oldConnected || oldFront == Zero || oldBack == Zero);
            return onlyOne ? Closed : -1;
        }

        var newFront = edges.Front == 0 ? Zero : (edges.Front == 1 ? Odd : Even);
        var newBack = edges.Back == 0 ? Zero : (edges.Back == 1 ? Odd : Even);
        return Encode(newFront, newBack, newConnected);
    }

    private static bool IsFinal(int state, bool atDepot, bool depotAtBack)
    {
        if (state == Closed)
        {
            return !atDepot;
        }

        var front = state % 3;
        var back = state / 3 % 3;
        return front != Odd && back != Odd && (front != Zero || back != Zero)
            && (front == Zero || back == Zero || state >= 9) && (!atDepot || (depotAtBack ? back : front) != Zero);
    }
}
