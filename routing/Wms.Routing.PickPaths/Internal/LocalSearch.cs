namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// Iterated local search on the closed tour through the depot and the distinct locations: 2-opt and
/// Or-opt (segments of 1-3 locations, either orientation) restricted to neighbour lists and driven by a
/// queue of "dirty" locations (don't-look bits), then small double-bridge kicks, keeping a kick only
/// when the tour does not get longer.
/// </summary>
internal sealed class LocalSearch
{
    private const double Epsilon = 1e-9;
    private const int NeighbourCount = 10;

    private readonly double[] _d;
    private readonly int _n;
    private readonly int[][] _near;
    private readonly CyclicTour _tour;
    private readonly bool[] _queued;
    private readonly Queue<int> _queue = new();

    public LocalSearch(PickInstance instance)
    {
        _d = instance.Distances;
        _n = instance.NodeCount;
        _tour = new CyclicTour(_d, _n);
        _queued = new bool[_n];
        _near = new int[_n][];
        var k = Math.Min(NeighbourCount, _n - 1);
        for (var a = 0; a < _n; a++)
        {
            _near[a] = Nearest(a, k);
        }
    }

    /// <summary>Improves <paramref name="initial"/> (location nodes) until the cap or the stop signal.</summary>
    public int[] Run(int[] initial, int seed, int maxKicks, Func<bool> shouldStop)
    {
        if (_n <= 3)
        {
            return initial;
        }

        var best = new int[_n];
        initial.CopyTo(best, 1);
        _tour.Load(best);
        for (var node = 0; node < _n; node++)
        {
            Enqueue(node);
        }

        Optimise();
        _tour.CopyTo(best);
        var bestLength = _tour.Length();
        var random = new SplitMix64(seed);
        for (var kick = 0; kick < maxKicks && !shouldStop(); kick++)
        {
            var (a, b, c, d, e, f) = _tour.DoubleBridge(random);
            EnqueueAll(a, b, c, d);
            Enqueue(e);
            Enqueue(f);
            Optimise();

            // Accept sideways moves too: they let the search drift across plateaus of equal length.
            var length = _tour.Length();
            if (length < bestLength + Epsilon)
            {
                bestLength = Math.Min(length, bestLength);
                _tour.CopyTo(best);
            }
            else
            {
                _tour.Load(best);
            }
        }

        // Rotate so that the depot comes first, then drop it.
        var start = Array.IndexOf(best, 0);
        var order = new int[_n - 1];
        for (var i = 1; i < _n; i++)
        {
            order[i - 1] = best[(start + i) % _n];
        }

        return order;
    }

    private double D(int a, int b) => _d[(a * _n) + b];

    /// <summary>The k nearest other nodes, nearest first (ties by index): insertion into a short list.</summary>
    private int[] Nearest(int a, int k)
    {
        var near = new int[k];
        var count = 0;
        for (var b = 0; b < _n; b++)
        {
            if (b == a || (count == k && D(a, b) >= D(a, near[k - 1])))
            {
                continue;
            }

            var i = count < k ? count++ : k - 1;
            while (i > 0 && D(a, near[i - 1]) > D(a, b))
            {
                near[i] = near[i - 1];
                i--;
            }

            near[i] = b;
        }

        return near;
    }

    private void Enqueue(int node)
    {
        if (!_queued[node])
        {
            _queued[node] = true;
            _queue.Enqueue(node);
        }
    }

    private void Optimise()
    {
        while (_queue.TryDequeue(out var a))
        {
            _queued[a] = false;
            if (TryTwoOpt(a) || TryOrOpt(a))
            {
                Enqueue(a);
            }
        }
    }

    private bool TryTwoOpt(int a)
    {
        // Successor side: a b ... c d  ->  a c ... b d.
        var b = _tour.Succ(a);
        var dab = D(a, b);
        foreach (var c in _near[a])
        {
            var dac = D(a, c);
            if (dac >= dab - Epsilon)
            {
                break;
            }

            var d = _tour.Succ(c);
            if (c != b && d != a && dab + D(c, d) - dac - D(b, d) > Epsilon)
            {
                _tour.Reverse(_tour.PositionOf(b), _tour.PositionOf(c));
                EnqueueAll(a, b, c, d);
                return true;
            }
        }

        // Predecessor side: b a ... d c  ->  b d ... a c.
        b = _tour.Pred(a);
        dab = D(b, a);
        foreach (var c in _near[a])
        {
            var dac = D(a, c);
            if (dac >= dab - Epsilon)
            {
                break;
            }

            var d = _tour.Pred(c);
            if (c != b && d != a && dab + D(d, c) - dac - D(b, d) > Epsilon)
            {
                _tour.Reverse(_tour.PositionOf(a), _tour.PositionOf(d));
                EnqueueAll(a, b, c, d);
                return true;
            }
        }

        return false;
    }

    private bool TryOrOpt(int first)
    {
        for (var length = 1; length <= 3 && _n - length >= 3; length++)
        {
            var last = _tour[(_tour.PositionOf(first) + length - 1) % _n];
            var p = _tour.Pred(first);
            var x = _tour.Succ(last);
            var removed = D(p, first) + D(last, x) - D(p, x);
            if (removed <= Epsilon)
            {
                continue;
            }

            for (var end = 0; end < 2; end++)
            {
                foreach (var c in _near[end == 0 ? first : last])
                {
                    for (var side = 0; side < 2; side++)
                    {
                        var u = side == 0 ? c : _tour.Pred(c);
                        var v = side == 0 ? _tour.Succ(c) : c;
                        if (_tour.InSegment(u, first, length) || _tour.InSegment(v, first, length))
                        {
                            continue;
                        }

                        var forward = D(u, first) + D(last, v) - D(u, v);
                        var backward = D(u, last) + D(first, v) - D(u, v);
                        if (removed - Math.Min(forward, backward) > Epsilon)
                        {
                            _tour.MoveSegment(first, length, u, reversed: backward < forward);
                            EnqueueAll(p, x, u, v);
                            Enqueue(last);
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    private void EnqueueAll(int a, int b, int c, int d)
    {
        Enqueue(a);
        Enqueue(b);
        Enqueue(c);
        Enqueue(d);
    }
}
