namespace Wms.Routing.Vehicles.Internal;

/// <summary>Moves within one route: relocate of 1-2 stops (also reversed), swap of 1-2 stops with 1-2 stops, 2-opt.</summary>
internal sealed partial class LocalSearch
{
    private bool IntraRelocate(int r, int pu, int pv, int count, bool reversed)
    {
        int end = pu + count - 1;
        if (end > _len[r] || (pv >= pu - 1 && pv <= end && !(reversed && pv == pu - 1)))
        {
            return false;
        }

        var s = _seq[r];
        int s1 = s[pu];
        int sc = s[end];
        int a = s[pu - 1];
        int b = s[end + 1];
        double inner = count == 1 ? 0 : D(s1, sc);
        double innerRev = count == 1 ? 0 : D(sc, s1);
        double removed = D(a, s1) + inner + D(sc, b);
        double dDist = pv == pu - 1
            ? D(a, sc) + innerRev + D(s1, b) - removed
            : D(a, b) - removed - D(s[pv], s[pv + 1])
                + (reversed ? D(s[pv], sc) + innerRev + D(s1, s[pv + 1]) : D(s[pv], s1) + inner + D(sc, s[pv + 1]));
        if (!WorthPricingIntra(r, dDist))
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

        return Accept(Delta1(r), _pa, null);
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

    /// <summary>
    /// Exchanges the string of cu stops at u with the string of cv stops at v, in the same route. The strings may
    /// not touch, as in HGS-CVRP: swapping touching strings is a relocation, tried as one.
    /// </summary>
    private bool IntraSwap(int r, int pu, int pv, int cu, int cv)
    {
        if (pv == 0 || pu + cu - 1 > _len[r] || pv + cv - 1 > _len[r])
        {
            return false;
        }

        // a: the string that comes first in the route, b: the other.
        var (a, ca, b, cb) = pu < pv ? (pu, cu, pv, cv) : (pv, cv, pu, cu);
        int aEnd = a + ca - 1;
        int bEnd = b + cb - 1;
        if (aEnd + 1 >= b)
        {
            return false;
        }

        var s = _seq[r];
        int before = s[a - 1];
        int after = s[bEnd + 1];
        double dDist = D(before, s[b]) + D(s[bEnd], s[aEnd + 1]) + D(s[b - 1], s[a]) + D(s[aEnd], after)
            - D(before, s[a]) - D(s[aEnd], s[aEnd + 1]) - D(s[b - 1], s[b]) - D(s[bEnd], after);
        if (!WorthPricingIntra(r, dDist))
        {
            return false;
        }

        Begin(_pa, r, a - 1);
        AddRange(_pa, r, b, bEnd);
        AddRange(_pa, r, aEnd + 1, b - 1);
        AddRange(_pa, r, a, aEnd);
        AddSuffix(_pa, r, bEnd + 1);
        return Accept(Delta1(r), _pa, null);
    }

    /// <summary>Reverses the part between u and v (u first).</summary>
    private bool TwoOpt(int r, int pu, int pv)
    {
        if (pv <= pu + 1)
        {
            return false;
        }

        var s = _seq[r];
        double dDist = D(s[pu], s[pv]) + D(s[pu + 1], s[pv + 1]) - D(s[pu], s[pu + 1]) - D(s[pv], s[pv + 1])
            + (_cumRev[r][pv] - _cumRev[r][pu + 1]) - (_cumDist[r][pv] - _cumDist[r][pu + 1]);
        if (!WorthPricingIntra(r, dDist))
        {
            return false;
        }

        Begin(_pa, r, pu);
        AddReversed(_pa, r, pu + 1, pv);
        AddSuffix(_pa, r, pv + 1);
        return Accept(Delta1(r), _pa, null);
    }
}
