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
    private readonly int[] _tour;
    private readonly int[] _pos;
    private readonly bool[] _queued;
    private readonly Queue<int> _queue = new();
    private readonly int[] _scratch;

    public LocalSearch(PickInstance instance)
    {
        _d = instance.Distances;
        _n = instance.NodeCount;
        _tour = new int[_n];
        _pos = new int[_n];
        _queued = new bool[_n];
        _scratch = new int[_n];
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

        _tour[0] = 0;
        initial.CopyTo(_tour, 1);
        for (var i = 0; i < _n; i++)
        {
            _pos[_tour[i]] = i;
            Enqueue(_tour[i]);
        }

        Optimise();
        var best = (int[])_tour.Clone();
        var bestLength = Length();
        var random = new SplitMix64(seed);
        for (var kick = 0; kick < maxKicks && !shouldStop(); kick++)
        {
            Kick(random);
            Optimise();
            var length = Length();
            if (length < bestLength + Epsilon)
            {
                bestLength = Math.Min(length, bestLength);
                _tour.CopyTo(best, 0);
            }
            else
            {
                best.CopyTo(_tour, 0);
                for (var i = 0; i < _n; i++)
                {
                    _pos[_tour[i]] = i;
                }
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

    private int Succ(int node) => _tour[_pos[node] + 1 == _n ? 0 : _pos[node] + 1];

    private int Pred(int node) => _tour[_pos[node] == 0 ? _n - 1 : _pos[node] - 1];

    private double Length()
    {
        var total = D(_tour[_n - 1], _tour[0]);
        for (var i = 1; i < _n; i++)
        {
            total += D(_tour[i - 1], _tour[i]);
        }

        return total;
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
        var b = Succ(a);
        var dab = D(a, b);
        foreach (var c in _near[a])
        {
            var dac = D(a, c);
            if (dac >= dab - Epsilon)
            {
                break;
            }

            var d = Succ(c);
            if (c != b && d != a && dab + D(c, d) - dac - D(b, d) > Epsilon)
            {
                Reverse(_pos[b], _pos[c]);
                EnqueueAll(a, b, c, d);
                return true;
            }
        }

        // Predecessor side: b a ... d c  ->  b d ... a c.
        b = Pred(a);
        dab = D(b, a);
        foreach (var c in _near[a])
        {
            var dac = D(a, c);
            if (dac >= dab - Epsilon)
            {
                break;
            }

            var d = Pred(c);
            if (c != b && d != a && dab + D(d, c) - dac - D(b, d) > Epsilon)
            {
                Reverse(_pos[a], _pos[d]);
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
            var last = _tour[(_pos[first] + length - 1) % _n];
            var p = Pred(first);
            var x = Succ(last);
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
                        var u = side == 0 ? c : Pred(c);
                        var v = side == 0 ? Succ(c) : c;
                        if (InSegment(u, first, length) || InSegment(v, first, length))
                        {
                            continue;
                        }

                        var forward = D(u, first) + D(last, v) - D(u, v);
                        var backward = D(u, last) + D(first, v) - D(u, v);
                        if (removed - Math.Min(forward, backward) > Epsilon)
                        {
                            MoveSegment(first, length, u, reversed: backward < forward);
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

    private bool InSegment(int node, int first, int length) => ((_pos[node] - _pos[first] + _n) % _n) < length;

    /// <summary>Cuts the segment out and puts it back right after <paramref name="after"/>.</summary>
    private void MoveSegment(int first, int length, int after, bool reversed)
    {
        var start = _pos[first];
        var k = 0;
        for (var i = length; i < _n; i++)
        {
            var node = _tour[(start + i) % _n];
            _scratch[k++] = node;
            if (node == after)
            {
                for (var s = 0; s < length; s++)
                {
                    _scratch[k++] = _tour[(start + (reversed ? length - 1 - s : s)) % _n];
                }
            }
        }

        _scratch.CopyTo(_tour, 0);
        for (var i = 0; i < _n; i++)
        {
            _pos[_tour[i]] = i;
        }
    }

    /// <summary>Reverses the cyclic run from position i to j, or its complement when that is shorter.</summary>
    private void Reverse(int i, int j)
    {
        var length = ((j - i + _n) % _n) + 1;
        if (2 * length > _n)
        {
            (i, j) = ((j + 1) % _n, (i - 1 + _n) % _n);
            length = _n - length;
        }

        for (var s = 0; s < length / 2; s++)
        {
            var a = _tour[i];
            var b = _tour[j];
            _tour[i] = b;
            _tour[j] = a;
            _pos[b] = i;
            _pos[a] = j;
            i = i + 1 == _n ? 0 : i + 1;
            j = j == 0 ? _n - 1 : j - 1;
        }
    }

    /// <summary>Double bridge on nearby segments: x B C R becomes x C B R.</summary>
    private void Kick(SplitMix64 random)
    {
        var maxSegment = Math.Max(1, Math.Min(3 + (_n / 10), (_n - 2) / 2));
        var l1 = 1 + random.Next(maxSegment);
        var l2 = 1 + random.Next(maxSegment);
        var start = random.Next(_n);
        var k = 0;
        _scratch[k++] = _tour[start];
        for (var i = 0; i < l2; i++)
        {
            _scratch[k++] = _tour[(start + 1 + l1 + i) % _n];
        }

        for (var i = 0; i < l1; i++)
        {
            _scratch[k++] = _tour[(start + 1 + i) % _n];
        }

        for (var i = 1 + l1 + l2; i < _n; i++)
        {
            _scratch[k++] = _tour[(start + i) % _n];
        }

        _scratch.CopyTo(_tour, 0);
        for (var i = 0; i < _n; i++)
        {
            _pos[_tour[i]] = i;
        }

        // The ends of the moved segments are where improvement can start.
        EnqueueAll(_tour[0], _tour[1], _tour[l2], _tour[l2 + 1]);
        Enqueue(_tour[l1 + l2]);
        Enqueue(_tour[(l1 + l2 + 1) % _n]);
    }

    private void EnqueueAll(int a, int b, int c, int d)
    {
        Enqueue(a);
        Enqueue(b);
        Enqueue(c);
        Enqueue(d);
    }
}
