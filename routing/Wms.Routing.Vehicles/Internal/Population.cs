namespace Wms.Routing.Vehicles.Internal;

/// <summary>
/// Two subpopulations (feasible, infeasible) ranked by biased fitness: cost rank plus diversity rank
/// (broken-pairs distance to the closest members), as in HGS-CVRP.
/// </summary>
internal sealed class Population
{
    public const int Mu = 25;
    public const int Lambda = 40;
    private const int Elite = 4;
    private const int Close = 5;
    private const double CostTolerance = 1e-9;

    private readonly List<Individual> _feasible = [];
    private readonly List<Individual> _infeasible = [];

    public Individual? Best { get; private set; }

    private Individual? _bestSinceClear;

    public int Count => _feasible.Count + _infeasible.Count;

    /// <summary>One subpopulation, cheapest first.</summary>
    public IReadOnlyList<Individual> Members(bool feasible) => feasible ? _feasible : _infeasible;

    /// <summary>
    /// Adds the individual; true when it is the best feasible solution since the population was last
    /// cleared (a restart), as HGS-CVRP counts iterations without improvement. <see cref="Best"/> is the
    /// best overall.
    /// </summary>
    public bool Add(Individual ind, Penalties penalties)
    {
        ind.Reprice(penalties);
        var sub = ind.IsFeasible ? _feasible : _infeasible;
        foreach (var other in sub)
        {
            double d = ind.BrokenPairsDistance(other);
            InsertSorted(other.Proximity, d, ind);
            InsertSorted(ind.Proximity, d, other);
        }

        // Before the members of equal cost, as HGS-CVRP places it: the newest of equal cost ranks first.
        int at = 0;
        while (at < sub.Count && sub[at].PenalizedCost <= ind.PenalizedCost - CostTolerance)
        {
            at++;
        }

        sub.Insert(at, ind);
        // Cut when it passes mu + lambda, as HGS-CVRP does (so up to 65 members between cuts).
        if (sub.Count > Mu + Lambda)
        {
            while (sub.Count > Mu)
            {
                RemoveWorst(sub);
            }
        }

        if (ind.IsFeasible && (Best is null || ind.Cost < Best.Cost - CostTolerance))
        {
            Best = ind;
        }

        if (ind.IsFeasible && (_bestSinceClear is null || ind.Cost < _bestSinceClear.Cost - CostTolerance))
        {
            _bestSinceClear = ind;
            return true;
        }

        return false;
    }

    public void ResetBest() => Best = null;

    public void Clear()
    {
        _bestSinceClear = null;
        _feasible.Clear();
        _infeasible.Clear();
    }

    /// <summary>After a penalty change the infeasible members are repriced and reordered.</summary>
    public void Reprice(Penalties penalties)
    {
        foreach (var ind in _infeasible)
        {
            ind.Reprice(penalties);
        }

        // A stable sort, as HGS-CVRP's: members of equal cost keep their order.
        var sorted = _infeasible.OrderBy(i => i.PenalizedCost).ToList();
        _infeasible.Clear();
        _infeasible.AddRange(sorted);
    }

    /// <summary>One subpopulation as HGS-CVRP's log reports it, over its best <see cref="Mu"/> members.</summary>
    public SubpopulationTrace Trace(bool feasible)
    {
        var sub = Members(feasible);
        int size = Math.Min(Mu, sub.Count);
        double cost = 0;
        double diversity = 0;
        for (int i = 0; i < size; i++)
        {
            cost += sub[i].PenalizedCost;
            diversity += sub[i].AverageDistanceToClosest(size);
        }

        return size == 0
            ? new SubpopulationTrace(0, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new SubpopulationTrace(sub.Count, sub[0].PenalizedCost, cost / size, diversity / size, sub[0].RoutesUsed,
                sub[0].Cost, sub[0].ExcessWeight, sub.Average(i => i.RoutesUsed), sub.Average(i => i.ExcessWeight));
    }

    public Individual SelectParent(Rng rng)
    {
        UpdateBiasedFitness(_feasible);
        UpdateBiasedFitness(_infeasible);
        var a = Pick(rng);
        var b = Pick(rng);
        // On a tie the second, as HGS-CVRP's binary tournament.
        return a.BiasedFitness < b.BiasedFitness ? a : b;
    }

    private Individual Pick(Rng rng)
    {
        int i = rng.Next(Count);
        return i < _feasible.Count ? _feasible[i] : _infeasible[i - _feasible.Count];
    }

    private static void RemoveWorst(List<Individual> sub)
    {
        UpdateBiasedFitness(sub);
        int worst = -1;
        bool worstIsClone = false;
        double worstFitness = double.MinValue;
        // The best-cost member (index 0) is never removed.
        for (int i = 1; i < sub.Count; i++)
        {
            bool clone = sub[i].AverageDistanceToClosest(1) < 1e-9;
            if ((clone && !worstIsClone) || (clone == worstIsClone && sub[i].BiasedFitness > worstFitness))
            {
                worst = i;
                worstIsClone = clone;
                worstFitness = sub[i].BiasedFitness;
            }
        }

        var removed = sub[worst];
        sub.RemoveAt(worst);
        foreach (var other in sub)
        {
            other.Proximity.RemoveAll(p => ReferenceEquals(p.Other, removed));
        }
    }

    private static void UpdateBiasedFitness(List<Individual> sub)
    {
        int n = sub.Count;
        if (n == 1)
        {
            sub[0].BiasedFitness = 0;
        }

        if (n <= 1)
        {
            return;
        }

        var ranking = new (double Diversity, int Index)[n];
        for (int i = 0; i < n; i++)
        {
            ranking[i] = (-sub[i].AverageDistanceToClosest(Close), i);
        }

        Array.Sort(ranking);
        for (int i = 0; i < n; i++)
        {
            double divRank = (double)i / (n - 1);
            double fitRank = (double)ranking[i].Index / (n - 1);
            sub[ranking[i].Index].BiasedFitness = n <= Elite ? fitRank : fitRank + ((1.0 - ((double)Elite / n)) * divRank);
        }
    }

    private static void InsertSorted(List<(double Distance, Individual Other)> list, double d, Individual other)
    {
        int lo = 0;
        int hi = list.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (list[mid].Distance <= d)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        list.Insert(lo, (d, other));
    }
}
