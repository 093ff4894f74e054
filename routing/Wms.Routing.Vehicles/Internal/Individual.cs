namespace Wms.Routing.Vehicles.Internal;

/// <summary>A solution of the genetic search: one (possibly empty) route per vehicle plus the stops left out.</summary>
internal sealed class Individual
{
    private const double FeasibilityTolerance = 1e-6;

    public Individual(Instance instance, int[][] routes)
    {
        Routes = routes;
        Succ = new int[instance.Nodes];
        Pred = new int[instance.Nodes];
        Array.Fill(Succ, -1);
        Array.Fill(Pred, -1);
        var unserved = new List<int>();
        var giant = new List<int>(instance.N);
        foreach (int r in TourOrder(instance, routes))
        {
            var route = routes[r];
            for (int p = 0; p < route.Length; p++)
            {
                int u = route[p];
                Pred[u] = p == 0 ? 0 : route[p - 1];
                Succ[u] = p == route.Length - 1 ? 0 : route[p + 1];
                giant.Add(u);
            }
        }

        for (int i = 1; i < instance.Nodes; i++)
        {
            if (Succ[i] < 0)
            {
                unserved.Add(i);
                giant.Add(i);
            }
        }

        Unserved = [.. unserved];
        GiantTour = [.. giant];
        Measure(instance);
    }

    public int[][] Routes { get; }

    /// <summary>
    /// The order of the routes in the giant tour: by polar angle of their barycentre when routes are
    /// interchangeable (<see cref="Instance.Points"/>), empty routes last; vehicle order otherwise.
    /// </summary>
    private static int[] TourOrder(Instance instance, int[][] routes)
    {
        var order = new int[routes.Length];
        for (int r = 0; r < order.Length; r++)
        {
            order[r] = r;
        }

        if (instance.Points is not { } points)
        {
            return order;
        }

        var angle = new double[routes.Length];
        var depot = points[0];
        for (int r = 0; r < routes.Length; r++)
        {
            var route = routes[r];
            if (route.Length == 0)
            {
                angle[r] = double.MaxValue;
                continue;
            }

            double x = 0;
            double y = 0;
            foreach (int u in route)
            {
                x += points[u].X;
                y += points[u].Y;
            }

            angle[r] = Math.Atan2((y / route.Length) - depot.Y, (x / route.Length) - depot.X);
        }

        Array.Sort(angle, order);
        return order;
    }

    public int[] Unserved { get; }

    public int[] Succ { get; }

    public int[] Pred { get; }

    /// <summary>Served stops in route order, then the stops left out: the chromosome for crossover.</summary>
    public int[] GiantTour { get; }

    public double TravelCost { get; private set; }

    public double FixedCost { get; private set; }

    public double SkipCost { get; private set; }

    public double ExcessWeight { get; private set; }

    public double ExcessVolume { get; private set; }

    public double ExcessTime { get; private set; }

    public int RoutesUsed { get; private set; }

    public bool IsWeightFeasible => ExcessWeight <= FeasibilityTolerance;

    public bool IsVolumeFeasible => ExcessVolume <= FeasibilityTolerance;

    public bool IsTimeFeasible => ExcessTime <= FeasibilityTolerance;

    /// <summary>Stops on a vehicle they do not allow.</summary>
    public int Forbidden { get; private set; }

    public bool IsFeasible => IsWeightFeasible && IsVolumeFeasible && IsTimeFeasible && Forbidden == 0;

    /// <summary>The objective of a feasible plan (skip cost uses the big-M for required stops).</summary>
    public double Cost => TravelCost + FixedCost + SkipCost;

    public double PenalizedCost { get; private set; }

    public double BiasedFitness { get; set; }

    /// <summary>Other members of the subpopulation, nearest first by broken-pairs distance.</summary>
    public List<(double Distance, Individual Other)> Proximity { get; } = [];

    public void Reprice(Penalties penalties) =>
        PenalizedCost = Cost + (penalties.Weight * ExcessWeight) + (penalties.Volume * ExcessVolume) + (penalties.Time * ExcessTime) + (_forbiddenPenalty * Forbidden);

    public double AverageDistanceToClosest(int count)
    {
        int m = Math.Min(count, Proximity.Count);
        if (m == 0)
        {
            return 0;
        }

        double sum = 0;
        for (int i = 0; i < m; i++)
        {
            sum += Proximity[i].Distance;
        }

        return sum / m;
    }

    /// <summary>Broken-pairs distance: share of stops whose neighbours differ between the two solutions.</summary>
    public double BrokenPairsDistance(Individual other)
    {
        int diff = 0;
        int n = Succ.Length - 1;
        for (int j = 1; j <= n; j++)
        {
            if (Succ[j] != other.Succ[j] && Succ[j] != other.Pred[j])
            {
                diff++;
            }

            if (Pred[j] == 0 && other.Pred[j] != 0 && other.Succ[j] != 0)
            {
                diff++;
            }
        }

        return n == 0 ? 0 : (double)diff / n;
    }

    private double _forbiddenPenalty;

    private void Measure(Instance inst)
    {
        _forbiddenPenalty = inst.ForbiddenPenalty;
        for (int i = 0; i < Unserved.Length; i++)
        {
            SkipCost += inst.SkipPenalty[Unserved[i]];
        }

        var trips = inst.Linked is null ? null : new TimeSegment[Routes.Length];
        for (int r = 0; r < Routes.Length; r++)
        {
            var route = Routes[r];
            if (route.Length == 0)
            {
                continue;
            }

            RoutesUsed++;
            double dist = 0;
            double w = 0;
            double v = 0;
            int depot = inst.DepotNode[r];
            int last = depot;
            var seg = inst.DepotSegments[r];
            foreach (int u in route)
            {
                dist += inst.D(last, u);
                w += inst.Weight[u];
                v += inst.Volume[u];
                Forbidden += inst.IsForbidden(u, r) ? 1 : 0;
                if (inst.HasTime)
                {
                    seg = TimeSegment.Merge(seg, inst.NodeSegments[u], inst.T(last, u));
                }

                last = u;
            }

            dist += inst.D(last, depot);
            TravelCost += inst.Cpk[r] * dist;
            FixedCost += inst.Fixed[r];
            ExcessWeight += Math.Max(0, w - inst.CapW[r]);
            ExcessVolume += Math.Max(0, v - inst.CapV[r]);
            if (inst.HasTime)
            {
                seg = TimeSegment.Merge(seg, inst.DepotSegments[r], inst.T(last, depot));
                if (trips is not null && inst.Linked![r])
                {
                    trips[r] = seg;
                }
                else
                {
                    ExcessTime += inst.TimeExcess(seg, r);
                }
            }
        }

        if (inst.Linked is not null)
        {
            MeasureDays(inst, trips!);
        }
    }

    /// <summary>A vehicle with several trips: its fixed cost once, its time over the whole day (trips and reloads in order).</summary>
    private void MeasureDays(Instance inst, TimeSegment[] trips)
    {
        for (int g = 0; g < Routes.Length; g++)
        {
            if (!inst.Linked![g] || inst.Group![g] != g)
            {
                continue;
            }

            bool used = false;
            var day = default(TimeSegment);
            double breaks = 0;
            for (int t = g; t < g + inst.GroupSize![g]; t++)
            {
                if (Routes[t].Length == 0)
                {
                    continue;
                }

                breaks += inst.BreakTime(trips[t], g);
                day = used ? TimeSegment.AfterReload(day, inst.Reload![g], trips[t]) : trips[t];
                used = true;
            }

            if (used)
            {
                FixedCost += inst.DayFixed![g];
                ExcessTime += inst.HasTime ? inst.DayExcess(day, g, breaks) : 0;
            }
        }
    }
}
