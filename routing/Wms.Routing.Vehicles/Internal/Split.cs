namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Optimal split of a giant tour into routes for the fleet taken in vehicle order (Prins 2004, Vidal
/// 2016): a shortest path over layers, one layer per vehicle, where a vehicle may also be left unused.
/// Route costs are penalised like the local search's, so overloaded routes are allowed up to 1.5× capacity.
/// </summary>
internal sealed class Split(Instance instance)
{
    private readonly double[] _pot = new double[(instance.K + 1) * (instance.N + 1)];
    private readonly int[] _pred = new int[(instance.K + 1) * (instance.N + 1)];
    private readonly double[] _cost = new double[instance.N];

    // Routes the load needs at least (the bin-packing bound), with identical vehicles.
    private readonly int _fewestRoutes = instance.Homogeneous && instance.K > 0 ? FewestRoutes(instance) : 0;

    /// <summary>
    /// Splits the tour over vehicles 0..active-1; the other vehicles get empty routes. With identical
    /// vehicles at most <paramref name="maxRoutes"/> routes (never fewer than the load needs), as HGS-CVRP
    /// splits a child into at most as many routes as its first parent has, so the fleet does not creep up.
    /// </summary>
    public int[][] Run(int[] tour, Penalties pen, int active, int maxRoutes = int.MaxValue)
    {
        // With identical vehicles the fleet limit rarely binds: the one-layer split is K times cheaper.
        int limit = instance.Homogeneous ? Math.Min(active, Math.Max(maxRoutes, _fewestRoutes)) : active;
        if (instance.Homogeneous && TryUnlimited(tour, pen, limit) is { } routes)
        {
            return routes;
        }

        return RunLayered(tour, pen, limit);
    }

    private static int FewestRoutes(Instance inst)
    {
        double w = 0;
        double v = 0;
        for (int i = 1; i < inst.Nodes; i++)
        {
            w += inst.Weight[i];
            v += inst.Volume[i];
        }

        double routes = Math.Max(inst.CapW[0] > 0 ? w / inst.CapW[0] : 0, inst.CapV[0] > 0 ? v / inst.CapV[0] : 0);
        return (int)Math.Min(Math.Ceiling(routes - 1e-9), inst.K);
    }

    private int[][]? TryUnlimited(int[] tour, Penalties pen, int active)
    {
        int n = tour.Length;
        Array.Fill(_pot, double.MaxValue, 0, n + 1);
        _pot[0] = 0;
        for (int i = 0; i < n; i++)
        {
            if (_pot[i] != double.MaxValue)
            {
                Extend(tour, pen, 0, i, _pot[i], 0);
            }
        }

        int count = 0;
        for (int end = n; end > 0; end = _pred[end])
        {
            count++;
        }

        if (count > active)
        {
            return null;
        }

        var routes = new int[instance.K][];
        int r = count - 1;
        for (int end = n; end > 0; end = _pred[end])
        {
            routes[r--] = tour[_pred[end]..end];
        }

        for (int k = count; k < instance.K; k++)
        {
            routes[k] = [];
        }

        return routes;
    }

    /// <summary>Relaxes every route tour[i..j] for vehicle <paramref name="layer"/> into the potentials at offset <paramref name="next"/>.</summary>
    private void Extend(int[] tour, Penalties pen, int layer, int i, double start, int next) =>
        RelaxRoutes(i, start, RouteCosts(tour, pen, layer, i), next);

    /// <summary>Relaxes the <paramref name="count"/> routes tour[i..j] priced in <see cref="_cost"/> from potential <paramref name="start"/>.</summary>
    private void RelaxRoutes(int i, double start, int count, int next)
    {
        for (int j = i; j < i + count; j++)
        {
            double cost = start + _cost[j];
            if (cost < _pot[next + j + 1])
            {
                _pot[next + j + 1] = cost;
                _pred[next + j + 1] = i;
            }
        }
    }

    /// <summary>The next layer's potential i when this layer's vehicle is left unused.</summary>
    private void LeaveUnused(int i, double start, int next)
    {
        if (start < _pot[next + i])
        {
            _pot[next + i] = start;
            _pred[next + i] = -1;
        }
    }

    /// <summary>
    /// Penalised cost of route tour[i..j] on vehicle <paramref name="layer"/> into <see cref="_cost"/>[j], for j from i
    /// until the load passes 1.5× capacity; returns how many.
    /// </summary>
    private int RouteCosts(int[] tour, Penalties pen, int layer, int i)
    {
        var inst = instance;
        int n = tour.Length;
        double capW = inst.CapW[layer] * 1.5;
        double capV = inst.CapV[layer] * 1.5;
        double dist = 0;
        double load = 0;
        double vol = 0;
        var seg = inst.DepotSegments[layer];
        int depot = inst.DepotNode[layer];
        int last = depot;
        int foreign = 0;
        var forbidden = inst.Forbidden;
        int j = i;
        for (; j < n; j++)
        {
            int u = tour[j];
            if (forbidden is not null && forbidden[(u * inst.K) + layer])
            {
                foreign++;
            }

            dist += inst.D(last, u);
            load += inst.Weight[u];
            vol += inst.Volume[u];
            if (j > i && (load > capW || vol > capV))
            {
                break;
            }

            double cost = (inst.Cpk[layer] * (dist + inst.D(u, depot))) + inst.Fixed[layer]
                + (pen.Weight * Math.Max(0, load - inst.CapW[layer])) + (pen.Volume * Math.Max(0, vol - inst.CapV[layer])) + (foreign > 0 ? inst.ForbiddenPenalty * foreign : 0);
            if (inst.HasTime)
            {
                seg = TimeSegment.Merge(seg, inst.NodeSegments[u], inst.T(last, u));
                var full = TimeSegment.Merge(seg, inst.DepotSegments[layer], inst.T(u, depot));
                cost += pen.Time * inst.TimeExcess(full, layer);
            }

            last = u;
            _cost[j] = cost;
        }

        return j - i;
    }

    /// <summary>
    /// The layered split with identical vehicles: a route tour[i..j] costs the same on every vehicle, so its
    /// cost is computed once for all layers (i outer, layers inner). Every potential of layer l + 1 is fed from
    /// layer l only, in increasing i, so each potential sees its candidates in the same order as layer by layer:
    /// the same split, K times fewer route costs.
    /// </summary>
    private void RelaxIdentical(int[] tour, Penalties pen, int k)
    {
        int n = tour.Length;
        int w = n + 1;
        for (int i = 0; i <= n; i++)
        {
            int count = i < n ? RouteCosts(tour, pen, 0, i) : 0;
            for (int layer = 0; layer < k; layer++)
            {
                double start = _pot[(layer * w) + i];
                if (start == double.MaxValue)
                {
                    continue;
                }

                int next = (layer + 1) * w;
                LeaveUnused(i, start, next);
                RelaxRoutes(i, start, count, next);
            }
        }
    }

    private int[][] RunLayered(int[] tour, Penalties pen, int active)
    {
        var inst = instance;
        int n = tour.Length;
        int k = active;
        int w = n + 1;
        Array.Fill(_pot, double.MaxValue, 0, (k + 1) * w);
        _pot[0] = 0;
        if (instance.Homogeneous)
        {
            RelaxIdentical(tour, pen, k);
        }
        else
        {
            for (int layer = 0; layer < k; layer++)
            {
                int baseIdx = layer * w;
                int nextIdx = (layer + 1) * w;
                for (int i = 0; i <= n; i++)
                {
                    double start = _pot[baseIdx + i];
                    if (start == double.MaxValue)
                    {
                        continue;
                    }

                    LeaveUnused(i, start, nextIdx);
                    Extend(tour, pen, layer, i, start, nextIdx);
                }
            }
        }

        var routes = new int[inst.K][];
        for (int r = k; r < inst.K; r++)
        {
            routes[r] = [];
        }

        if (_pot[(k * w) + n] == double.MaxValue)
        {
            return Fallback(tour, k, inst.K);
        }

        int end = n;
        for (int layer = k; layer > 0; layer--)
        {
            int from = _pred[(layer * w) + end];
            if (from < 0)
            {
                routes[layer - 1] = [];
                continue;
            }

            routes[layer - 1] = tour[from..end];
            end = from;
        }

        return end == 0 ? routes : Fallback(tour, k, inst.K);
    }

    // Only reached when the 1.5× capacity window leaves no path (too few vehicles): spread evenly; the
    // local search and the penalties sort it out.
    private static int[][] Fallback(int[] tour, int k, int fleet)
    {
        var routes = new int[fleet][];
        int n = tour.Length;
        for (int r = k; r < fleet; r++)
        {
            routes[r] = [];
        }

        for (int r = 0; r < k; r++)
        {
            int from = (int)((long)n * r / k);
            int to = (int)((long)n * (r + 1) / k);
            routes[r] = tour[from..to];
        }

        return routes;
    }
}
