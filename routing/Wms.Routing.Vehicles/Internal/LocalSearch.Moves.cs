using System.Runtime.CompilerServices;

namespace Wms.Routing.Vehicles.Internal;

/// <summary>The classical granular inter-route moves of HGS-CVRP (relocate, swap, 2-opt*), each screened by a lower bound first.</summary>
internal sealed partial class LocalSearch
{
    /// <summary>
    /// Tries the moves between stop u and position pv of route rv (pv = 0 is the depot); applies the first
    /// improving one. With identical vehicles the symmetric swaps are tried from the lower-numbered stop only
    /// (the neighbour lists are then symmetric, so the pair comes up from both ends), as in HGS-CVRP.
    /// </summary>
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
            || (Symmetric(u, rv, pv) && Swap(ru, pu, rv, pv, 1, 1)) || Swap(ru, pu, rv, pv, 2, 1) || (Symmetric(u, rv, pv) && Swap(ru, pu, rv, pv, 2, 2))
            || TwoOptStar(ru, pu, rv, pv) || TwoOptStarReversed(ru, pu, rv, pv);
    }

    // With identical vehicles (symmetric neighbour lists) a symmetric swap is tried from its lower-numbered stop only.
    private bool Symmetric(int u, int rv, int pv) => !_in.Homogeneous || u <= _seq[rv][pv];

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
    /// HGS-CVRP's early pruning: <see cref="WorthPricing"/>'s bound without the load penalties after the move.
    /// Those are never negative and floating-point sums are monotone, so when this is not below -ε neither is
    /// the bound: the same moves are rejected, before any load is looked up.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool CannotImprove(int ru, int rv, double dDistU, double dDistV, int countU, int countV)
    {
        double lb = (_in.Cpk[ru] * dDistU) + (_in.Cpk[rv] * dDistV)
            + (_in.Fixed[ru] * ((countU > 0 ? 1 : 0) - (_len[ru] > 0 ? 1 : 0)))
            + (_in.Fixed[rv] * ((countV > 0 ? 1 : 0) - (_len[rv] > 0 ? 1 : 0)))
            - _loadPen[ru] - _loadPen[rv] - _timePen[ru] - _timePen[rv];
        return lb >= -Epsilon;
    }

    /// <summary>Intra-route moves keep the load: only the distance and the time penalty can change.</summary>
    private bool WorthPricingIntra(int r, double dDist) => (_in.Cpk[r] * dDist) - _timePen[r] < -Epsilon;

    private double Delta1(int r)
    {
        if (_in.HasTime && PriceWithoutTime(_pa) - RouteFloor(r) > -Epsilon)
        {
            return 0;
        }

        return Price(_pa) - _routeCost[r];
    }

    /// <summary>Moves the string of <paramref name="count"/> stops starting at u after position pv of another route.</summary>
    private bool Relocate(int ru, int pu, int rv, int pv, int count, bool reversed)
    {
        int end = pu + count - 1;
        if (end > _len[ru])
        {
            return false;
        }

        var su = _seq[ru];
        var sv = _seq[rv];
        int s1 = su[pu];
        int sc = su[end];
        double inner = count == 1 ? 0 : D(s1, sc);
        double innerRev = count == 1 ? 0 : D(sc, s1);
        double dU = D(su[pu - 1], su[end + 1]) - D(su[pu - 1], s1) - inner - D(sc, su[end + 1]);
        double dV = reversed
            ? D(sv[pv], sc) + innerRev + D(s1, sv[pv + 1]) - D(sv[pv], sv[pv + 1])
            : D(sv[pv], s1) + inner + D(sc, sv[pv + 1]) - D(sv[pv], sv[pv + 1]);
        if (CannotImprove(ru, rv, dU, dV, _len[ru] - count, _len[rv] + count))
        {
            return false;
        }

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

    /// <summary>Exchanges the string of cu stops at u with the string of cv stops at v (another route).</summary>
    private bool Swap(int ru, int pu, int rv, int pv, int cu, int cv)
    {
        int eu = pu + cu - 1;
        int ev = pv + cv - 1;
        if (pv == 0 || eu > _len[ru] || ev > _len[rv])
        {
            return false;
        }

        var su = _seq[ru];
        var sv = _seq[rv];
        double innerU = cu == 1 ? 0 : D(su[pu], su[eu]);
        double innerV = cv == 1 ? 0 : D(sv[pv], sv[ev]);
        double dU = D(su[pu - 1], sv[pv]) + innerV + D(sv[ev], su[eu + 1])
            - D(su[pu - 1], su[pu]) - innerU - D(su[eu], su[eu + 1]);
        double dV = D(sv[pv - 1], su[pu]) + innerU + D(su[eu], sv[ev + 1])
            - D(sv[pv - 1], sv[pv]) - innerV - D(sv[ev], sv[ev + 1]);
        if (CannotImprove(ru, rv, dU, dV, _len[ru], _len[rv]))
        {
            return false;
        }

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

    /// <summary>Exchanges the tails after u and after v.</summary>
    private bool TwoOptStar(int ru, int pu, int rv, int pv)
    {
        int lu = _len[ru];
        int lv = _len[rv];
        var cdu = _cumDist[ru];
        var cdv = _cumDist[rv];
        int x = _seq[ru][pu + 1];
        int y = _seq[rv][pv + 1];
        double distU = cdu[pu] + D(_seq[ru][pu], y) + (cdv[lv + 1] - cdv[pv + 1]);
        double distV = cdv[pv] + D(_seq[rv][pv], x) + (cdu[lu + 1] - cdu[pu + 1]);
        if (CannotImprove(ru, rv, distU - cdu[lu + 1], distV - cdv[lv + 1], pu + lv - pv, pv + lu - pu))
        {
            return false;
        }

        double wHeadU = _cumW[ru][pu];
        double vHeadU = _cumV[ru][pu];
        double wHeadV = _cumW[rv][pv];
        double vHeadV = _cumV[rv][pv];
        if (!WorthPricing(ru, rv, distU - cdu[lu + 1], distV - cdv[lv + 1],
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

    /// <summary>Joins u to v and the tail after u to the tail after v, reversing the two middle parts.</summary>
    private bool TwoOptStarReversed(int ru, int pu, int rv, int pv)
    {
        int lu = _len[ru];
        int lv = _len[rv];
        var su = _seq[ru];
        var sv = _seq[rv];
        var cdu = _cumDist[ru];
        var cdv = _cumDist[rv];
        double distU = cdu[pu] + (pv >= 1
            ? D(su[pu], sv[pv]) + (_cumRev[rv][pv] - _cumRev[rv][1]) + D(sv[1], su[lu + 1])
            : D(su[pu], su[lu + 1]));
        double tailV = cdv[lv + 1] - cdv[pv + 1];
        double distV = pu < lu
            ? D(sv[0], su[lu]) + (_cumRev[ru][lu] - _cumRev[ru][pu + 1]) + D(su[pu + 1], sv[pv + 1]) + tailV
            : D(sv[0], sv[pv + 1]) + tailV;
        if (CannotImprove(ru, rv, distU - cdu[lu + 1], distV - cdv[lv + 1], pu + pv, lu - pu + lv - pv))
        {
            return false;
        }

        double wHeadU = _cumW[ru][pu];
        double vHeadU = _cumV[ru][pu];
        double wHeadV = _cumW[rv][pv];
        double vHeadV = _cumV[rv][pv];
        if (!WorthPricing(ru, rv, distU - cdu[lu + 1], distV - cdv[lv + 1],
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
