using System.Globalization;
using Wms.Routing.Vehicles.OrTools;

namespace Wms.Routing.Vehicles.Bench;

/// <summary>
/// `--set day`: generated delivery days (<see cref="RealisticDay"/>). Per size: the plan at the time budget,
/// the same day plus one unreachable stop, and the best of `--reference-runs` longer runs (other seeds). Gaps compare cost (km × cost per km + fixed cost per vehicle used), which is what the solver minimises.
/// </summary>
internal static class DayBench
{
    /// <summary>
    /// `--set pinned-pair --max-iterations N --seed S`: <see cref="RealisticDay.PinnedPair"/> with and without WEST at
    /// the same iterations; how much longer the plan that must leave one of the pair out is, and how many penalty
    /// periods its search was starved (under 2 % of offspring feasible).
    /// </summary>
    public static int RunPinnedPair(BenchOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        var solve = (RoutingProblem problem, SearchStatistics statistics) => RouteSolver.Solve(problem, new SolverOptions
        {
            Seed = options.Seed, TimeBudget = TimeSpan.FromHours(1), MaxIterations = options.MaxIterations ?? 2000, Statistics = statistics,
        });
        var alone = RealisticDay.PinnedPair(withWest: false);
        var both = RealisticDay.PinnedPair(withWest: true);
        var reference = solve(alone, new SearchStatistics());
        var statistics = new SearchStatistics();
        var plan = solve(both, statistics);
        bool ok = PlanChecker.Check(alone, reference).Count == 0 && PlanChecker.Check(both, plan).Count == 0 && plan.Unserved.Count == 1;
        Console.WriteLine("seed iterations km(without WEST)  km(with WEST) diff% left-out starved-periods check");
        Console.WriteLine(string.Create(inv,
            $"{options.Seed,4} {statistics.Iterations,10} {reference.TotalDistance,16:F1} {plan.TotalDistance,14:F1} {Gap(plan.TotalDistance, reference.TotalDistance),5:F1} {string.Join(',', plan.Unserved.Select(u => u.StopId)),8} {statistics.StarvedPeriods,15} {(ok ? "ok" : "FAIL")}"));
        return ok ? 0 : 1;
    }

    public static int Run(BenchOptions options)
    {
        if (options.Trips > 1)
        {
            return RunTrips(options);
        }

        if (options.DepotsKm is double km)
        {
            return RunDepots(options, km);
        }

        if (options.Engines is not ["hgs"])
        {
            return RunEngines(options);
        }

        var inv = CultureInfo.InvariantCulture;
        var clock = Clock(options);
        Console.WriteLine(string.Create(inv, $"set=day seed={options.Seed} time={options.Time}s referenceRuns={options.ReferenceRuns}x{options.ReferenceTime}s{(options.CpuTime ? " (CPU)" : "")}"));
        Console.WriteLine("day          stops veh   km(plan)    cost used unserved  first%  t(1%)s   km(+late)    cost(+late) diff%  late-reason          km(ref)  cost(ref) gap%  ref-wall-s check");
        int failures = 0;
        foreach (var (n, k, day) in Days(options))
        {
            var (plan, first, within1) = Solve(day, options.Seed, options.Time, clock);
            var late = RealisticDay.Create(n, k, seed: n, unreachable: true);
            var (withLate, _, _) = Solve(late, options.Seed, options.Time, clock);
            RoutePlan? best = null;
            long referenceStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int run = 0; run < options.ReferenceRuns; run++)
            {
                var (reference, _, _) = Solve(day, options.Seed + 100 + run, options.ReferenceTime, clock);
                if (reference.Unserved.Count == plan.Unserved.Count && (best is null || reference.TotalCost < best.TotalCost))
                {
                    best = reference;
                }
            }

            var lateStop = withLate.Unserved.FirstOrDefault(u => u.StopId == "LATE");
            bool ok = PlanChecker.Check(day, plan).Count == 0 && PlanChecker.Check(late, withLate).Count == 0 && lateStop.Reason == UnservedReason.NoVehicleCanServe;
            failures += ok ? 0 : 1;
            Console.WriteLine(string.Create(inv,
                $"day-{n}-{k,-6} {n,5} {k,3} {plan.TotalDistance,10:F1} {plan.TotalCost,7:F1} {plan.Routes.Count,4} {plan.Unserved.Count,8} {first,7:F1} {within1,7:F2} {withLate.TotalDistance,11:F1} {withLate.TotalCost,14:F1} {Gap(withLate.TotalCost, plan.TotalCost),5:F2}  {(lateStop.StopId is null ? "routed?!" : lateStop.Reason.ToString()),-18} {best?.TotalDistance ?? double.NaN,9:F1} {best?.TotalCost ?? double.NaN,10:F1} {Gap(plan.TotalCost, best?.TotalCost ?? double.NaN),5:F2} {System.Diagnostics.Stopwatch.GetElapsedTime(referenceStarted).TotalSeconds,10:F0} {(ok ? "ok" : "FAIL")}"));
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// `--trips N`: each day with its fleet as generated (one trip), and with vans of 1/N the capacity driving
    /// up to N trips (30 min reload), planned on the same budget by the joint search over trips
    /// (<see cref="RouteSolver.Solve"/>) and by the sequential rounds it replaced (<see cref="RouteSolver.Decompose"/>:
    /// rolling trip by trip, or fixed slices of the day; what the OR-Tools engine still does). Stops left out,
    /// km and cost, each plan checked. N trips of 1/N vans should come close to the full vans' plan where time allows.
    /// </summary>
    private static int RunTrips(BenchOptions options)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = Clock(options);
        Console.WriteLine(string.Create(inv, $"set=day seed={options.Seed} time={options.Time}s{(options.CpuTime ? " (CPU)" : "")} trips={options.Trips} (capacity / {options.Trips}, reload 30 min)"));
        Console.WriteLine("day          stops veh | full: unserved    km    cost | sequential: unserved    km    cost | joint: unserved    km    cost routes | joint vs seq% vs full% check");
        int failures = 0;
        foreach (var (n, k, full) in Days(options))
        {
            var trips = With(full, v => v with { WeightCapacity = v.WeightCapacity / options.Trips, VolumeCapacity = v.VolumeCapacity / options.Trips, MaxTrips = options.Trips, ReloadTime = 1800 });
            var budget = new SolverOptions { Seed = options.Seed, TimeBudget = TimeSpan.FromSeconds(options.Time), TimeProvider = clock };
            var one = RouteSolver.Solve(full, budget);
            var sequential = RouteSolver.Decompose(trips, budget, (p, o) => RouteSolver.Solve(p, o))!;
            var joint = RouteSolver.Solve(trips, budget);
            bool ok = PlanChecker.Check(full, one).Count == 0 && PlanChecker.Check(trips, sequential).Count == 0 && PlanChecker.Check(trips, joint).Count == 0;
            failures += ok ? 0 : 1;
            Console.WriteLine(string.Create(inv, $"day-{n}-{k,-6} {n,5} {k,3} | ")
                + string.Join(" | ", new[] { one, sequential, joint }.Select(p => string.Create(inv, $"{p.Unserved.Count,14} {p.TotalDistance,7:F1} {p.TotalCost,7:F1}")))
                + string.Create(inv, $" {joint.Routes.Count,6} | {Gap(joint.TotalCost, sequential.TotalCost),13:F2} {Gap(joint.TotalCost, one.TotalCost),6:F2} {(ok ? "ok" : "FAIL")}"));
        }

        return failures == 0 ? 0 : 1;

        static RoutingProblem With(RoutingProblem p, Func<Vehicle, Vehicle> change) => new(p.Depot, p.Stops, p.Vehicles.Select(change), p.Travel);
    }

    /// <summary>
    /// `--depots KM`: each day with every other vehicle based at a regional depot KM km north-east of the
    /// central one (inside the delivery area when KM is below ~25: the areas overlap). Planned twice on the same
    /// budget: by the joint search (<see cref="RouteSolver.Solve"/>, every route from its own depot) and depot by
    /// depot (<see cref="RouteSolver.Decompose"/>: each stop to its nearest depot, as before issue 13's joint search
    /// and as the OR-Tools engine still does). Both plans checked.
    /// </summary>
    private static int RunDepots(BenchOptions options, double km)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = Clock(options);
        // 1° of latitude is 111.2 km; north-east at 45°.
        double degrees = km / 111.2 / Math.Sqrt(2);
        var regional = Location.FromLatitudeLongitude(RealisticDay.Depot.Y + degrees, RealisticDay.Depot.X + (degrees / Math.Cos(RealisticDay.Depot.Y * Math.PI / 180)));
        Console.WriteLine(string.Create(inv, $"set=day seed={options.Seed} time={options.Time}s{(options.CpuTime ? " (CPU)" : "")} depots=2 (regional {km} km NE, every other vehicle)"));
        Console.WriteLine("day          stops veh | by depot: unserved      km    cost | joint: unserved      km    cost | cost diff% check");
        int failures = 0;
        foreach (var (n, k, day) in Days(options))
        {
            var problem = new RoutingProblem(day.Depot, day.Stops, day.Vehicles.Select((v, j) => j % 2 == 1 ? v with { Depot = regional } : v), day.Travel);
            var budget = new SolverOptions { Seed = options.Seed, TimeBudget = TimeSpan.FromSeconds(options.Time), TimeProvider = clock };
            var byDepot = RouteSolver.Decompose(problem, budget, (p, o) => RouteSolver.Solve(p, o))!;
            var joint = RouteSolver.Solve(problem, budget);
            bool ok = PlanChecker.Check(problem, byDepot).Count == 0 && PlanChecker.Check(problem, joint).Count == 0;
            failures += ok ? 0 : 1;
            Console.WriteLine(string.Create(inv,
                $"day-{n}-{k,-6} {n,5} {k,3} | {byDepot.Unserved.Count,18} {byDepot.TotalDistance,7:F1} {byDepot.TotalCost,7:F1} | {joint.Unserved.Count,15} {joint.TotalDistance,7:F1} {joint.TotalCost,7:F1} | {Gap(joint.TotalCost, byDepot.TotalCost),10:F2} {(ok ? "ok" : "FAIL")}"));
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>
    /// `--engines hgs,ortools[,best-of]`: each day planned by each engine in turn on the same wall-clock budget,
    /// every plan checked; cost, km, vehicles and stops left out side by side,
    /// with each engine's cost against the cheapest plan of the run with the fewest stops left out.
    /// </summary>
    private static int RunEngines(BenchOptions options)
    {
        var (engines, enginesError) = options.ParseEngines();
        if (enginesError is not null)
        {
            Console.Error.WriteLine(enginesError);
            return 2;
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"set=day seed={options.Seed} time={options.Time}s engines={string.Join(",", options.Engines)}"));
        Console.WriteLine("day          stops veh engine          km     cost used unserved   wall-s  vs-best% check");
        int failures = 0;
        foreach (var (n, k, day) in Days(options))
        {
            var plans = new List<(string Engine, RoutePlan Plan, double Seconds, bool Ok)>();
            foreach (var (name, engine) in engines)
            {
                long started = System.Diagnostics.Stopwatch.GetTimestamp();
                var plan = RoutePlanner.Solve(day, new SolverOptions { Seed = options.Seed, TimeBudget = TimeSpan.FromSeconds(options.Time) }, engine);
                double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
                bool ok = PlanChecker.Check(day, plan).Count == 0;
                failures += ok ? 0 : 1;
                plans.Add((name, plan, seconds, ok));
            }

            // A plan that leaves fewer stops out is better whatever it costs, so cost is compared among those that serve the most.
            int fewestUnserved = plans.Min(p => p.Plan.Unserved.Count);
            double best = plans.Where(p => p.Plan.Unserved.Count == fewestUnserved).Min(p => p.Plan.TotalCost);
            foreach (var (name, plan, seconds, ok) in plans)
            {
                string versusBest = plan.Unserved.Count == fewestUnserved ? Gap(plan.TotalCost, best).ToString("F2", inv) : "-";
                Console.WriteLine(string.Create(inv,
                    $"day-{n}-{k,-6} {n,5} {k,3} {name,-8} {plan.TotalDistance,10:F1} {plan.TotalCost,8:F1} {plan.Routes.Count,4} {plan.Unserved.Count,8} {seconds,8:F1} {versusBest,9} {(ok ? "ok" : "FAIL")}"));
            }
        }

        return failures == 0 ? 0 : 1;
    }

    /// <summary>The generated days of `--stops` with the fleets of `--vehicles` (default: <see cref="DefaultFleet"/>).</summary>
    private static IEnumerable<(int Stops, int Vehicles, RoutingProblem Day)> Days(BenchOptions options)
    {
        for (int i = 0; i < options.Stops.Length; i++)
        {
            int n = options.Stops[i];
            int k = i < options.Vehicles.Length ? options.Vehicles[i] : DefaultFleet(n);
            yield return (n, k, RealisticDay.Create(n, k, seed: n));
        }
    }

    private static TimeProvider Clock(BenchOptions options) => options.CpuTime ? new CpuTimeProvider() : TimeProvider.System;

    private static double Gap(double value, double reference) => 100 * (value - reference) / reference;

    /// <summary>Roughly one vehicle per 25 stops, 4 to 20.</summary>
    private static int DefaultFleet(int stops) => Math.Clamp((stops + 24) / 25, 4, 20);

    /// <returns>The plan, how much dearer the first (constructed) plan was in %, and the seconds until the cost was within 1 % of the final one.</returns>
    private static (RoutePlan Plan, double FirstAbovePercent, double SecondsToWithin1) Solve(RoutingProblem problem, int seed, double seconds, TimeProvider clock)
    {
        var seen = new List<SolverProgress>();
        var plan = RouteSolver.Solve(problem, new SolverOptions { Seed = seed, TimeBudget = TimeSpan.FromSeconds(seconds), Progress = new Recorder(seen), TimeProvider = clock });
        var last = seen[^1];
        double first = 100 * (seen[0].Cost - last.Cost) / last.Cost;
        double within = seen.First(p => p.UnservedStops == last.UnservedStops && p.Cost <= last.Cost * 1.01).Elapsed.TotalSeconds;
        return (plan, first, within);
    }

    private sealed class Recorder(List<SolverProgress> seen) : IProgress<SolverProgress>
    {
        public void Report(SolverProgress value) => seen.Add(value);
    }
}
