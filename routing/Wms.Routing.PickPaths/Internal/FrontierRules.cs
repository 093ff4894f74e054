namespace Wms.Routing.PickPaths.Internal;

/// <summary>
/// The state algebra of <see cref="MultiBlockDp"/>. A state packs, per frontier vertex (one per cross
/// aisle), its degree class (zero, even, odd) and a component label, labels numbered in order of first
/// appearance so that equal situations share one code. Transitions are derived with a small union-find
/// and memoised, as they do not depend on the aisle.
/// </summary>
internal sealed class FrontierRules
{
    public const int Empty = 0;
    public const int Invalid = -1;
    private const int Closed = int.MaxValue;
    private const int Zero = 0, Even = 1, Odd = 2;
    private const int Bits = 5;

    // Transitions are pure functions of the state and the choice, so the memo outlives a solve. One
    // instance per thread and block count: no locks, and warm from the second solve on a thread.
    [ThreadStatic]
    private static FrontierRules?[]? t_perThread;

    private readonly int _vertices;
    private readonly Dictionary<long, int[]> _vertical = [];
    private readonly Dictionary<long, AcrossChoice[]> _across = [];
    private readonly int[] _copies;
    private readonly int[] _degree;
    private readonly int[] _label;
    private readonly int[] _parent;
    private readonly int[] _newLabel;

    private FrontierRules(int vertexCount)
    {
        _vertices = vertexCount;
        _degree = new int[vertexCount];
        _label = new int[vertexCount];
        _parent = new int[2 * vertexCount];
        _newLabel = new int[2 * vertexCount];
        _copies = new int[vertexCount];
    }

    /// <summary>The rules for <paramref name="vertexCount"/> frontier vertices, owned by the calling thread.</summary>
    public static FrontierRules ForCurrentThread(int vertexCount)
    {
        var cache = t_perThread ??= new FrontierRules?[MultiBlockDp.MaxBlocks + 2];
        return cache[vertexCount] ??= new FrontierRules(vertexCount);
    }

    /// <summary>
    /// The state after adding block <paramref name="block"/>'s segment of the current aisle, for each
    /// <see cref="VerticalConfig"/> (indexed by it); <see cref="Invalid"/> where not allowed.
    /// </summary>
    public int[] Vertical(int state, int block)
    {
        var key = ((long)state << 8) | (uint)block;
        if (!_vertical.TryGetValue(key, out var next))
        {
            next = new int[AisleColumn.ConfigCount];
            for (var v = 0; v < next.Length; v++)
            {
                next[v] = VerticalUncached(state, block, (VerticalConfig)v);
            }

            _vertical.Add(key, next);
        }

        return next;
    }

    private int VerticalUncached(int state, int block, VerticalConfig config)
    {
        int result;
        if (state == Closed)
        {
            result = config == VerticalConfig.None ? Closed : Invalid;
        }
        else
        {
            Decode(state, _vertices);
            var (front, back, joins) = config switch
            {
                VerticalConfig.Traverse => (1, 1, true),
                VerticalConfig.DoubleTraverse => (2, 2, true),
                VerticalConfig.FromBack => (0, 2, false),
                VerticalConfig.FromFront => (2, 0, false),
                VerticalConfig.LargestGap => (2, 2, false),
                _ => (0, 0, false),
            };
            _degree[block] = Add(_degree[block], front);
            _degree[block + 1] = Add(_degree[block + 1], back);
            if (joins)
            {
                Union(block, block + 1);
            }

            result = Encode(0);
        }

        return result;
    }

    /// <summary>
    /// Every valid way to continue from <paramref name="state"/> to the next aisle: the state reached,
    /// how many cross-aisle edges it takes, and the choice (copies per cross aisle, base 3).
    /// </summary>
    /// <param name="depotVertex">The cross aisle whose vertex is the depot, when the sweep leaves the depot's aisle; else -1.</param>
    public AcrossChoice[] Across(int state, int depotVertex)
    {
        var key = ((long)state << 8) | (long)(depotVertex + 1);
        if (_across.TryGetValue(key, out var known))
        {
            return known;
        }

        // Odd vertices need exactly one more edge, the others none or two.
        var choices = new List<AcrossChoice>();
        var free = EvenVertices(state);
        for (var mask = 0; mask < 1 << _vertices; mask++)
        {
            if ((mask & ~free) != 0)
            {
                continue;
            }

            var code = 0;
            var count = 0;
            for (var c = _vertices - 1; c >= 0; c--)
            {
                _copies[c] = (free & (1 << c)) == 0 ? 1 : ((mask & (1 << c)) != 0 ? 2 : 0);
                code = (code * 3) + _copies[c];
                count += _copies[c];
            }

            var next = AcrossUncached(state, _copies, depotVertex);
            if (next != Invalid)
            {
                choices.Add(new AcrossChoice(next, count, code));
            }
        }

        var result = choices.ToArray();
        _across.Add(key, result);
        return result;
    }

    public bool IsFinal(int state, int depotVertex)
    {
        if (state == Closed)
        {
            return depotVertex < 0;
        }

        var any = false;
        for (var k = 0; k < _vertices; k++)
        {
            var v = (state >> (Bits * k)) & 31;
            if ((v & 3) == Odd || (v >> 2) > 1)
            {
                return false;
            }

            any |= (v & 3) != Zero;
        }

        return any && (depotVertex < 0 || ((state >> (Bits * depotVertex)) & 3) != Zero);
    }

    private int AcrossUncached(int state, int[] copies, int depotVertex)
    {
        var allZero = copies.All(c => c == 0);
        if (state == Closed)
        {
            return allZero && depotVertex < 0 ? Closed : Invalid;
        }

        // Union-find over old frontier (0..k-1) and new frontier (k..2k-1).
        Decode(state, 2 * _vertices);
        for (var k = 0; k < _vertices; k++)
        {
            var old = Add(_degree[k], copies[k]);
            if (old == Odd)
            {
                return Invalid;
            }

            _degree[k] = old;
            if (copies[k] > 0)
            {
                Union(k, _vertices + k);
            }
        }

        if (depotVertex >= 0 && _degree[depotVertex] == Zero)
        {
            return Invalid;
        }

        // A component that reaches no new vertex can never grow again: fine only if it is the whole tour.
        var components = 0;
        var stranded = 0;
        for (var x = 0; x < 2 * _vertices; x++)
        {
            var active = x < _vertices ? _degree[x] != Zero : copies[x - _vertices] > 0;
            if (!active || Find(x) != x)
            {
                continue;
            }

            components++;
            var reachesNew = false;
            for (var k = 0; k < _vertices; k++)
            {
                reachesNew |= copies[k] > 0 && Find(_vertices + k) == x;
            }

            stranded += reachesNew ? 0 : 1;
        }

        if (stranded > 0)
        {
            return components == 1 ? Closed : Invalid;
        }

        for (var k = 0; k < _vertices; k++)
        {
            _degree[k] = copies[k] == 0 ? Zero : (copies[k] == 1 ? Odd : Even);
        }

        return Encode(_vertices);
    }

    /// <summary>Bit mask of frontier vertices whose degree is not odd.</summary>
    private int EvenVertices(int state)
    {
        if (state == Closed)
        {
            return (1 << _vertices) - 1;
        }

        var mask = 0;
        for (var k = 0; k < _vertices; k++)
        {
            mask |= ((state >> (Bits * k)) & 3) == Odd ? 0 : 1 << k;
        }

        return mask;
    }

    private static int Add(int degree, int copies) =>
        copies == 0 ? degree : (((degree == Odd ? 1 : 0) + copies) % 2 == 1 ? Odd : Even);

    /// <summary>Loads degrees and seeds the union-find with the state's components.</summary>
    private void Decode(int state, int nodes)
    {
        for (var x = 0; x < nodes; x++)
        {
            _parent[x] = x;
        }

        for (var k = 0; k < _vertices; k++)
        {
            var v = (state >> (Bits * k)) & 31;
            _degree[k] = v & 3;
            _label[k] = v >> 2;
            for (var other = 0; other < k; other++)
            {
                if (_label[k] != 0 && _label[other] == _label[k])
                {
                    Union(other, k);
                }
            }
        }
    }

    /// <summary>Packs <see cref="_degree"/> with labels from the union-find roots of nodes offset.. .</summary>
    private int Encode(int offset)
    {
        Array.Fill(_newLabel, 0);
        var next = 1;
        var state = 0;
        for (var k = 0; k < _vertices; k++)
        {
            var label = 0;
            if (_degree[k] != Zero)
            {
                var root = Find(offset + k);
                if (_newLabel[root] == 0)
                {
                    _newLabel[root] = next++;
                }

                label = _newLabel[root];
            }

            state |= (_degree[k] | (label << 2)) << (Bits * k);
        }

        return state;
    }

    private int Find(int x)
    {
        while (_parent[x] != x)
        {
            x = _parent[x] = _parent[_parent[x]];
        }

        return x;
    }

    private void Union(int a, int b) => _parent[Find(a)] = Find(b);
}
