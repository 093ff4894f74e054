namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// The Ratliff &amp; Rosenthal programme generalised to several blocks (as Roodbergen &amp; de Koster did
/// for two, and Pansart, Catusse &amp; Cambazard for any number): sweep the aisles left to right; in each
/// aisle every block segment takes one of the six vertical configurations, and each cross aisle's edge
/// to the next aisle is used 0, 1 or 2 times. A partial tour is summarised by the degree class of the
/// frontier vertices (one per cross aisle) and which of them are already connected. Exact, linear in the
/// aisles, exponential in the blocks.
/// </summary>
internal sealed class MultiBlockDp
{
    /// <summary>Beyond this the frontier states grow too many to be worth it; Held-Karp or search instead.</summary>
    public const int MaxBlocks = 4;

    private readonly PickInstance _instance;
    private readonly int _k;
    private readonly FrontierRules _rules;

    private readonly DepotCase _depot;

    private MultiBlockDp(PickInstance instance, DepotCase depot)
    {
        _instance = instance;
        _depot = depot;
        _k = instance.Layout.BlockCount + 1;
        _rules = FrontierRules.ForCurrentThread(_k);
    }

    /// <summary>Shortest visiting order, or null when stopped before it finished.</summary>
    public static int[]? Solve(PickInstance instance, DepotCase depot, Func<bool> shouldStop) => new MultiBlockDp(instance, depot).Run(shouldStop);

    private int[]? Run(Func<bool> shouldStop)
    {
        var layout = _instance.Layout;
        var n = layout.AisleCount;
        var blocks = _k - 1;
        var columns = Enumerable.Range(0, blocks).Select(b => AisleColumn.Build(_instance, b)).ToArray();
        var segments = new Stage[n][];
        var plus = new Stage[n];
        var entry = new Stage();
        entry.Relax(FrontierRules.Empty, 0, -1, 0);
        var costs = new double[AisleColumn.ConfigCount];

        for (var j = 0; j < n; j++)
        {
            if (shouldStop())
            {
                return null;
            }

            // One block segment at a time: states x 6 per block rather than states x 6^blocks.
            var stage = j == 0 ? entry : plus[j - 1];
            segments[j] = new Stage[blocks];
            for (var b = 0; b < blocks; b++)
            {
                var from = stage;
                stage = segments[j][b] = new Stage();
                for (var v = 0; v < costs.Length; v++)
                {
                    costs[v] = columns[b][j].Cost((VerticalConfig)v);
                }

                for (var i = 0; i < from.Count; i++)
                {
                    var next = _rules.Vertical(from.States[i], b);
                    for (var v = 0; v < costs.Length; v++)
                    {
                        if (next[v] != FrontierRules.Invalid && double.IsFinite(costs[v]))
                        {
                            stage.Relax(next[v], from.Costs[i] + costs[v], i, v);
                        }
                    }
                }
            }

            if (j == n - 1)
            {
                break;
            }

            var across = plus[j] = new Stage();
            for (var i = 0; i < stage.Count; i++)
            {
                foreach (var choice in _rules.Across(stage.States[i], _depot.IsVertexAt(j) ? _depot.CrossAisle : -1))
                {
                    if (_depot.Forces(j, _depot.CrossAisle) && CopiesOn(choice.Code, _depot.CrossAisle) == 0)
                    {
                        continue;
                    }

                    across.Relax(choice.Next, stage.Costs[i] + (choice.EdgeCount * layout.AisleSpacing), i, choice.Code);
                }
            }
        }

        var last = segments[n - 1][blocks - 1];
        var best = -1;
        for (var i = 0; i < last.Count; i++)
        {
            if (_rules.IsFinal(last.States[i], _depot.IsVertexAt(n - 1) ? _depot.CrossAisle : -1) && (best < 0 || last.Costs[i] < last.Costs[best]))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException("Internal error: no tour subgraph found.");
        }

        var vertical = new VerticalConfig[n][];
        var acrossCopies = new int[n][];
        var index = best;
        for (var j = n - 1; j >= 0; j--)
        {
            vertical[j] = new VerticalConfig[blocks];
            for (var b = blocks - 1; b >= 0; b--)
            {
                vertical[j][b] = (VerticalConfig)segments[j][b].Choices[index];
                index = segments[j][b].From[index];
            }

            if (j > 0)
            {
                acrossCopies[j - 1] = new int[_k];
                var code = plus[j - 1].Choices[index];
                for (var c = 0; c < _k; c++, code /= 3)
                {
                    acrossCopies[j - 1][c] = code % 3;
                }

                index = plus[j - 1].From[index];
            }
        }

        return TourGraph.VisitingOrder(_instance, columns, vertical, acrossCopies, _depot);
    }

    /// <summary>Copies of cross aisle <paramref name="crossAisle"/>'s edge in an across choice (base 3, cross aisle 0 lowest).</summary>
    private static int CopiesOn(int code, int crossAisle)
    {
        for (var c = 0; c < crossAisle; c++)
        {
            code /= 3;
        }

        return code % 3;
    }

    /// <summary>The best partial tour per frontier state after one step, with a back pointer.</summary>
    private sealed class Stage
    {
        private readonly Dictionary<int, int> _index = [];

        public List<int> States { get; } = [];

        public List<double> Costs { get; } = [];

        public List<int> From { get; } = [];

        public List<int> Choices { get; } = [];

        public int Count => States.Count;

        public void Relax(int state, double cost, int from, int choice)
        {
            if (!_index.TryGetValue(state, out var i))
            {
                _index.Add(state, States.Count);
                States.Add(state);
                Costs.Add(cost);
                From.Add(from);
                Choices.Add(choice);
            }
            else if (cost < Costs[i])
            {
                Costs[i] = cost;
                From[i] = from;
                Choices[i] = choice;
            }
        }
    }
}
