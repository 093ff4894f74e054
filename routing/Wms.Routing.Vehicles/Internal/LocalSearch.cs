using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Granular local search over penalised solutions (HGS-CVRP structure). Routes are flat arrays with
/// prefix data (distance, loads, time segments) so that every move is priced by concatenating a few
/// pieces in O(1); only intra-route ranges under time windows need a short loop.
/// </summary>
internal sealed partial class LocalSearch
{
    private const double Epsilon = 1e-7;

    private readonly Instance _in;
    private readonly double[] _dist;
    private readonly int _nodes;
    private readonly Rng _rng;
    private readonly int[][] _seq;
    private readonly int[] _len;
    private readonly double[][] _cumDist;
    private readonly double[][] _cumRev;
    private readonly double[][] _cumW;
    private readonly double[][] _cumV;
    private readonly int[][] _cumRestricted;
    private readonly bool[]? _forbidden;
    private readonly TimeSegment[][] _fwd;
    private readonly TimeSegment[][] _bwd;
    private readonly double[] _routeCost;
    private readonly double[] _loadPen;
    private readonly double[] _timePen;
    private readonly double _uniformCpk;
    private readonly long[] _whenModified;
    private readonly long[] _whenTestedSwapStar;
    private readonly int[] _routeOf;
    private readonly int[] _posOf;
    private readonly long[] _whenTested;
    private readonly int[] _orderNodes;
    private readonly int[] _orderRoutes;
    private readonly int[][] _neighbours;
    private readonly int[] _scratchA;
    private readonly int[] _scratchB;
    private readonly bool[]? _linked;
    private readonly TimeSegment[] _tripSeg;
    private readonly double[] _nonTime;
    private readonly double[] _dayCost;
    private readonly Proposal _pa = new();
    private readonly Proposal _pb = new();
    private Penalties _pen = new(1, 1, 1);
    private long _moves;
    private LocalSearchCounts _counts;

    public LocalSearch(Instance instance, Rng rng)
    {
        _in = instance;
        _dist = instance.Dist;
        _nodes = instance.Stride;
        _rng = rng;
        _uniformCpk = instance.K > 0 && instance.Fixed.All(f => f == 0) && instance.Cpk.All(c => c == instance.Cpk[0]) ? instance.Cpk[0] : double.NaN;
        int k = instance.K;
        int cap = instance.N + 2;
        _seq = new int[k][];
        _len = new int[k];
        _cumDist = new double[k][];
        _cumRev = new double[k][];
        _cumW = new double[k][];
        _cumV = new double[k][];
        _cumRestricted = new int[k][];
        _forbidden = instance.Forbidden;
        _fwd = new TimeSegment[k][];
        _bwd = new TimeSegment[k][];
        for (int r = 0; r < k; r++)
        {
            _seq[r] = new int[cap];
            _cumDist[r] = new double[cap];
            _cumRev[r] = new double[cap];
            _cumW[r] = new double[cap];
            _cumV[r] = new double[cap];
            _cumRestricted[r] = new int[cap];
            _fwd[r] = new TimeSegment[cap];
            _bwd[r] = new TimeSegment[cap];
        }

        _routeCost = new double[k];
        _linked = instance.Linked;
        _tripSeg = new TimeSegment[_linked is null ? 0 : k];
        _nonTime = new double[_linked is null ? 0 : k];
        _dayCost = new double[_linked is null ? 0 : k];
        _loadPen = new double[k];
        _timePen = new double[k];
        _whenModified = new long[k];
        _whenTestedSwapStar = new long[k];
        _routeOf = new int[instance.Nodes];
        _posOf = new int[instance.Nodes];
        _whenTested = new long[instance.Nodes];
        _orderNodes = new int[instance.N];
        for (int i = 0; i < instance.N; i++)
        {
            _orderNodes[i] = i + 1;
        }

        _orderRoutes = new int[k];
        for (int r = 0; r < k; r++)
        {
            _orderRoutes[r] = r;
        }

        _neighbours = [.. instance.Neighbours.Select(n => (int[])n.Clone())];
        _scratchA = new int[cap];
        _scratchB = new int[cap];
        _swapPositions = new SwapStarPositions[instance.Nodes];
        _swapArcs = new double[cap];
        _sectors = new Sector[instance.Angle is null ? 0 : k];
        ActiveVehicles = k;
    }

    /// <summary>Vehicles 0..ActiveVehicles-1 may be used; the rest stay empty (fleet minimisation).</summary>
    public int ActiveVehicles { get; set; }

    /// <summary>What the runs so far did (the bench's `local search:` line).</summary>
    public LocalSearchCounts Counts => _counts;

    /// <summary>Improves the individual's routes in place of a new individual, which is returned.</summary>
    public Individual Run(Individual start, Penalties penalties)
    {
        Load(start.Routes, penalties);
        long loaded = _moves;
        Improve();
        _counts = _counts with { Runs = _counts.Runs + 1, Moves = _counts.Moves + _moves - loaded };
        return Export();
    }

    public void Load(int[][] routes, Penalties penalties)
    {
        _pen = penalties;
        _moves = 1;
        Array.Fill(_routeOf, -1);
        Array.Fill(_posOf, -1);
        Array.Clear(_whenTested);
        Array.Clear(_whenTestedSwapStar);
        for (int r = 0; r < _in.K; r++)
        {
            var route = r < routes.Length ? routes[r] : [];
            _len[r] = route.Length;
            _seq[r][0] = _in.DepotNode[r];
            route.CopyTo(_seq[r], 1);
            _seq[r][route.Length + 1] = _in.DepotNode[r];
            UpdateRoute(r);
        }
    }

    public Individual Export()
    {
        var routes = new int[_in.K][];
        for (int r = 0; r < _in.K; r++)
        {
            routes[r] = _seq[r].AsSpan(1, _len[r]).ToArray();
        }

        return new Individual(_in, routes);
    }

    private void Improve()
    {
        _rng.Shuffle(_orderNodes);
        _rng.Shuffle(_orderRoutes);
        for (int i = 1; i < _neighbours.Length; i++)
        {
            if (_rng.Next(_in.GranularSize) == 0)
            {
                _rng.Shuffle(_neighbours[i]);
            }
        }

        bool completed = false;
        long pairs = 0;
        int loop = 0;
        for (; !completed; loop++)
        {
            // At least two loops: moves into empty routes are only tried from the second one, so the
            // fleet does not grow needlessly early on.
            completed = loop > 1;
            foreach (int u in _orderNodes)
            {
                if (_routeOf[u] < 0)
                {
                    completed &= !TryInsertUnserved(u);
                    continue;
                }

                long lastTested = _whenTested[u];
                _whenTested[u] = _moves;
                foreach (int v in _neighbours[u])
                {
                    int rv = _routeOf[v];
                    if (rv < 0 || (loop > 0 && Math.Max(_whenModified[_routeOf[u]], _whenModified[rv]) <= lastTested))
                    {
                        continue;
                    }

                    pairs++;
                    if (TryMovesWith(u, rv, _posOf[v]) || ((loop > 0 || _in.Homogeneous) && _posOf[v] == 1 && TryMovesWith(u, rv, 0)))
                    {
                        completed = false;
                    }
                }

                if (loop > 0 && TryEmptyRoutes(u))
                {
                    completed = false;
                }

                if (TryRemove(u))
                {
                    completed = false;
                }
            }

            if (SwapStarPhase(loop))
            {
                completed = false;
            }
        }

        _counts = _counts with { Loops = _counts.Loops + loop, Pairs = _counts.Pairs + pairs };
    }

    private void UpdateRoute(int r)
    {
        var s = _seq[r];
        int len = _len[r];
        s[0] = _in.DepotNode[r];
        s[len + 1] = _in.DepotNode[r];
        var cd = _cumDist[r];
        var cr = _cumRev[r];
        var cw = _cumW[r];
        var cv = _cumV[r];
        var cres = _cumRestricted[r];
        var fwd = _fwd[r];
        int foreign = 0;
        cd[0] = 0;
        cr[0] = 0;
        cw[0] = 0;
        cv[0] = 0;
        cres[0] = 0;
        fwd[0] = _in.DepotSegments[r];
        for (int p = 1; p <= len + 1; p++)
        {
            int prev = s[p - 1];
            int u = s[p];
            cd[p] = cd[p - 1] + D(prev, u);
            cr[p] = cr[p - 1] + D(u, prev);
            cw[p] = cw[p - 1] + _in.Weight[u];
            cv[p] = cv[p - 1] + _in.Volume[u];
            if (_forbidden is not null)
            {
                cres[p] = cres[p - 1] + (_in.Restricted[u] ? 1 : 0);
                foreign += _forbidden[(u * _in.K) + r] ? 1 : 0;
            }
            if (p <= len)
            {
                _routeOf[u] = r;
                _posOf[u] = p;
            }

            if (_in.HasTime && p <= len)
            {
                fwd[p] = TimeSegment.Merge(fwd[p - 1], _in.NodeSegments[u], _in.T(prev, u));
            }
        }

        if (_in.HasTime && len > 0)
        {
            var bwd = _bwd[r];
            bwd[len] = _in.NodeSegments[s[len]];
            for (int p = len - 1; p >= 1; p--)
            {
                bwd[p] = TimeSegment.Merge(_in.NodeSegments[s[p]], bwd[p + 1], _in.T(s[p], s[p + 1]));
            }
        }

        var full = _in.HasTime && len > 0 ? TimeSegment.Merge(fwd[len], _in.DepotSegments[r], _in.T(s[len], s[len + 1])) : default;
        _routeCost[r] = RouteCost(r, cd[len + 1], cw[len], cv[len], full, len, foreign);
        _loadPen[r] = len > 0 ? LoadPenalty(r, cw[len], cv[len]) : 0;
        _timePen[r] = len > 0 ? _routeCost[r] - _loadPen[r] - (_in.Cpk[r] * cd[len + 1]) - _in.Fixed[r] : 0;
        _whenModified[r] = _moves;
        if (_in.Angle is { } angle && len > 0)
        {
            var sector = Sector.Of(angle[s[1]]);
            for (int p = 2; p <= len; p++)
            {
                sector.Extend(angle[s[p]]);
            }

            _sectors[r] = sector;
        }

        if (_linked is not null && _linked[r])
        {
            _tripSeg[r] = full;
            UpdateDay(r);
        }
    }

    // A stop on a vehicle it does not allow is priced above leaving it out (fixed, not adapted like the
    // other penalties): the search may pass through such routes but never keeps one.
    private double RouteCost(int r, double dist, double w, double v, in TimeSegment seg, int count, int foreign)
    {
        if (count == 0)
        {
            return 0;
        }

        double cost = (_in.Cpk[r] * dist) + _in.Fixed[r] + (_pen.Weight * Math.Max(0, w - _in.CapW[r]));
        if (foreign > 0)
        {
            cost += _in.ForbiddenPenalty * foreign;
        }

        if (_in.HasVolume)
        {
            cost += _pen.Volume * Math.Max(0, v - _in.CapV[r]);
        }

        if (_in.HasTime && (_linked is null || !_linked[r]))
        {
            // A trip of a vehicle with several is priced in time by its whole day (DayCost).
            cost += _pen.Time * _in.TimeExcess(seg, r);
        }

        return cost;
    }

    // The innermost read of every move screen: i and j are nodes of this instance, inside the matrix.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double D(int i, int j) => At(_dist, (i * _nodes) + j);

    // The move screens read routes at positions their callers derive from the route's own length, and
    // nodes that are in the matrix: these reads, millions per second, skip the array's bounds check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T At<T>(T[] array, int index) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), index);

    private double LoadPenalty(int r, double w, double v) =>
        LoadPenalty(_pen.Weight, _pen.Volume, _in.HasVolume, _in.CapW[r], _in.CapV[r], w, v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LoadPenalty(double perWeight, double perVolume, bool hasVolume, double capW, double capV, double w, double v)
    {
        double p = perWeight * Math.Max(0, w - capW);
        return hasVolume ? p + (perVolume * Math.Max(0, v - capV)) : p;
    }
}
