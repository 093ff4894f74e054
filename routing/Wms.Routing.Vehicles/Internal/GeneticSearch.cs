namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Hybrid genetic search (Vidal 2022): OX crossover on giant tours, split, granular local search with
/// SWAP*, penalised infeasible solutions with adaptive penalties, diversity-aware survivor selection and
/// restarts after long stagnation.
/// </summary>
internal sealed class GeneticSearch
{
    private const int PenaltyPeriod = 100;
    private const int IterationsBeforeRestart = 20000;
    private const double TargetFeasible = 0.2;
    private const double StarvedRise = 2;

    private readonly Instance _in;
    private readonly Rng _rng;
    private readonly LocalSearch _ls;
    private readonly Split _split;
    private readonly Population _pop = new();
    private readonly StopCondition _stop;
    private readonly Action<Individual, long> _onImproved;
    private readonly Penalties _pen;
    private readonly (double Min, double Max) _bounds;
    private int _feasW;
    private int _feasV;
    private int _feasT;
    private int _samples;
    private int _feasAll;
    private bool _starved;
    private readonly Penalties _hard;
    private const int ReductionPatience = 2500;

    private int _active;
    private Individual? _fleetWitness;
    private Individual? _lastWitness;
    private long _phaseStart;
    private TimeSpan _phaseDeadline;
    private bool _fleetLocked;

    public GeneticSearch(Instance instance, Rng rng, LocalSearch ls, StopCondition stop, bool vehiclesFirst, Action<Individual, long> onImproved)
    {
        VehiclesFirst = vehiclesFirst;
        _active = instance.K;
        _in = instance;
        _rng = rng;
        _ls = ls;
        _split = new Split(instance);
        _stop = stop;
        _onImproved = onImproved;
        double maxTime = 0;
        foreach (double t in instance.Time)
        {
            maxTime = Math.Max(maxTime, t);
        }

        double cpk = instance.Cpk.Max();
        double w = instance.MaxWeight > 0 ? instance.MaxDist * cpk / instance.MaxWeight : 1;
        double v = instance.MaxVolume > 0 ? instance.MaxDist * cpk / instance.MaxVolume : 1;
        // Starting high is cheap (it decays by 0.85 per period) while starting low leaves the first
        // population without a single time-feasible member.
        double t0 = maxTime > 0 ? 10 * instance.MaxDist * cpk / maxTime : 1;
        _pen = new Penalties(Math.Clamp(w, 0.1, 1000), Math.Clamp(v, 0.1, 1000), Math.Clamp(t0, 0.1, 1000));
        _bounds = (1e-3, instance.BigM);
        _hard = new Penalties(instance.BigM, instance.BigM, instance.BigM);
    }

    public bool VehiclesFirst { get; }

    /// <summary>Genetic iterations run so far (crossover, split, local search and insertion each).</summary>
    public long Iterations { get; private set; }

    /// <summary>Penalty periods in which under 2 % of offspring were feasible (the bench reports them).</summary>
    public long StarvedPeriods { get; private set; }

    /// <summary>Called every <see cref="TraceEvery"/> iterations with the population (the bench's `--trace`).</summary>
    public Action<PopulationTrace>? Trace { get; init; }

    public int TraceEvery { get; init; }

    // Share of the last penalty period's offspring within their weight capacity, for the trace.
    private double _lastWeightShare;

    /// <summary>The hierarchical order of <see cref="SolverObjective.VehiclesFirst"/>, or plain cost.</summary>
    public static bool Better(Individual a, Individual b, bool vehiclesFirst)
    {
        if (vehiclesFirst)
        {
            if (a.Unserved.Length != b.Unserved.Length)
            {
                return a.Unserved.Length < b.Unserved.Length;
            }

            if (a.RoutesUsed != b.RoutesUsed)
            {
                return a.RoutesUsed < b.RoutesUsed;
            }
        }

        return a.Cost < b.Cost - 1e-9;
    }

    public Individual? Run(Individual? seed)
    {
        long iteration = 0;
        if (seed is not null)
        {
            Offer(seed, iteration);
        }

        if (_fleetWitness is { } first)
        {
            ReduceFleet(first, iteration);
        }
        else
        {
            Initialise(iteration);
        }

        // Iteration 0 is the initial population, as HGS-CVRP's log starts.
        ReportTrace(iteration, 0, WeightShare);
        int sinceImprovement = 0;
        while (!_stop.ShouldStop(iteration) && _in.N > 1)
        {
            iteration++;
            Iterations = iteration;
            var p1 = _pop.SelectParent(_rng);
            var p2 = _pop.SelectParent(_rng);
            var child = Educate(Crossover(p1.GiantTour, p2.GiantTour), iteration, p1.RoutesUsed);
            sinceImprovement = child ? 0 : sinceImprovement + 1;
            if (iteration % PenaltyPeriod == 0)
            {
                AdaptPenalties();
            }

            if (Trace is not null && iteration % TraceEvery == 0)
            {
                ReportTrace(iteration, sinceImprovement, _lastWeightShare);
            }

            if (_fleetWitness is { } witness)
            {
                ReduceFleet(witness, iteration);
                sinceImprovement = 0;
            }
            else if (_lastWitness is { } last && !_fleetLocked
                && (iteration - _phaseStart >= ReductionPatience || _stop.Elapsed >= _phaseDeadline))
            {
                // One vehicle fewer seems out of reach: spend the rest on the distance of the fleet we have.
                // (A later attempt could succeed; lexicographic order makes distance matter only at equal fleet.)
                _fleetLocked = true;
                Restart(last, last.RoutesUsed, iteration);
                sinceImprovement = 0;
            }
            else if (sinceImprovement >= IterationsBeforeRestart)
            {
                _pop.Clear();
                Initialise(iteration);
                sinceImprovement = 0;
            }
        }

        return _pop.Best;
    }

    // Share of the offspring since the last penalty period within their weight capacity.
    private double WeightShare => _samples == 0 ? double.NaN : (double)_feasW / _samples;

    private void ReportTrace(long iteration, int sinceImprovement, double weightFeasibleShare) =>
        Trace?.Invoke(new PopulationTrace(iteration, sinceImprovement, _pop.Trace(feasible: true), _pop.Trace(feasible: false), weightFeasibleShare, _pen.Weight));

    /// <summary>All stops fit on m vehicles: withdraw vehicles m-1.. and search again, seeded with the witness's tour.</summary>
    private void ReduceFleet(Individual witness, long iteration)
    {
        _fleetWitness = null;
        _lastWitness = witness;
        _phaseStart = iteration;

        // A reduction attempt may use a quarter of the time left, so the fleet we have still gets its distance optimised.
        var remaining = _stop.Remaining;
        _phaseDeadline = remaining > TimeSpan.Zero && remaining < TimeSpan.FromDays(1)
            ? _stop.Elapsed + (remaining / 4) : TimeSpan.MaxValue;
        Restart(witness, witness.RoutesUsed - 1, iteration);
    }

    private void Restart(Individual seed, int active, long iteration)
    {
        _active = active;
        _ls.ActiveVehicles = active;
        _pop.Clear();
        _pop.ResetBest();
        Educate(seed.GiantTour, iteration);
        Initialise(iteration);
    }

    private void Initialise(long iteration)
    {
        var tour = new int[_in.N];
        for (int i = 0; i < tour.Length; i++)
        {
            tour[i] = i + 1;
        }

        for (int k = 0; k < 4 * Population.Mu && !_stop.ShouldStop(iteration); k++)
        {
            _rng.Shuffle(tour);
            Educate(tour, iteration);
        }
    }

    /// <summary>Split, local search, insertion, and a repair attempt for half of the infeasible children.</summary>
    private bool Educate(int[] tour, long iteration, int maxRoutes = int.MaxValue)
    {
        var routes = _split.Run(tour, _pen, _active, maxRoutes);
        var child = _ls.Run(new Individual(_in, routes), _pen);
        _samples++;
        _feasW += child.IsWeightFeasible ? 1 : 0;
        _feasV += child.IsVolumeFeasible ? 1 : 0;
        _feasT += child.IsTimeFeasible ? 1 : 0;
        _feasAll += child.IsFeasible ? 1 : 0;
        bool improved = Offer(child, iteration);
        if (!child.IsFeasible && _rng.Next(2) == 0)
        {
            var repaired = _ls.Run(child, _pen.Scaled(10));
            if (!repaired.IsFeasible && _starved)
            {
                // Starved: hardly any offspring is feasible, typically because some stop is cheaper to carry
                // with time warp or overload than to leave out at the present penalties (a required stop's
                // big-M is far above them). The adaptive penalties take thousands of iterations to catch up,
                // so meanwhile repair at the highest prices, where leaving such a stop out pays.
                repaired = _ls.Run(repaired, _hard);
            }

            if (repaired.IsFeasible)
            {
                improved |= Offer(repaired, iteration);
            }
        }

        return improved;
    }

    private bool Offer(Individual ind, long iteration)
    {
        bool improved = _pop.Add(ind, _pen);
        if (improved || (VehiclesFirst && ind.IsFeasible))
        {
            // Under the hierarchy a dearer plan with fewer vehicles is still progress; the caller decides.
            _onImproved(ind, iteration);
        }

        if (VehiclesFirst && !_fleetLocked && ind.IsFeasible && ind.Unserved.Length == 0 && ind.RoutesUsed > 1
            && (_fleetWitness is null || ind.RoutesUsed < _fleetWitness.RoutesUsed))
        {
            _fleetWitness = ind;
        }

        return improved;
    }

    private int[] Crossover(int[] a, int[] b)
    {
        int n = a.Length;
        var child = new int[n];
        var taken = new bool[_in.Nodes];
        int start = _rng.Next(n);
        int end = _rng.Next(n);
        while (end == start && n > 1)
        {
            end = _rng.Next(n);
        }

        int j = start;
        while (j % n != (end + 1) % n)
        {
            child[j % n] = a[j % n];
            taken[child[j % n]] = true;
            j++;
        }

        for (int i = 1; i <= n; i++)
        {
            int c = b[(end + i) % n];
            if (!taken[c])
            {
                child[j % n] = c;
                j++;
            }
        }

        return child;
    }

    private void AdaptPenalties()
    {
        _pen.Weight = Adapt(_pen.Weight, _feasW);
        _pen.Volume = Adapt(_pen.Volume, _feasV);
        _pen.Time = Adapt(_pen.Time, _feasT);
        _lastWeightShare = WeightShare;
        _starved = _samples > 0 && _feasAll * 50 < _samples;
        StarvedPeriods += _starved ? 1 : 0;
        _feasW = _feasV = _feasT = _feasAll = _samples = 0;
        _pop.Reprice(_pen);
    }

    private double Adapt(double penalty, int feasibleCount)
    {
        double fraction = _samples == 0 ? TargetFeasible : (double)feasibleCount / _samples;
        if (fraction < TargetFeasible - 0.05)
        {
            // _starved is the period before's finding (under 2 % of offspring feasible). A conflict that only a
            // far higher price settles, such as two required stops that cannot share their only van, keeps every
            // offspring infeasible; at 1.2× per period the price takes thousands of iterations to get there.
            return Math.Min(penalty * (_starved ? StarvedRise : 1.2), _bounds.Max);
        }

        return fraction > TargetFeasible + 0.05 ? Math.Max(penalty * 0.85, _bounds.Min) : penalty;
    }
}
