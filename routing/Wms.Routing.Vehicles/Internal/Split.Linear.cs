namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// The split in O(n) per layer (Vidal 2016, "Split algorithm in O(n) for the capacitated vehicle routing problem"),
/// as HGS-CVRP splits when no time limits apply: identical vehicles, route cost = distance + the load penalties, and no
/// cap on a route's load. A capped split turns away the heavily overloaded routes the adaptive penalty is meant to price,
/// so its offspring are less overloaded and the penalty settles lower than HGS-CVRP's.
/// Positions are 1-based as in the paper: tour[p - 1] is the p-th stop; potential 0 is the depot before the first.
/// </summary>
internal sealed partial class Split
{
    private const double Epsilon = 1e-5;

    private readonly bool _linear = instance.Homogeneous && !instance.HasTime;
    private readonly double[] _sumW = new double[instance.N + 1];
    private readonly double[] _sumV = new double[instance.N + 1];
    private readonly double[] _sumD = new double[instance.N + 2];
    private readonly double[] _fromDepot = new double[instance.N + 2];
    private readonly double[] _toDepot = new double[instance.N + 1];
    private readonly int[] _queue = new int[instance.N + 2];
    private double _perWeight;
    private double _perVolume;

    private int[][] RunLinear(int[] tour, Penalties pen, int limit)
    {
        Prefix(tour, pen);
        int n = tour.Length;
        _pot[0] = 0;
        LinearLayer(0, 0, 0, n);
        int count = 0;
        for (int end = n; end > 0; end = _pred[end])
        {
            count++;
        }

        if (count <= limit)
        {
            return LinearRoutes(tour, count, 0);
        }

        // Too many routes for the limit: layer k + 1 holds the splits into k + 1 routes, and the cheapest count wins.
        int w = n + 1;
        limit = Math.Min(limit, n);
        Array.Fill(_pot, double.MaxValue, 1, n);
        for (int k = 0; k < limit; k++)
        {
            LinearLayer(k * w, (k + 1) * w, k, n);
        }

        int best = limit;
        for (int k = 1; k < limit; k++)
        {
            if (_pot[(k * w) + n] < _pot[(best * w) + n])
            {
                best = k;
            }
        }

        return LinearRoutes(tour, best, w);
    }

    /// <summary>The routes back from the end along the predecessors, layer <paramref name="count"/> down, on vehicles 0..count-1.</summary>
    private int[][] LinearRoutes(int[] tour, int count, int layerWidth)
    {
        var routes = new int[instance.K][];
        for (int r = count; r < instance.K; r++)
        {
            routes[r] = [];
        }

        int end = tour.Length;
        for (int layer = count; layer > 0; layer--)
        {
            int from = _pred[(layer * layerWidth) + end];
            routes[layer - 1] = tour[from..end];
            end = from;
        }

        return routes;
    }

    /// <summary>Prefix sums of load and distance along the tour, and each stop's arcs from and to the depot, priced.</summary>
    private void Prefix(int[] tour, Penalties pen)
    {
        var inst = instance;
        int depot = inst.DepotNode[0];
        double cpk = inst.Cpk[0];
        _perWeight = pen.Weight;
        _perVolume = inst.HasVolume ? pen.Volume : 0;
        for (int p = 1; p <= tour.Length; p++)
        {
            int u = tour[p - 1];
            _sumW[p] = _sumW[p - 1] + inst.Weight[u];
            _sumV[p] = _sumV[p - 1] + inst.Volume[u];
            _fromDepot[p] = cpk * inst.D(depot, u);
            _toDepot[p] = cpk * inst.D(u, depot);
            _sumD[p] = p == 1 ? 0 : _sumD[p - 1] + (cpk * inst.D(tour[p - 2], u));
        }
    }

    /// <summary>
    /// Potentials at offset <paramref name="to"/> for the positions after <paramref name="first"/>, from those at offset
    /// <paramref name="from"/>: each position takes the predecessor at the front of a queue of the predecessors no later
    /// one dominates. The unlimited split reads and writes one layer (both offsets 0).
    /// </summary>
    private void LinearLayer(int from, int to, int first, int n)
    {
        int head = 0;
        int tail = 0;
        _queue[0] = first;
        for (int i = first + 1; i <= n; i++)
        {
            _pot[to + i] = Propagate(from, _queue[head], i);
            _pred[to + i] = _queue[head];
            if (i == n)
            {
                break;
            }

            if (!Dominates(from, _queue[tail], i))
            {
                while (tail >= head && DominatesRight(from, _queue[tail], i))
                {
                    tail--;
                }

                _queue[++tail] = i;
            }

            while (tail > head && Propagate(from, _queue[head], i + 1) > Propagate(from, _queue[head + 1], i + 1) - Epsilon)
            {
                head++;
            }
        }
    }

    /// <summary>Cost of reaching position j with a route that starts after position i.</summary>
    private double Propagate(int from, int i, int j) =>
        _pot[from + i] + _sumD[j] - _sumD[i + 1] + _fromDepot[i + 1] + _toDepot[j] + instance.Fixed[0]
        + (_perWeight * Math.Max(0, _sumW[j] - _sumW[i] - instance.CapW[0]))
        + (_perVolume * Math.Max(0, _sumV[j] - _sumV[i] - instance.CapV[0]));

    /// <summary>Whether i (before j) is a better predecessor than j for every position after j.</summary>
    private bool Dominates(int from, int i, int j) =>
        _pot[from + j] + _fromDepot[j + 1] > _pot[from + i] + _fromDepot[i + 1] + _sumD[j + 1] - _sumD[i + 1]
            + (_perWeight * (_sumW[j] - _sumW[i])) + (_perVolume * (_sumV[j] - _sumV[i]));

    /// <summary>Whether j (after i) is a better predecessor than i for every position after j.</summary>
    private bool DominatesRight(int from, int i, int j) =>
        _pot[from + j] + _fromDepot[j + 1] < _pot[from + i] + _fromDepot[i + 1] + _sumD[j + 1] - _sumD[i + 1] + Epsilon;
}
