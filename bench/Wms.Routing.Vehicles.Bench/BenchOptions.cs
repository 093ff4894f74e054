using System.Globalization;
using Wms.Routing.Vehicles.OrTools;

namespace Wms.Routing.Vehicles.Bench;

internal sealed record BenchOptions
{
    public string? Set { get; init; }

    public string? Instance { get; init; }

    public string? DataPath { get; init; }

    public double? TimePerCustomer { get; init; }

    public double Time { get; init; } = 10;

    public int Seed { get; init; } = 1;

    public string Objective { get; init; } = "distance";

    public double FixedCost { get; init; }

    public bool Verbose { get; init; }

    public long? MaxIterations { get; init; }

    /// <summary>`--trace N`: the HGS engine's population every N iterations (a multiple of 100), as HGS-CVRP's `-log 1` prints it.</summary>
    public int? TraceEvery { get; init; }

    public bool FreeFleet { get; init; }

    /// <summary>`--routes DIR`: each X or Solomon plan written to DIR as `instance.engine.sol`, in CVRPLIB's solution format.</summary>
    public string? RoutesDirectory { get; init; }

    /// <summary>`--set day`: stops and vehicles of the generated days, and how many long reference runs.</summary>
    public int[] Stops { get; init; } = [60, 120, 250, 500];

    public int[] Vehicles { get; init; } = [];

    public int ReferenceRuns { get; init; }

    public double ReferenceTime { get; init; } = 60;

    /// <summary>`--set day --trips N`: the same days planned with one trip and with up to N trips per vehicle (30 min reload).</summary>
    public int Trips { get; init; } = 1;

    /// <summary>`--set day --depots KM`: half of each day's fleet based at a second depot KM km north-east, planned by one search and depot by depot.</summary>
    public double? DepotsKm { get; init; }

    /// <summary>Budgets in process CPU time rather than wall-clock time (HGS engine only).</summary>
    public bool CpuTime { get; init; }

    /// <summary>Engines run one after the other on each instance, same budget each (hgs, ortools, best-of).</summary>
    public IReadOnlyList<string> Engines { get; init; } = ["hgs"];

    /// <summary>
    /// The engines by name, or why they cannot run: OR-Tools has only a wall-clock limit, so `--cpu-time` is for HGS alone.
    /// </summary>
    public (List<(string Name, RouteEngine Engine)> Engines, string? Error) ParseEngines()
    {
        var engines = Engines.Select(e => (Name: e, Engine: RoutePlanner.Parse(e, "--engines"))).ToList();
        return CpuTime && engines.Any(e => e.Engine != RouteEngine.Hgs)
            ? (engines, "--cpu-time measures the HGS engine only (OR-Tools keeps its own wall-clock limit).")
            : (engines, null);
    }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            o = args[i] switch
            {
                "--set" => o with { Set = Value() },
                "--instance" => o with { Instance = Value() },
                "--data" => o with { DataPath = Value() },
                "--time-per-customer" => o with { TimePerCustomer = Num(Value()) },
                "--time" => o with { Time = Num(Value()) },
                "--seed" => o with { Seed = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--objective" => o with { Objective = Value() is "distance" or "vehicles-first" ? args[i] : throw new ArgumentException("--objective is distance or vehicles-first.") },
                "--max-iterations" => o with { MaxIterations = long.Parse(Value(), CultureInfo.InvariantCulture) },
                "--stops" => o with { Stops = Ints(Value()) },
                "--vehicles" => o with { Vehicles = Ints(Value()) },
                "--reference-runs" => o with { ReferenceRuns = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--reference-time" => o with { ReferenceTime = Num(Value()) },
                "--trips" => o with { Trips = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--depots" => o with { DepotsKm = Num(Value()) },
                "--free-fleet" => o with { FreeFleet = true },
                "--routes" => o with { RoutesDirectory = Value() },
                "--cpu-time" => o with { CpuTime = true },
                "--engines" => o with { Engines = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] },
                "--verbose" => o with { Verbose = true },
                "--trace" => o with { TraceEvery = int.Parse(Value(), CultureInfo.InvariantCulture) is int every and > 0 && every % 100 == 0
                    ? every : throw new ArgumentException("--trace takes a multiple of 100 (the penalty period).") },
                "--fixed-cost" => o with { FixedCost = Num(Value()) },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }

        return o;
    }

    /// <summary>The directory holding Wms.sln, searched upwards from the working directory.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Wms.sln")) || Directory.Exists(Path.Combine(dir.FullName, ".git")))
                {
                    return dir.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static int[] Ints(string s) => [.. s.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))];

    private static double Num(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
