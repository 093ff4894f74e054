using System.Runtime.CompilerServices;

namespace Wms.Routing.Vehicles.Internal;

/// <summary>Moves within one route: relocate of 1-2 stops (also reversed), swap of 1-2 stops with 1-2 stops, 2-opt.</summary>
internal sealed partial class LocalSearch
{
    /// <summary>
    /// The moves between stop u at position pu and position pv of the same route r, in HGS-CVRP's order: u, then u and
    /// the stop after it, then those two reversed, moved after position pv; u swapped with the stop at pv, u and the stop
    /// after it swapped with it, and those two with it and the stop after it; then 2-opt. Each is screened by its change
    /// of distance first, the arcs the screens share read once: on routes of a dozen stops and more many of a stop's
    /// granular neighbours are in its own route, and these screens took a tenth of the CPU and more (docs/benchmarks.md).
    /// </summary>
    private bool IntraMoves(int u, int r, int pu, int pv)
    {
        var s = At(_seq, r);
        int len = At(_len, r);
        int u0 = At(s, pu - 1);
        int x = At(s, pu + 1);
        int v = At(s, pv);
        int y = At(s, pv + 1);
        double u0u = D(u0, u);
        double ux = D(u, x);
        double vy = D(v, y);
        if (pv != pu - 1 && WorthPricingIntra(r, D(u0, x) - (u0u + ux) - vy + (D(v, u) + D(u, y))) && IntraRelocatePriced(r, pu, pv, pu, false))
        {
            return true;
        }

        bool uHasNext = pu < len;
        if (uHasNext)
        {
            int x2 = At(s, pu + 2);
            double removed = u0u + ux + D(x, x2);
            bool apart = pv < pu - 1 || pv > pu + 1;
            if (apart && WorthPricingIntra(r, D(u0, x2) - removed - vy + (D(v, u) + ux + D(x, y))) && IntraRelocatePriced(r, pu, pv, pu + 1, false))
            {
                return true;
            }

            if (apart || pv == pu - 1)
            {
                double reversed = pv == pu - 1
                    ? D(u0, x) + D(x, u) + D(u, x2) - removed
                    : D(u0, x2) - removed - vy + (D(v, x) + D(x, u) + D(u, y));
                if (WorthPricingIntra(r, reversed) && IntraRelocatePriced(r, pu, pv, pu + 1, true))
                {
                    return true;
                }
            }
        }

        // After the depot only relocations: no swap with it, and 2-opt needs v after u.
        if (pv == 0)
        {
            return false;
        }

        // With identical vehicles the neighbour lists are symmetric: the symmetric swaps come up from the lower-numbered stop.
        bool symmetric = !_in.Homogeneous || u <= v;
        bool vHasNext = pv < len;
        return (symmetric && IntraSwap(r, pu, pu, pv, pv))
            || (uHasNext && IntraSwap(r, pu, pu + 1, pv, pv))
            || (symmetric && uHasNext && vHasNext && IntraSwap(r, pu, pu + 1, pv, pv + 1))
            || TwoOpt(r, pu, pv, u, x, v, y, ux, vy);
    }

    /// <summary>The stops from pu to end moved (reversed or not) after position pv of the same route, priced.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IntraRelocatePriced(int r, int pu, int pv, int end, bool reversed)
    {
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
    /// Exchanges the stops pu..eu with the stops pv..ev of the same route. The strings may not touch, as in HGS-CVRP:
    /// swapping touching strings is a relocation, tried as one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IntraSwap(int r, int pu, int eu, int pv, int ev)
    {
        // a: the string that comes first in the route, b: the other.
        var (a, aEnd, b, bEnd) = pu < pv ? (pu, eu, pv, ev) : (pv, ev, pu, eu);
        if (aEnd + 1 >= b)
        {
            return false;
        }

        var s = At(_seq, r);
        int before = At(s, a - 1);
        int after = At(s, bEnd + 1);
        int first = At(s, a);
        int last = At(s, aEnd);
        int next = At(s, aEnd + 1);
        int head = At(s, b);
        int tail = At(s, bEnd);
        int prior = At(s, b - 1);
        double dDist = D(before, head) + D(tail, next) + D(prior, first) + D(last, after)
            - D(before, first) - D(last, next) - D(prior, head) - D(tail, after);
        return WorthPricingIntra(r, dDist) && IntraSwapPriced(r, a, aEnd, b, bEnd);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool IntraSwapPriced(int r, int a, int aEnd, int b, int bEnd)
    {
        Begin(_pa, r, a - 1);
        AddRange(_pa, r, b, bEnd);
        AddRange(_pa, r, aEnd + 1, b - 1);
        AddRange(_pa, r, a, aEnd);
        AddSuffix(_pa, r, bEnd + 1);
        return Accept(Delta1(r), _pa, null);
    }

    /// <summary>Reverses the part between u and v (u first), given the arcs u→x and v→y the caller read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TwoOpt(int r, int pu, int pv, int u, int x, int v, int y, double ux, double vy)
    {
        if (pv <= pu + 1)
        {
            return false;
        }

        var cumRev = At(_cumRev, r);
        var cumDist = At(_cumDist, r);
        double dDist = D(u, v) + D(x, y) - ux - vy
            + (At(cumRev, pv) - At(cumRev, pu + 1)) - (At(cumDist, pv) - At(cumDist, pu + 1));
        return WorthPricingIntra(r, dDist) && TwoOptPriced(r, pu, pv);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TwoOptPriced(int r, int pu, int pv)
    {
        Begin(_pa, r, pu);
        AddReversed(_pa, r, pu + 1, pv);
        AddSuffix(_pa, r, pv + 1);
        return Accept(Delta1(r), _pa, null);
    }
}
