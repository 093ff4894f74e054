namespace Wms.Routing.Vehicles.Internal;

/// <summary>The classical granular moves of HGS-CVRP (relocate, swap, 2-opt, 2-opt*) plus insert/remove of optional stops.</summary>
internal sealed partial class LocalSearch
{
    /// <summary>Tries the moves between stop u and position pv of route rv (pv = 0 is the depot); applies the first improving one.</summary>
    private bool TryMovesWith(int u, int rv, int pv)
    {
        int ru = _routeOf[u];
        int pu = _posOf[u];
        if (ru == rv)
        {
            return pu != pv && (IntraRelocate(ru, pu, pv, 1, false) || IntraRelocate(ru, pu, pv, 2, false)
                || IntraRelocate(ru, pu, pv, 2, true) || IntraSwap(ru, pu, pv) || TwoOpt(ru, pu, pv));
        }

        return Relocate(ru, pu, rv, pv, 1, false) || Relocate(ru, pu, rv, pv, 2, false) || Relocate(ru, pu, rv, pv, 2, true)
            || Swap(ru, pu, rv, pv, 1, 1) || Swap(ru, pu, rv, pv, 2, 1) || Swap(ru, pu, rv, pv, 2, 2)
            || TwoOptStar(ru, pu, rv, pv) || TwoOptStarReversed(ru, pu, rv, pv);
    }

    private bool Accept(double delta, Proposal a, Proposal? b)
    {
        if (delta < -Epsilon)
        {
            Apply(a, b);
            return true;
        }

        return false;
    }

    private double Delta2(int ru, int rv) => Price(_pa) + Price(_pb) - _routeCost[ru] - _routeCost[rv];

    /// <summary>Moves the string of <paramref name="count"/> stops starting at u after position pv of another route.</summary>
    private bool Relocate(int ru, int pu, int rv, int pv, int count, bool reversed)
    {
        if (pu + count - 1 > _len[ru])
        {
            return false;
        }

        Begin(_pa, ru, pu - 1);
        AddSuffix(_pa, ru, pu + count);
        Begin(_pb, rv, pv);
        if (reversed)
        {
            AddReversed(_pb, ru, pu, pu + count - 1);
        }
        else
        {
            AddRange(_pb, ru, pu, pu + count - 1);
        }

        AddSuffix(_pb, rv, pv + 1);
        return Accept(Delta2(ru, rv), _pa, _pb);
    }

    /// <summary>Exchanges the string of cu stops at u with the string of cv stops at v (another route).</summary>
    private bool Swap(int ru, int pu, int rv, int pv, int cu, int cv)
    {
        if (pv == 0 || pu + cu - 1 > _len[ru] || pv + cv - 1 > _len[rv])
        {
            return false;
        }

        Begin(_pa, ru, pu - 1);
        AddRange(_pa, rv, pv, pv + cv - 1);
        AddSuffix(_pa, ru, pu + cu);
        Begin(_pb, rv, pv - 1);
        AddRange(_pb, ru, pu, pu + cu - 1);
        AddSuffix(_pb, rv, pv + cv);
        return Accept(Delta2(ru, rv), _pa, _pb);
    }

    /// <summary>Exchanges the tails after u and after v.</summary>
    private bool TwoOptStar(int ru, int pu, int rv, int pv)
    {
        Begin(_pa, ru, pu);
        AddSuffix(_pa, rv, pv + 1);
        Begin(_pb, rv, pv);
        AddSuffix(_pb, ru, pu + 1);
        return Accept(Delta2(ru, rv), _pa, _pb);
    }

    /// <summary>Joins u to v and the tail after u to the tail after v, reversing the two middle parts.</summary>
    private bool TwoOptStarReversed(int ru, int pu, int rv, int pv)
    {
        Begin(_pa, ru, pu);
        AddReversed(_pa, rv, 1, pv);
        Begin(_pb, rv, 0);
        AddReversed(_pb, ru, pu + 1, _len[ru]);
        AddSuffix(_pb, rv, pv + 1);
        return Accept(Delta2(ru, rv), _pa, _pb);
    }

    private bool IntraRelocate(int r, int pu, int pv, int count, bool reversed)
    {
        int end = pu + count - 1;
        if (end > _len[r] || (pv >= pu - 1 && pv <= end && !(reversed && pv == pu - 1)))
        {
            return false;
        }

        if (pv > end)
        {
            Begin(_pa, r, pu - 1);
            AddRange(_pa, r, end + 1, pv);
            AddString(r, pu, end, reversed);
            AddSuffix(_pa, r, pv + 1);
        }
        else
        {
            Begin(_pa, r, pv);
            AddString(r, pu, end, reversed);
            AddRange(_pa, r, pv + 1, pu - 1);
            AddSuffix(_pa, r, end + 1);
        }

        return Accept(Price(_pa) - _routeCost[r], _pa, null);
    }

    private void AddString(int r, int from, int to, bool reversed)
    {
        if (reversed)
        {
            AddReversed(_pa, r, from, to);
        }
        else
        {
            AddRange(_pa, r, from, to);
        }
    }

    private bool IntraSwap(int r, int pu, int pv)
    {
        if (pv == 0)
        {
            return false;
        }

        int a = Math.Min(pu, pv);
        int b = Math.Max(pu, pv);
        Begin(_pa, r, a - 1);
        AddNode(_pa, _seq[r][b]);
        AddRange(_pa, r, a + 1, b - 1);
        AddNode(_pa, _seq[r][a]);
        AddSuffix(_pa, r, b + 1);
        return Accept(Price(_pa) - _routeCost[r], _pa, null);
    }

    /// <summary>Reverses the part between u and v (u first).</summary>
    private bool TwoOpt(int r, int pu, int pv)
    {
        if (pv <= pu + 1)
        {
            return false;
        }

        Begin(_pa, r, pu);
        AddReversed(_pa, r, pu + 1, pv);
        AddSuffix(_pa, r, pv + 1);
        return Accept(Price(_pa) - _routeCost[r], _pa, null);
    }

    /// <summary>Moves u (and tails) into one empty route of each vehicle class.</summary>
    private bool TryEmptyRoutes(int u)
    {
        Span<bool> triedClass = _in.K <= 256 ? stackalloc bool[_in.K] : new bool[_in.K];
        for (int r = 0; r < _in.K; r++)
        {
            if (_len[r] != 0 || triedClass[_in.VehicleClass[r]])
            {
                continue;
            }

            triedClass[_in.VehicleClass[r]] = true;
            int ru = _routeOf[u];
            int pu = _posOf[u];
            if (Relocate(ru, pu, r, 0, 1, false) || Relocate(ru, pu, r, 0, 2, false) || Relocate(ru, pu, r, 0, 2, true)
                || TwoOptStar(ru, pu, r, 0))
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

        for (int r = 0; r < _in.K; r++)
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
