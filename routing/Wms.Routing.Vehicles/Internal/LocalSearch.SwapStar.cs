namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// SWAP* (Vidal 2022): exchange u and v between two routes, each reinserted at its best position rather
/// than in the other's place. Candidates are screened with distance and load deltas and the three best
/// insertion positions per stop; the chosen one is then priced exactly (time windows included).
/// </summary>
internal sealed partial class LocalSearch
{
    private readonly SwapStarPositions[] _swapPositions;
    private readonly double[] _swapArcs;
    private bool[] _closeRoutes = [];

    // With identical vehicles: each route's arc of polar angles around the depot (UpdateRoute).
    private readonly Sector[] _sectors;

    private bool SwapStarPhase(int loop)
    {
        int k = _in.K;

        // With identical vehicles routes are paired when their polar sectors overlap (as HGS-CVRP); otherwise
        // when one serves a granular neighbour of the other's stops (only then is that table filled).
        bool sectors = _in.Angle is not null;
        if (!sectors)
        {
            MarkCloseRoutes(k);
        }

        bool improved = false;
        long tried = 0;
        foreach (int ra in _orderRoutes)
        {
            long lastTested = _whenTestedSwapStar[ra];
            _whenTestedSwapStar[ra] = _moves;
            foreach (int rb in _orderRoutes)
            {
                if (ra < rb && _len[ra] > 0 && _len[rb] > 0
                    && (sectors ? Sector.Overlap(_sectors[ra], _sectors[rb]) : _closeRoutes[(ra * k) + rb])
                    && (loop == 0 || Math.Max(_whenModified[ra], _whenModified[rb]) > lastTested))
                {
                    tried++;
                    improved |= SwapStar(ra, rb);
                }
            }
        }

        _counts = _counts with { RoutePairs = _counts.RoutePairs + tried };
        return improved;
    }

    /// <summary>Pairs routes when one serves one of the ten nearest granular neighbours of the other's stops (mixed fleets, matrices).</summary>
    private void MarkCloseRoutes(int k)
    {
        if (_closeRoutes.Length != k * k)
        {
            _closeRoutes = new bool[k * k];
        }

        Array.Clear(_closeRoutes);
        for (int u = 1; u < _in.Nodes; u++)
        {
            int ru = _routeOf[u];
            if (ru < 0)
            {
                continue;
            }

            var neigh = _in.Neighbours[u];
            for (int i = 0; i < neigh.Length && i < 10; i++)
            {
                int rv = _routeOf[neigh[i]];
                if (rv >= 0 && rv != ru)
                {
                    _closeRoutes[(ru * k) + rv] = true;
                    _closeRoutes[(rv * k) + ru] = true;
                }
            }
        }
    }

    private static int Flag(bool value) => value ? 1 : 0;

    private bool SwapStar(int ra, int rb)
    {
        Preprocess(ra, rb);
        Preprocess(rb, ra);
        double wa = _cumW[ra][_len[ra]];
        double va = _cumV[ra][_len[ra]];
        double wb = _cumW[rb][_len[rb]];
        double vb = _cumV[rb][_len[rb]];
        double penA = LoadPenalty(ra, wa, va);
        double penB = LoadPenalty(rb, wb, vb);

        // LoadPenalty's terms, read once for the pair loop below (it prices up to a few hundred pairs per route pair).
        double perWeight = _pen.Weight;
        double perVolume = _pen.Volume;
        bool hasVolume = _in.HasVolume;
        bool restricted = _in.HasRestrictions;
        double capWA = _in.CapW[ra];
        double capVA = _in.CapV[ra];
        double capWB = _in.CapW[rb];
        double capVB = _in.CapV[rb];
        double bestCost = double.MaxValue;
        int bestU = -1;
        int bestV = -1;
        int bestPosU = -1;
        int bestPosV = -1;
        var seqA = At(_seq, ra);
        var seqB = At(_seq, rb);
        int la = At(_len, ra);
        int lb = At(_len, rb);
        var weight = _in.Weight;
        var volume = _in.Volume;
        for (int pu = 1; pu <= la; pu++)
        {
            int u = At(seqA, pu);
            ref var su = ref At(_swapPositions, u);

            // u's share of both routes' loads, summed in the order the pair's expressions sum them.
            double waWithoutU = wa - At(weight, u);
            double vaWithoutU = va - At(volume, u);
            double wbWithU = wb + At(weight, u);
            double vbWithU = vb + At(volume, u);
            for (int pv = 1; pv <= lb; pv++)
            {
                int v = At(seqB, pv);
                ref var sv = ref At(_swapPositions, v);
                double dPenA = LoadPenalty(perWeight, perVolume, hasVolume, capWA, capVA, waWithoutU + At(weight, v), vaWithoutU + At(volume, v)) - penA;
                double dPenB = LoadPenalty(perWeight, perVolume, hasVolume, capWB, capVB, wbWithU - At(weight, v), vbWithU - At(volume, v)) - penB;
                if (restricted)
                {
                    dPenA += _in.ForbiddenPenalty * (Flag(_in.IsForbidden(v, ra)) - Flag(_in.IsForbidden(u, ra)));
                    dPenB += _in.ForbiddenPenalty * (Flag(_in.IsForbidden(u, rb)) - Flag(_in.IsForbidden(v, rb)));
                }
                if (dPenA + su.RemovalDelta + dPenB + sv.RemovalDelta > 0)
                {
                    continue;
                }

                double insV = BestInsertion(ra, pu, v, ref sv, out int posV);
                double insU = BestInsertion(rb, pv, u, ref su, out int posU);
                double cost = dPenA + su.RemovalDelta + insV + dPenB + sv.RemovalDelta + insU;
                if (cost < bestCost)
                {
                    (bestCost, bestU, bestV, bestPosU, bestPosV) = (cost, pu, pv, posU, posV);
                }
            }
        }

        if (bestU < 0 || (bestCost > -Epsilon && !_in.HasTime))
        {
            return false;
        }

        BuildRemoveInsert(_pa, ra, bestU, rb, bestV, bestPosV);
        BuildRemoveInsert(_pb, rb, bestV, ra, bestU, bestPosU);
        return Accept(Delta2(ra, rb), _pa, _pb);
    }

    /// <summary>Route r without the stop at removed, with the stop at (from, fromPos) inserted after position after.</summary>
    private void BuildRemoveInsert(Proposal p, int r, int removed, int from, int fromPos, int after)
    {
        int w = _seq[from][fromPos];
        if (after < removed)
        {
            Begin(p, r, after);
            AddNode(p, w);
            AddRange(p, r, after + 1, removed - 1);
            AddSuffix(p, r, removed + 1);
        }
        else
        {
            Begin(p, r, removed - 1);
            AddRange(p, r, removed + 1, after);
            AddNode(p, w);
            AddSuffix(p, r, after + 1);
        }
    }

    /// <summary>Cheapest insertion of w into route r once the stop at position removed has left it.</summary>
    private double BestInsertion(int r, int removed, int w, ref SwapStarPositions s, out int after)
    {
        var seq = At(_seq, r);
        int pred = At(seq, removed - 1);
        int succ = At(seq, removed + 1);
        double best = At(_in.Cpk, r) * (D(pred, w) + D(w, succ) - D(pred, succ));
        after = removed - 1;

        // The three positions ascend in cost and at most two of them touch the removed stop, so the first that does
        // not is the cheapest left (a position of -1 ends the list).
        var (pos, cost) = s.Pos0 != removed && s.Pos0 != removed - 1 ? (s.Pos0, s.Cost0)
            : s.Pos1 != removed && s.Pos1 != removed - 1 ? (s.Pos1, s.Cost1)
            : (s.Pos2, s.Cost2);
        if (pos >= 0 && cost < best)
        {
            best = cost;
            after = pos;
        }

        return best;
    }

    /// <summary>For each stop of ra: removal delta and its three cheapest insertion positions in rb.</summary>
    private void Preprocess(int ra, int rb)
    {
        var sa = At(_seq, ra);
        var sb = At(_seq, rb);
        int la = At(_len, ra);
        int lb = At(_len, rb);
        double cpa = At(_in.Cpk, ra);
        double cpb = At(_in.Cpk, rb);

        // rb's arcs are the same for every stop of ra: read once, not once per stop.
        var arcs = _swapArcs;
        for (int p = 0; p <= lb; p++)
        {
            At(arcs, p) = D(At(sb, p), At(sb, p + 1));
        }

        for (int pu = 1; pu <= la; pu++)
        {
            int prev = At(sa, pu - 1);
            int u = At(sa, pu);
            int next = At(sa, pu + 1);

            // Built in a local, which the JIT keeps in registers, and stored once.
            var s = default(SwapStarPositions);
            s.RemovalDelta = cpa * (D(prev, next) - D(prev, u) - D(u, next));
            s.Reset();
            for (int p = 0; p <= lb; p++)
            {
                s.Add(cpb * (D(At(sb, p), u) + D(u, At(sb, p + 1)) - At(arcs, p)), p);
            }

            At(_swapPositions, u) = s;
        }
    }

    private struct SwapStarPositions
    {
        public double RemovalDelta;
        public double Cost0;
        public double Cost1;
        public double Cost2;
        public int Pos0;
        public int Pos1;
        public int Pos2;

        public void Reset()
        {
            Cost0 = Cost1 = Cost2 = double.MaxValue;
            Pos0 = Pos1 = Pos2 = -1;
        }

        public void Add(double cost, int pos)
        {
            if (cost >= Cost2)
            {
                return;
            }

            if (cost >= Cost1)
            {
                (Cost2, Pos2) = (cost, pos);
            }
            else if (cost >= Cost0)
            {
                (Cost2, Pos2, Cost1, Pos1) = (Cost1, Pos1, cost, pos);
            }
            else
            {
                (Cost2, Pos2, Cost1, Pos1, Cost0, Pos0) = (Cost1, Pos1, Cost0, Pos0, cost, pos);
            }
        }
    }
}
