namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// A closed tour as an array plus each node's position, so that successor, predecessor and "is this
/// node inside that run" are constant time; the moves of <see cref="LocalSearch"/> edit it in place.
/// </summary>
internal sealed class CyclicTour
{
    private readonly double[] _d;
    private readonly int _n;
    private readonly int[] _tour;
    private readonly int[] _pos;
    private readonly int[] _scratch;

    public CyclicTour(double[] distances, int nodeCount)
    {
        _d = distances;
        _n = nodeCount;
        _tour = new int[_n];
        _pos = new int[_n];
        _scratch = new int[_n];
    }

    public int Count => _n;

    public int this[int position] => _tour[position];

    public int PositionOf(int node) => _pos[node];

    public void Load(ReadOnlySpan<int> nodes)
    {
        nodes.CopyTo(_tour);
        for (var i = 0; i < _n; i++)
        {
            _pos[_tour[i]] = i;
        }
    }

    public void CopyTo(int[] destination) => _tour.CopyTo(destination, 0);

    public int Succ(int node) => _tour[_pos[node] + 1 == _n ? 0 : _pos[node] + 1];

    public int Pred(int node) => _tour[_pos[node] == 0 ? _n - 1 : _pos[node] - 1];

    public double Length()
    {
        var total = Distance(_tour[_n - 1], _tour[0]);
        for (var i = 1; i < _n; i++)
        {
            total += Distance(_tour[i - 1], _tour[i]);
        }

        return total;
    }

    public bool InSegment(int node, int first, int length) => ((_pos[node] - _pos[first] + _n) % _n) < length;

    /// <summary>Cuts the segment out and puts it back right after <paramref name="after"/>.</summary>
    public void MoveSegment(int first, int length, int after, bool reversed)
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

        Load(_scratch);
    }

    /// <summary>Reverses the cyclic run from position i to j, or its complement when that is shorter.</summary>
    public void Reverse(int i, int j)
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

    /// <summary>
    /// Double bridge on nearby segments: x B C R becomes x C B R. Returns the six nodes at the ends of
    /// the moved segments, where improvement can start.
    /// </summary>
    public (int A, int B, int C, int D, int E, int F) DoubleBridge(SplitMix64 random)
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

        Load(_scratch);
        return (_tour[0], _tour[1], _tour[l2], _tour[l2 + 1], _tour[l1 + l2], _tour[(l1 + l2 + 1) % _n]);
    }

    private double Distance(int a, int b) => _d[(a * _n) + b];
}
