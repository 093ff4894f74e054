using System.Runtime.CompilerServices;

namespace Wms.Routing.Vehicles.Internal;

/// <summary>The classical granular inter-route moves of HGS-CVRP (relocate, swap, 2-opt*), each screened by a lower bound first.</summary>
internal sealed partial class LocalSearch
{
    /// <summary>
    /// Tries the moves between stop u and position pv of route rv (pv = 0 is the depot); applies the first
    /// improving one. The moves and their order are HGS-CVRP's (its move1 to move9). With identical vehicles the
    /// symmetric swaps are tried from the lower-numbered stop only (the neighbour lists are then symmetric, so
    /// the pair comes up from both ends), as in HGS-CVRP.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryMovesWith(int u, int rv, int pv)
    {
        int ru = _routeOf[u];
        int pu = _posOf[u];
        if (ru == rv)
        {
            return pu != pv && IntraMoves(u, ru, pu, pv);
        }

        double gate = Gate(ru, rv);
        return RelocatesOrSwaps(u, ru, pu, rv, pv, gate) || TwoOptStars(ru, pu, rv, pv, gate, reversedToo: true);
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

    private double Delta2(int ru, int rv)
    {
        if (_linked is not null && (_linked[ru] || _linked[rv]))
        {
            // Trips are priced by their vehicles' days; no cheaper screening than WorthPricing's here.
            return DeltaSameDay(ru, rv) ?? Price(_pa) + Price(_pb) - _routeCost[ru] - _routeCost[rv];
        }

        double current = _routeCost[ru] + _routeCost[rv];
        if (_in.HasTime && PriceWithoutTime(_pa) + PriceWithoutTime(_pb) - current > -Epsilon)
        {
            return 0;
        }

        return Price(_pa) + Price(_pb) - current;
    }

    private double TotalW(int r) => _cumW[r][_len[r]];

    private double TotalV(int r) => _cumV[r][_len[r]];

    /// <summary>
    /// Exact change of distance, fixed cost and load penalty, minus the current time penalties: a lower
    /// bound on the move's delta (exact without time windows). Most moves stop here, as in HGS-CVRP.
    /// </summary>
    private bool WorthPricing(int ru, int rv, double dDistU, double dDistV, double wU, double vU, double wV, double vV, int countU, int countV)
    {
        double lb = (_in.Cpk[ru] * dDistU) + (_in.Cpk[rv] * dDistV)
            + (_in.Fixed[ru] * ((countU > 0 ? 1 : 0) - (_len[ru] > 0 ? 1 : 0)))
            + (_in.Fixed[rv] * ((countV > 0 ? 1 : 0) - (_len[rv] > 0 ? 1 : 0)))
            + (countU > 0 ? LoadPenalty(ru, wU, vU) : 0) + (countV > 0 ? LoadPenalty(rv, wV, vV) : 0)
            - _loadPen[ru] - _loadPen[rv] - _timePen[ru] - _timePen[rv];
        return lb < -Epsilon;
    }

    /// <summary>
    /// The two routes' current penalties as a bound on the distance change, read once per pair of routes for all the
    /// pair's screens (up to eight): with one price per distance and no fixed costs (CVRP, Solomon) a move whose
    /// distance change is not below it cannot improve. NaN otherwise, where <see cref="CannotImprove"/> takes the
    /// general bound. It rearranges the per-screen test cpk × (dU + dV) − penalties ≥ −ε, so only a move within rounding
    /// of zero could fall the other way; the plans after a fixed number of iterations were the same (docs/benchmarks.md).
    /// </summary>
    private double Gate(int ru, int rv) => double.IsNaN(_uniformCpk)
        ? double.NaN
        : ((At(_loadPen, ru) + At(_timePen, ru)) + (At(_loadPen, rv) + At(_timePen, rv)) - Epsilon) / _uniformCpk;

    /// <summary>
    /// HGS-CVRP's early pruning: <see cref="WorthPricing"/>'s bound without the load penalties after the move.
    /// Those are never negative and floating-point sums are monotone, so when this is not below -ε neither is
    /// the bound: the same moves are rejected, before any load is looked up.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CannotImprove(double gate, int ru, int rv, double dDistU, double dDistV, int countU, int countV)
    {
        if (!double.IsNaN(gate))
        {
            return dDistU + dDistV >= gate;
        }

        double lb = (_in.Cpk[ru] * dDistU) + (_in.Cpk[rv] * dDistV)
            + (_in.Fixed[ru] * ((countU > 0 ? 1 : 0) - (_len[ru] > 0 ? 1 : 0)))
            + (_in.Fixed[rv] * ((countV > 0 ? 1 : 0) - (_len[rv] > 0 ? 1 : 0)))
            - _loadPen[ru] - _loadPen[rv] - _timePen[ru] - _timePen[rv];
        return lb >= -Epsilon;
    }

    /// <summary>Intra-route moves keep the load: only the distance and the time penalty can change.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WorthPricingIntra(int r, double dDist) => (_in.Cpk[r] * dDist) - _timePen[r] < -Epsilon;

    private double Delta1(int r)
    {
        if (_in.HasTime && PriceWithoutTime(_pa) - RouteFloor(r) > -Epsilon)
        {
            return 0;
        }

        return Price(_pa) - _routeCost[r];
    }

    /// <summary>
    /// Moves u, or u and the stop after it (also reversed), after position pv of another route; then (pv ≥ 1) exchanges
    /// u with v, u and the stop after it with v, and those two with v and the stop after it. The six screens share the
    /// arcs they read, read once: each pair of stops comes through here, millions of times a second.
    /// </summary>
    private bool RelocatesOrSwaps(int u, int ru, int pu, int rv, int pv, double gate)
    {
        var su = At(_seq, ru);
        var sv = At(_seq, rv);
        int lu = At(_len, ru);
        int lv = At(_len, rv);
        int u0 = At(su, pu - 1);
        int x = At(su, pu + 1);
        int v = At(sv, pv);
        int y = At(sv, pv + 1);
        double u0u = D(u0, u);
        double ux = D(u, x);
        double vy = D(v, y);
        double uy = D(u, y);
        double vu = D(v, u);
        double dU = D(u0, x) - u0u - ux;
        double dV = vu + uy - vy;
        if (!CannotImprove(gate, ru, rv, dU, dV, lu - 1, lv + 1) && RelocatePriced(ru, pu, rv, pv, 1, false, dU, dV))
        {
            return true;
        }

        bool uHasNext = pu < lu;
        int x2 = 0;
        double xx2 = 0;
        double xy = 0;
        if (uHasNext)
        {
            x2 = At(su, pu + 2);
            xx2 = D(x, x2);
            xy = D(x, y);
            dU = D(u0, x2) - u0u - ux - xx2;
            dV = vu + ux + xy - vy;
            if (!CannotImprove(gate, ru, rv, dU, dV, lu - 2, lv + 2) && RelocatePriced(ru, pu, rv, pv, 2, false, dU, dV))
            {
                return true;
            }

            dV = D(v, x) + D(x, u) + uy - vy;
            if (!CannotImprove(gate, ru, rv, dU, dV, lu - 2, lv + 2) && RelocatePriced(ru, pu, rv, pv, 2, true, dU, dV))
            {
                return true;
            }
        }

        if (pv == 0)
        {
            return false;
        }

        int v0 = At(sv, pv - 1);
        double v0v = D(v0, v);
        double u0v = D(u0, v);
        double v0u = D(v0, u);
        bool symmetric = !_in.Homogeneous || u <= v;
        if (symmetric)
        {
            dU = u0v + D(v, x) - u0u - ux;
            dV = v0u + uy - v0v - vy;
            if (!CannotImprove(gate, ru, rv, dU, dV, lu, lv) && SwapPriced(ru, pu, rv, pv, 1, 1, dU, dV))
            {
                return true;
            }
        }

        if (!uHasNext)
        {
            return false;
        }

        dU = u0v + D(v, x2) - u0u - ux - xx2;
        dV = v0u + ux + xy - v0v - vy;
        if (!CannotImprove(gate, ru, rv, dU, dV, lu, lv) && SwapPriced(ru, pu, rv, pv, 2, 1, dU, dV))
        {
            return true;
        }

        if (!symmetric || pv == lv)
        {
            return false;
        }

        int y2 = At(sv, pv + 2);
        dU = u0v + vy + D(y, x2) - u0u - ux - xx2;
        dV = v0u + ux + D(x, y2) - v0v - vy - D(y, y2);
        return !CannotImprove(gate, ru, rv, dU, dV, lu, lv) && SwapPriced(ru, pu, rv, pv, 2, 2, dU, dV);
    }

    // Apart from the screen above, which rejects most moves: the screen's loop keeps its locals in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool RelocatePriced(int ru, int pu, int rv, int pv, int count, bool reversed, double dU, double dV)
    {
        int end = pu + count - 1;
        double w = _cumW[ru][end] - _cumW[ru][pu - 1];
        double v = _cumV[ru][end] - _cumV[ru][pu - 1];
        if (!WorthPricing(ru, rv, dU, dV, TotalW(ru) - w, TotalV(ru) - v, TotalW(rv) + w, TotalV(rv) + v, _len[ru] - count, _len[rv] + count))
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

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool SwapPriced(int ru, int pu, int rv, int pv, int cu, int cv, double dU, double dV)
    {
        int eu = pu + cu - 1;
        int ev = pv + cv - 1;
        double wu = _cumW[ru][eu] - _cumW[ru][pu - 1];
        double vu = _cumV[ru][eu] - _cumV[ru][pu - 1];
        double wv = _cumW[rv][ev] - _cumW[rv][pv - 1];
        double vv = _cumV[rv][ev] - _cumV[rv][pv - 1];
        if (!WorthPricing(ru, rv, dU, dV, TotalW(ru) - wu + wv, TotalV(ru) - vu + vv, TotalW(rv) + wu - wv, TotalV(rv) + vu - vv, _len[ru], _len[rv]))
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

    /// <summary>
    /// The two 2-opt* moves between u's route and v's, screens sharing their reads: first (when
    /// <paramref name="reversedToo"/>) u joined to v and the tail after u to the tail after v, the two middle parts
    /// reversed; then the tails after u and after v exchanged.
    /// </summary>
    private bool TwoOptStars(int ru, int pu, int rv, int pv, double gate, bool reversedToo)
    {
        int lu = At(_len, ru);
        int lv = At(_len, rv);
        var su = At(_seq, ru);
        var sv = At(_seq, rv);
        var cdu = At(_cumDist, ru);
        var cdv = At(_cumDist, rv);
        int u = At(su, pu);
        int v = At(sv, pv);
        int x = At(su, pu + 1);
        int y = At(sv, pv + 1);
        double headU = At(cdu, pu);
        double totalU = At(cdu, lu + 1);
        double totalV = At(cdv, lv + 1);
        double tailV = totalV - At(cdv, pv + 1);
        double dU;
        double dV;
        if (reversedToo)
        {
            double distU = headU + (pv >= 1
                ? D(u, v) + (At(At(_cumRev, rv), pv) - At(At(_cumRev, rv), 1)) + D(At(sv, 1), At(su, lu + 1))
                : D(u, At(su, lu + 1)));
            double distV = pu < lu
                ? D(At(sv, 0), At(su, lu)) + (At(At(_cumRev, ru), lu) - At(At(_cumRev, ru), pu + 1)) + D(x, y) + tailV
                : D(At(sv, 0), y) + tailV;
            dU = distU - totalU;
            dV = distV - totalV;
            if (!CannotImprove(gate, ru, rv, dU, dV, pu + pv, lu - pu + lv - pv) && TwoOptStarReversedPriced(ru, pu, rv, pv, dU, dV))
            {
                return true;
            }
        }

        dU = headU + D(u, y) + tailV - totalU;
        dV = At(cdv, pv) + D(v, x) + (totalU - At(cdu, pu + 1)) - totalV;
        return !CannotImprove(gate, ru, rv, dU, dV, pu + lv - pv, pv + lu - pu) && TwoOptStarPriced(ru, pu, rv, pv, dU, dV);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TwoOptStarPriced(int ru, int pu, int rv, int pv, double dU, double dV)
    {
        int lu = _len[ru];
        int lv = _len[rv];
        double wHeadU = _cumW[ru][pu];
        double vHeadU = _cumV[ru][pu];
        double wHeadV = _cumW[rv][pv];
        double vHeadV = _cumV[rv][pv];
        if (!WorthPricing(ru, rv, dU, dV,
            wHeadU + TotalW(rv) - wHeadV, vHeadU + TotalV(rv) - vHeadV, wHeadV + TotalW(ru) - wHeadU, vHeadV + TotalV(ru) - vHeadU,
            pu + lv - pv, pv + lu - pu))
        {
            return false;
        }

        Begin(_pa, ru, pu);
        AddSuffix(_pa, rv, pv + 1);
        Begin(_pb, rv, pv);
        AddSuffix(_pb, ru, pu + 1);
        return Accept(Delta2(ru, rv), _pa, _pb);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TwoOptStarReversedPriced(int ru, int pu, int rv, int pv, double dU, double dV)
    {
        int lu = _len[ru];
        int lv = _len[rv];
        double wHeadU = _cumW[ru][pu];
        double vHeadU = _cumV[ru][pu];
        double wHeadV = _cumW[rv][pv];
        double vHeadV = _cumV[rv][pv];
        if (!WorthPricing(ru, rv, dU, dV,
            wHeadU + wHeadV, vHeadU + vHeadV, TotalW(ru) - wHeadU + TotalW(rv) - wHeadV, TotalV(ru) - vHeadU + TotalV(rv) - vHeadV,
            pu + pv, lu - pu + lv - pv))
        {
            return false;
        }

        Begin(_pa, ru, pu);
        AddReversed(_pa, rv, 1, pv);
        Begin(_pb, rv, 0);
        AddReversed(_pb, ru, pu + 1, _len[ru]);
        AddSuffix(_pb, rv, pv + 1);
        return Accept(Delta2(ru, rv), _pa, _pb);
    }
}
