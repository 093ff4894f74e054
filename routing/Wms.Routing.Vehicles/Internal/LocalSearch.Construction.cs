namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Construction heuristic: stops taken hardest first (earliest due time, or farthest from the depot),
/// each put at its cheapest position that keeps every constraint; a stop with no such position is left
/// out. The result is feasible by construction and is the plan returned if the search gets no time.
/// </summary>
internal sealed partial class LocalSearch
{
    public Individual Construct()
    {
        Load([], new Penalties(_in.BigM, _in.BigM, _in.BigM));
        var order = Enumerable.Range(1, _in.N).ToArray();
        var keys = new double[_in.N];
        for (int i = 0; i < order.Length; i++)
        {
            int u = order[i];
            keys[i] = _in.HasTime && _in.Due[u] < Instance.Horizon ? _in.Due[u] : -D(0, u);
        }

        Array.Sort(keys, order);
        Span<bool> triedClass = _in.K <= 256 ? stackalloc bool[_in.K] : new bool[_in.K];
        foreach (int u in order)
        {
            double best = double.MaxValue;
            int bestRoute = -1;
            int bestPos = -1;
            triedClass.Clear();
            for (int r = 0; r < _in.K; r++)
            {
                if (_len[r] == 0)
                {
                    if (triedClass[_in.VehicleClass[r]])
                    {
                        continue;
                    }

                    triedClass[_in.VehicleClass[r]] = true;
                }

                for (int pos = 0; pos <= _len[r]; pos++)
                {
                    Begin(_pa, r, pos);
                    AddNode(_pa, u);
                    AddSuffix(_pa, r, pos + 1);
                    double delta = Price(_pa) - _routeCost[r];
                    if (delta < best && IsFeasible(_pa))
                    {
                        best = delta;
                        bestRoute = r;
                        bestPos = pos;
                    }
                }
            }

            if (bestRoute >= 0)
            {
                Begin(_pa, bestRoute, bestPos);
                AddNode(_pa, u);
                AddSuffix(_pa, bestRoute, bestPos + 1);
                Apply(_pa, null);
            }
        }

        return Export();
    }
}
