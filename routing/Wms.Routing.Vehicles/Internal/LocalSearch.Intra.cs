namespace Wms.Routing.Vehicles.Internal;

/// <summary>Moves within one route: relocate of 1-2 stops (also reversed), swap, 2-opt.</summary>
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

    private bool IntraSwap(int r, int pu, int pv)
    {
        if (pv == 0)
        {
            return false;
        }

        int a = Math.Min(pu, pv);
        int b = Math.Max(pu, pv);
        var s = _seq[r];
        int x = s[a];
        int y = s[b];
        double dDist = b == a + 1
            ? D(s[a - 1], y) + D(y, x) + D(x, s[b + 1]) - D(s[a - 1], x) - D(x, y) - D(y, s[b + 1])
            : D(s[a - 1], y) + D(y, s[a + 1]) + D(s[b - 1], x) + D(x, s[b + 1])
                - D(s[a - 1], x) - D(x, s[a + 1]) - D(s[b - 1], y) - D(y, s[b + 1]);
        if (!WorthPricingIntra(r, dDist))
        {
            return false;
        }

        Begin(_pa, r, a - 1);
        AddNode(_pa, _seq[r][b]);
        AddRange(_pa, r, a + 1, b - 1);
        AddNode(_pa, _seq[r][a]);
        AddSuffix(_pa, r, b + 1);
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
