using System.Diagnostics;
using System.Globalization;
using Wms.Routing.Vehicles;
using Wms.Routing.Vehicles.Bench;
using Wms.Routing.Vehicles.OrTools;

// Benchmark runner: solves CVRPLIB / Solomon instances, checks every plan, prints gaps to the BKS.
// `slotting` as first argument measures the slotting advisor instead (SlottingBench.cs).
if (args.Length > 0 && args[0] == "slotting")
{
    return SlottingBench.Run();
}

var options = BenchOptions.Parse(args);
if (options.Set == "day")
{
    return DayBench.Run(options);
}

if (options.Set == "pinned-pair")
{
    return DayBench.RunPinnedPair(options);
}

string data = options.DataPath ?? Path.Combine(BenchOptions.FindRepositoryRoot(), "..", "shared", "benchmarks", "routing");
data = Path.GetFullPath(data);
if (!Directory.Exists(data))
{
    Console.Error.WriteLine($"Benchmark data not found at {data}; pass --data PATH.");
    return 2;
}

var bks = InstanceReader.ReadBks(Path.Combine(data, "bks.csv"));
var bksDistance = InstanceReader.ReadBks(Path.Combine(data, "bks_vrptw_distance_only.csv"));
var files = new List<string>();
string[] sets = options.Set is null ? ["A", "B", "P", "X", "solomon"] : [options.Set];
foreach (var set in sets)
{
    if (set.Equals("solomon", StringComparison.OrdinalIgnoreCase))
    {
        files.AddRange(Directory.GetFiles(Path.Combine(data, "solomon"), "*.txt").Order(StringComparer.Ordinal));
    }
    else
    {
        files.AddRange(Directory.GetFiles(Path.Combine(data, "cvrp"), $"{set}-*.vrp").Order(StringComparer.Ordinal));
    }
}

if (options.Instance is not null)
{
    // A comma-separated list splits a long set into runs of a few minutes each.
    var names = options.Instance.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    files = [.. files.Where(f => names.Contains(Path.GetFileNameWithoutExtension(f), StringComparer.OrdinalIgnoreCase))];
}

var (engines, enginesError) = options.ParseEngines();
var inv = CultureInfo.InvariantCulture;
if (enginesError is not null)
{
    Console.Error.WriteLine(enginesError);
    return 2;
}

Console.WriteLine(string.Create(inv, $"data={data} objective={options.Objective} seed={options.Seed} time={(options.TimePerCustomer is double tpc ? $"{tpc}s x n" : $"{options.Time}s")}{(options.CpuTime ? " (CPU)" : "")} engines={string.Join(",", options.Engines)}"));
Console.WriteLine("instance        n engine    fleet   distance  veh       bks  bksVeh    gap%   time(s)  check");
var perSet = new Dictionary<string, List<(double Gap, int VehDiff, bool Ok)>>(StringComparer.Ordinal);
var gapsPerInstance = new Dictionary<string, List<(string Engine, double Gap)>>(StringComparer.Ordinal);
int failures = 0;
foreach (var file in files)
{
    bool solomon = file.EndsWith(".txt", StringComparison.Ordinal);
    var inst = solomon
        ? InstanceReader.ReadSolomon(file, options.Objective == "vehicles-first", options.FixedCost)
        : InstanceReader.ReadCvrp(file, fixedFleet: !options.FreeFleet && !Path.GetFileName(file).StartsWith('X'));
    double seconds = options.TimePerCustomer is double t ? t * inst.Customers : options.Time;
    foreach (var (engineName, engine) in engines)
    {
        var sw = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        long allocated = GC.GetTotalAllocatedBytes();
        int collections = GC.CollectionCount(0);
        var progress = options.Verbose ? new ConsoleProgress() : null;
        var statistics = options.TraceEvery is int every ? new SearchStatistics { Trace = TraceLine.Write, TraceEvery = every } : new SearchStatistics();
        var plan = RoutePlanner.Solve(inst.Problem, new SolverOptions { Seed = options.Seed, TimeBudget = TimeSpan.FromSeconds(seconds), Progress = progress, MaxIterations = options.MaxIterations,
            TimeProvider = options.CpuTime ? new CpuTimeProvider() : TimeProvider.System, Statistics = statistics,
            Objective = options.Objective == "vehicles-first" ? SolverObjective.VehiclesFirst : SolverObjective.Cost }, engine);
        sw.Stop();
        cpu = Environment.CpuUsage.TotalTime - cpu;
        allocated = GC.GetTotalAllocatedBytes() - allocated;
        collections = GC.CollectionCount(0) - collections;
        var violations = PlanChecker.Check(inst.Problem, plan);
        bool ok = violations.Count == 0 && plan.Unserved.Count == 0;
        failures += ok ? 0 : 1;
        var reference = solomon && options.Objective == "distance" ? bksDistance : bks;
        string key = solomon ? inst.Name : Path.GetFileNameWithoutExtension(file);
        double gap = double.NaN;
        int vehDiff = 0;
        string bksText = "-";
        string bksVeh = "-";
        if (reference.TryGetValue(key, out var b))
        {
            gap = 100 * (plan.TotalDistance - b.Distance) / b.Distance;
            vehDiff = plan.Routes.Count - b.Vehicles;
            bksText = b.Distance.ToString("F2", inv);
            bksVeh = b.Vehicles.ToString(inv);
        }

        string fleet = (inst.Problem.Fleet == FleetRule.Exactly ? "=" : "<=") + inst.Problem.Vehicles.Count.ToString(inv);
        string check = ok ? "ok" : $"FAIL({violations.Count} violations, {plan.Unserved.Count} unserved)";
        Console.WriteLine(string.Create(inv,
            $"{key,-12} {inst.Customers,4} {engineName,-8} {fleet,6} {plan.TotalDistance,10:F2} {plan.Routes.Count,4} {bksText,9} {bksVeh,7} {gap,7:F3} {sw.Elapsed.TotalSeconds,9:F1}  {check}"));
        foreach (var v in violations.Take(3))
        {
            Console.WriteLine($"    {v.Kind}: {v.Message}");
        }

        if (options.RoutesDirectory is string routesDirectory)
        {
            // As the .sol files beside the instances and HGS-CVRP's output number them: customers 1..n in file order.
            Directory.CreateDirectory(routesDirectory);
            File.WriteAllLines(Path.Combine(routesDirectory, $"{key}.{engineName}.sol"), plan.Routes
                .Select((r, i) => $"Route #{i + 1}: {string.Join(' ', r.Visits.Select(v => v.StopIndex + 1))}")
                .Append(string.Create(inv, $"Cost {plan.TotalDistance:0.##}")));
        }

        if (statistics.Iterations > 0)
        {
            // The genetic search's speed (CPU of the whole process during the solve, runtime threads included).
            Console.WriteLine(string.Create(inv,
                $"    search: iterations={statistics.Iterations} cpu={cpu.TotalSeconds:F2}s iterations/cpu-s={statistics.Iterations / cpu.TotalSeconds:F0} starved-periods={statistics.StarvedPeriods}" +
                $" allocated-kb/iteration={allocated / 1024.0 / statistics.Iterations:F1} gc={collections}"));
            // Per run, as bench/hgs-cvrp-counters.patch makes HGS-CVRP print them: the work, apart from the speed.
            var ls = statistics.LocalSearch;
            Console.WriteLine(string.Create(inv,
                $"    local search: runs={ls.Runs} loops/run={(double)ls.Loops / ls.Runs:F2} pairs/run={(double)ls.Pairs / ls.Runs:F0}" +
                $" swap*-route-pairs/run={(double)ls.RoutePairs / ls.Runs:F1} moves/run={(double)ls.Moves / ls.Runs:F1}"));
        }

        string setKey = engines.Count > 1 ? $"{inst.Set} [{engineName}]" : inst.Set;
        if (!perSet.TryGetValue(setKey, out var list))
        {
            perSet[setKey] = list = [];
        }

        list.Add((gap, vehDiff, ok));
        if (!gapsPerInstance.TryGetValue(key, out var row))
        {
            gapsPerInstance[key] = row = [];
        }

        row.Add((engineName, gap));
    }
}

foreach (var (set, list) in perSet)
{
    var gaps = list.Where(x => !double.IsNaN(x.Gap)).ToList();
    Console.WriteLine(string.Create(inv,
        $"SET {set}: instances={list.Count} avgGap={(gaps.Count > 0 ? gaps.Average(x => x.Gap) : double.NaN):F3}% maxGap={(gaps.Count > 0 ? gaps.Max(x => x.Gap) : double.NaN):F3}% " +
        $"optimalOrBetter={gaps.Count(x => x.Gap <= 1e-6)} vehiclesAboveBks={list.Count(x => x.VehDiff > 0)} vehiclesEqualBks={list.Count(x => x.VehDiff == 0)} feasible={list.Count(x => x.Ok)}/{list.Count}"));
}

if (engines.Count > 1)
{
    // Side by side: the gap of each engine per instance, for the docs table.
    Console.WriteLine("instance     " + string.Concat(engines.Select(e => $" {e.Name,10}")));
    foreach (var (key, row) in gapsPerInstance)
    {
        Console.WriteLine(string.Create(inv, $"{key,-12} {string.Concat(row.Select(r => $" {r.Gap,10:F3}"))}"));
    }
}

return failures == 0 ? 0 : 1;

internal sealed class ConsoleProgress : IProgress<SolverProgress>
{
    public void Report(SolverProgress value) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"    t={value.Elapsed.TotalSeconds:F2}s iter={value.Iteration} cost={value.Cost:F2} vehicles={value.Vehicles} unserved={value.UnservedStops}"));
}

/// <summary>
/// `--trace`: the figures of HGS-CVRP's `-log 1` line in its order (It, Feas, Inf, Div, Feas, Pen), plus each best's
/// routes, then the infeasible subpopulation's make-up as bench/hgs-cvrp-diagnostics.patch makes HGS-CVRP print it.
/// </summary>
internal static class TraceLine
{
    public static void Write(PopulationTrace t) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"    It {t.Iteration,6} {t.SinceImprovement,6} | Feas {Part(t.Feasible)} | Inf {Part(t.Infeasible)} | Div {t.Feasible.Diversity:F2} {t.Infeasible.Diversity:F2} | Feas {t.WeightFeasibleShare:F2} | Pen {t.WeightPenalty:F2}{Makeup(t.Infeasible)}"));

    private static string Makeup(SubpopulationTrace s) =>
        s.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $" | InfBest routes {s.BestRoutes} dist {s.BestCost:F0} excess {s.BestExcessWeight:F0} | InfMean routes {s.MeanRoutes:F2} excess {s.MeanExcessWeight:F1}");

    private static string Part(SubpopulationTrace s) =>
        s.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{s.Count} {s.Best:F2} {s.Average:F2} routes {s.BestRoutes}");
}
