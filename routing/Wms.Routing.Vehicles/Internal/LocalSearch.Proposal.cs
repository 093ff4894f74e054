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
        if (_in.HasTime)
        {
            p.Seg = _fwd[r][pos];
        }

        p.Last = _seq[r][pos];
        p.Record(PieceKind.Prefix, r, 1, pos);
    }

    private void AddNode(Proposal p, int u)
    {
        p.Dist += _in.D(p.Last, u);
        p.W += _in.Weight[u];
        p.V += _in.Volume[u];
        if (_in.HasTime)
        {
            p.Seg = TimeSegment.Merge(p.Seg, _in.NodeSegments[u], _in.T(p.Last, u));
        }

        p.Last = u;
        p.Count++;
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
        p.Dist += _in.D(p.Last, s[i]) + _cumDist[r][j] - _cumDist[r][i];
        p.W += _cumW[r][j] - _cumW[r][i - 1];
        p.V += _cumV[r][j] - _cumV[r][i - 1];
        if (_in.HasTime)
        {
            if (j == _len[r])
            {
                p.Seg = TimeSegment.Merge(p.Seg, _bwd[r][i], _in.T(p.Last, s[i]));
            }
            else
            {
                int last = p.Last;
                for (int k = i; k <= j; k++)
                {
                    p.Seg = TimeSegment.Merge(p.Seg, _in.NodeSegments[s[k]], _in.T(last, s[k]));
                    last = s[k];
                }
            }
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
        p.Dist += _in.D(p.Last, s[j]) + _cumRev[r][j] - _cumRev[r][i];
        p.W += _cumW[r][j] - _cumW[r][i - 1];
        p.V += _cumV[r][j] - _cumV[r][i - 1];
        if (_in.HasTime)
        {
            int last = p.Last;
            for (int k = j; k >= i; k--)
            {
                p.Seg = TimeSegment.Merge(p.Seg, _in.NodeSegments[s[k]], _in.T(last, s[k]));
                last = s[k];
            }
        }

        p.Last = s[i];
        p.Count += j - i + 1;
        p.Record(PieceKind.Reversed, r, i, j);
    }

    private double Price(Proposal p)
    {
        int r = p.Target;
        var seg = _in.HasTime ? TimeSegment.Merge(p.Seg, _in.DepotSegments[r], _in.T(p.Last, 0)) : default;
        p.Full = seg;
        return RouteCost(r, p.Dist + _in.D(p.Last, 0), p.W, p.V, seg, p.Count);
    }

    /// <summary>True when the priced proposal breaks no constraint (used by the construction).</summary>
    private bool IsFeasible(Proposal p)
    {
        int r = p.Target;
        return p.W <= _in.CapW[r] + 1e-9 && p.V <= _in.CapV[r] + 1e-9
            && (!_in.HasTime || (p.Full.TimeWarp <= 1e-9 && p.Full.Duration <= _in.MaxDuration[r] + 1e-9));
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

        public TimeSegment Seg { get; set; }

        public TimeSegment Full { get; set; }

        public int Last { get; set; }

        public int Count { get; set; }

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
