namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// A candidate route written as pieces of the current routes (prefix, single stops, forward or reversed
/// ranges, suffix). Pricing accumulates the pieces; applying replays the same pieces, so a move is
/// described once for both.
/// </summary>
internal sealed partial class LocalSearch
{
    private enum PieceKind : byte
    {
        Prefix,
        Node,
        Range,
        Reversed,
    }

    private void Begin(Proposal p, int r, int pos)
    {
        p.Target = r;
        p.Pieces = 0;
        p.Dist = _cumDist[r][pos];
        p.W = _cumW[r][pos];
        p.V = _cumV[r][pos];
        p.Count = pos;
        p.Foreign = _forbidden is not null && pos > 0 ? ForeignIn(r, 1, pos, r) : 0;
        p.Last = _seq[r][pos];
        p.Record(PieceKind.Prefix, r, 1, pos);
    }

    private void AddNode(Proposal p, int u)
    {
        p.Dist += D(p.Last, u);
        p.W += _in.Weight[u];
        p.V += _in.Volume[u];
        p.Last = u;
        p.Count++;
        if (_forbidden is not null && _forbidden[(u * _in.K) + p.Target])
        {
            p.Foreign++;
        }

        p.Record(PieceKind.Node, u, 0, 0);
    }

    /// <summary>Positions i..j of route r, in order.</summary>
    private void AddRange(Proposal p, int r, int i, int j)
    {
        if (i > j)
        {
            return;
        }

        var s = _seq[r];
        p.Dist += D(p.Last, s[i]) + _cumDist[r][j] - _cumDist[r][i];
        p.W += _cumW[r][j] - _cumW[r][i - 1];
        p.V += _cumV[r][j] - _cumV[r][i - 1];
        if (_forbidden is not null)
        {
            p.Foreign += ForeignIn(r, i, j, p.Target);
        }

        p.Last = s[j];
        p.Count += j - i + 1;
        p.Record(PieceKind.Range, r, i, j);
    }

    private void AddSuffix(Proposal p, int r, int i) => AddRange(p, r, i, _len[r]);

    /// <summary>Positions j down to i of route r.</summary>
    private void AddReversed(Proposal p, int r, int i, int j)
    {
        if (i > j)
        {
            return;
        }

        var s = _seq[r];
        p.Dist += D(p.Last, s[j]) + _cumRev[r][j] - _cumRev[r][i];
        p.W += _cumW[r][j] - _cumW[r][i - 1];
        p.V += _cumV[r][j] - _cumV[r][i - 1];
        if (_forbidden is not null)
        {
            p.Foreign += ForeignIn(r, i, j, p.Target);
        }

        p.Last = s[i];
        p.Count += j - i + 1;
        p.Record(PieceKind.Reversed, r, i, j);
    }

    private double Price(Proposal p)
    {
        double cost = PriceRoute(p);
        int r = p.Target;
        if (_linked is not null && _linked[r])
        {
            // A trip changes its vehicle's day; the day's cost rides on the first trip's route cost.
            int g = _in.Group![r];
            cost += DayCost(g, r, p.Full, p.Count, -1, default, 0) - (r == g ? 0 : _dayCost[g]);
        }

        return cost;
    }

    /// <summary>The proposed route on its own (a trip: without its day's fixed cost and time penalties).</summary>
    private double PriceRoute(Proposal p)
    {
        int r = p.Target;
        var seg = _in.HasTime ? TimeOf(p) : default;
        p.Full = seg;
        return RouteCost(r, p.Dist + D(p.Last, _in.DepotNode[r]), p.W, p.V, seg, p.Count, p.Foreign);
    }

    /// <summary>
    /// Stops at positions i..j of route r that may not ride on vehicle <paramref name="target"/>; O(1) when
    /// none there is restricted. Callers test for restrictions first, so a problem without any pays no call.
    /// </summary>
    private int ForeignIn(int r, int i, int j, int target)
    {
        if (_cumRestricted[r][j] == _cumRestricted[r][i - 1])
        {
            return 0;
        }

        int count = 0;
        for (int p = i; p <= j; p++)
        {
            count += _in.IsForbidden(_seq[r][p], target) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The proposal's cost without time penalties: a lower bound that prunes most moves before any time arithmetic.</summary>
    private double PriceWithoutTime(Proposal p) =>
        p.Count == 0 ? 0 : (_in.Cpk[p.Target] * (p.Dist + D(p.Last, _in.DepotNode[p.Target]))) + _in.Fixed[p.Target] + LoadPenalty(p.Target, p.W, p.V)
            + (p.Foreign > 0 ? _in.ForbiddenPenalty * p.Foreign : 0);

    /// <summary>Replays the pieces through the time-warp concatenation, depots included.</summary>
    private TimeSegment TimeOf(Proposal p)
    {
        var seg = _fwd[p.Route[0]][p.To[0]];
        int last = _seq[p.Route[0]][p.To[0]];
        for (int k = 1; k < p.Pieces; k++)
        {
            int r = p.Route[k];
            switch (p.Kinds[k])
            {
                case PieceKind.Node:
                    seg = TimeSegment.Merge(seg, _in.NodeSegments[r], _in.T(last, r));
                    last = r;
                    break;
                case PieceKind.Reversed:
                    for (int i = p.To[k]; i >= p.From[k]; i--)
                    {
                        int u = _seq[r][i];
                        seg = TimeSegment.Merge(seg, _in.NodeSegments[u], _in.T(last, u));
                        last = u;
                    }

                    break;
                default:
                    if (p.To[k] == _len[r])
                    {
                        int first = _seq[r][p.From[k]];
                        seg = TimeSegment.Merge(seg, _bwd[r][p.From[k]], _in.T(last, first));
                        last = _seq[r][p.To[k]];
                    }
                    else
                    {
                        for (int i = p.From[k]; i <= p.To[k]; i++)
                        {
                            int u = _seq[r][i];
                            seg = TimeSegment.Merge(seg, _in.NodeSegments[u], _in.T(last, u));
                            last = u;
                        }
                    }

                    break;
            }
        }

        return TimeSegment.Merge(seg, _in.DepotSegments[p.Target], _in.T(last, _in.DepotNode[p.Target]));
    }

    /// <summary>True when the priced proposal breaks no constraint (used by the construction).</summary>
    private bool IsFeasible(Proposal p)
    {
        int r = p.Target;
        if (_linked is not null && _linked[r] && _in.HasTime
            && DayExcess(_in.Group![r], r, p.Full, p.Count, -1, default, 0, out _) > 1e-9)
        {
            return false;
        }

        return p.Foreign == 0 && p.W <= _in.CapW[r] + 1e-9 && p.V <= _in.CapV[r] + 1e-9
            && (!_in.HasTime || (_linked is not null && _linked[r]) || _in.TimeExcess(p.Full, r) <= 1e-9);
    }

    /// <summary>Replaces the target routes by the proposals (both built from the current routes).</summary>
    private void Apply(Proposal a, Proposal? b)
    {
        _moves++;
        int lenA = Materialize(a, _scratchA);
        int lenB = b is null ? 0 : Materialize(b, _scratchB);
        Write(a.Target, _scratchA, lenA);
        if (b is not null)
        {
            Write(b.Target, _scratchB, lenB);
        }
    }

    private void Write(int r, int[] buffer, int len)
    {
        _len[r] = len;
        Array.Copy(buffer, 0, _seq[r], 1, len);
        UpdateRoute(r);
    }

    private int Materialize(Proposal p, int[] buffer)
    {
        int n = 0;
        for (int k = 0; k < p.Pieces; k++)
        {
            int r = p.Route[k];
            switch (p.Kinds[k])
            {
                case PieceKind.Node:
                    buffer[n++] = r;
                    break;
                case PieceKind.Reversed:
                    for (int i = p.To[k]; i >= p.From[k]; i--)
                    {
                        buffer[n++] = _seq[r][i];
                    }

                    break;
                default:
                    for (int i = p.From[k]; i <= p.To[k]; i++)
                    {
                        buffer[n++] = _seq[r][i];
                    }

                    break;
            }
        }

        return n;
    }

    private sealed class Proposal
    {
        public PieceKind[] Kinds { get; } = new PieceKind[8];

        public int[] Route { get; } = new int[8];

        public int[] From { get; } = new int[8];

        public int[] To { get; } = new int[8];

        public int Pieces { get; set; }

        public int Target { get; set; }

        public double Dist { get; set; }

        public double W { get; set; }

        public double V { get; set; }

        public TimeSegment Full { get; set; }

        public int Last { get; set; }

        public int Count { get; set; }

        /// <summary>Stops on the proposed route that do not allow its vehicle.</summary>
        public int Foreign { get; set; }

        public void Record(PieceKind kind, int route, int from, int to)
        {
            Kinds[Pieces] = kind;
            Route[Pieces] = route;
            From[Pieces] = from;
            To[Pieces] = to;
            Pieces++;
        }
    }
}
