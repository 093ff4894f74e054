namespace Wms.Routing.Vehicles.Internal;

/// <summary>Moves into empty routes, and dropping or inserting stops against their unserved penalty.</summary>
internal sealed partial class LocalSearch
{
    /// <summary>Moves u (and tails) into one empty route of each vehicle class.</summary>
    private bool TryEmptyRoutes(int u)
    {
        Span<bool> triedClass = _in.K <= 256 ? stackalloc bool[_in.K] : new bool[_in.K];
        for (int r = 0; r < ActiveVehicles; r++)
        {
            if (_len[r] != 0 || triedClass[_in.VehicleClass[r]])
            {
                continue;
            }

            triedClass[_in.VehicleClass[r]] = true;
            int ru = _routeOf[u];
            int pu = _posOf[u];
            double gate = Gate(ru, r);
            if (RelocatesOrSwaps(u, ru, pu, r, 0, gate) || TwoOptStars(ru, pu, r, 0, gate, reversedToo: false))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryRemove(int u)
    {
        int r = _routeOf[u];
        int p = _posOf[u];
        if (_in.SkipPenalty[u] >= RouteFloor(r))
        {
            // A route never costs less than nothing, so dropping u cannot pay.
            return false;
        }

        Begin(_pa, r, p - 1);
        AddSuffix(_pa, r, p + 1);
        if (Price(_pa) - _routeCost[r] + _in.SkipPenalty[u] < -Epsilon)
        {
            Apply(_pa, null);
            _routeOf[u] = -1;
            _posOf[u] = -1;
            return true;
        }

        return false;
    }

    private bool TryInsertUnserved(int u)
    {
        double best = _in.SkipPenalty[u] - Epsilon;
        int bestRoute = -1;
        int bestPos = -1;
        foreach (int v in _neighbours[u])
        {
            if (_routeOf[v] >= 0)
            {
                Consider(_routeOf[v], _posOf[v]);
                Consider(_routeOf[v], _posOf[v] - 1);
            }
        }

        for (int r = 0; r < ActiveVehicles; r++)
        {
            if (_len[r] == 0)
            {
                Consider(r, 0);
            }
        }

        if (bestRoute < 0)
        {
            return false;
        }

        Begin(_pa, bestRoute, bestPos);
        AddNode(_pa, u);
        AddSuffix(_pa, bestRoute, bestPos + 1);
        Price(_pa);
        Apply(_pa, null);
        return true;

        void Consider(int r, int pos)
        {
            Begin(_pa, r, pos);
            AddNode(_pa, u);
            AddSuffix(_pa, r, pos + 1);
            double delta = Price(_pa) - _routeCost[r];
            if (delta < best)
            {
                best = delta;
                bestRoute = r;
                bestPos = pos;
            }
        }
    }
}
