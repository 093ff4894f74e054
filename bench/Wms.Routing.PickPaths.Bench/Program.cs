using System.Diagnostics;
using System.Globalization;
using Wms.Routing.PickPaths;

// Random orders in a few layouts; for each method: mean distance, saving against S-shape, gap to the
// optimum (where the optimum is proven for every order of the cell) and time per plan (wall clock:
// mean, median, 99th percentile; and process CPU time over the batch divided by the orders).
// Usage: dotnet run -c Release --project bench/Wms.Routing.PickPaths.Bench [-- ordersPerCell]
// Usage (order batching): dotnet run -c Release --project bench/Wms.Routing.PickPaths.Bench -- batching [seconds]
if (args.Length > 0 && args[0] == "batching")
{
    return BatchingBench.Run(args[1..]);
}

var ordersPerCell = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
int[] sizes = [5, 10, 20, 30, 50, 100];
(string Name, WarehouseLayout Layout)[] layouts =
[
    ("1 block x 10 aisles", new WarehouseLayout(10, aisleLength: 20, aisleSpacing: 3, crossAisleWidth: 3)),
    ("1 block x 30 aisles", new WarehouseLayout(30, aisleLength: 20, aisleSpacing: 3, crossAisleWidth: 3)),
    ("2 blocks x 20 aisles", new WarehouseLayout(20, aisleLength: 15, aisleSpacing: 3, crossAisleWidth: 3, blockCount: 2)),
    ("3 blocks x 20 aisles", new WarehouseLayout(20, aisleLength: 10, aisleSpacing: 3, crossAisleWidth: 3, blockCount: 3)),
];

var options = new PickPathOptions(seed: 1, timeBudget: TimeSpan.FromSeconds(1));
var total = Stopwatch.StartNew();
Console.WriteLine(Inv($"orders per cell: {ordersPerCell}; options: seed 1, budget 1 s, automatic iteration cap"));
Console.WriteLine();
Console.WriteLine("| layout | picks | method | mean distance (m) | vs S-shape | vs optimum | proven optimal | mean time | p50 | p99 | CPU per plan |");
Console.WriteLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, layout) in layouts)
{
    var planner = new PickPathPlanner(layout);
    var methods = Enum.GetValues<PickPathMethod>()
        .Where(m => layout.BlockCount == 1 || m is not (PickPathMethod.Return or PickPathMethod.Combined)).ToArray();
    foreach (var size in sizes)
    {
        var random = new Random(size * 7919 + layout.AisleCount + layout.BlockCount);
        var orders = Enumerable.Range(0, ordersPerCell).Select(_ => RandomOrder(random, layout, size)).ToArray();
        var results = methods.ToDictionary(m => m, m => Run(planner, orders, m, options));
        var sShape = results[PickPathMethod.SShape].Mean;
        var optimum = results[PickPathMethod.Optimal];
        var optimumKnown = optimum.Proven == orders.Length;
        foreach (var method in methods)
        {
            var r = results[method];
            var vsOptimum = optimumKnown ? Inv($"{(r.Mean / optimum.Mean - 1) * 100:+0.00;-0.00;0.00} %") : "n/a";
            Console.WriteLine(Inv(
                $"| {name} | {size} | {method} | {r.Mean:F1} | {(1 - r.Mean / sShape) * 100:0.0} % | {vsOptimum} | {r.Proven}/{orders.Length} | {Time(r.MeanTicks)} | {Time(r.P50Ticks)} | {Time(r.P99Ticks)} | {Time(r.CpuTicks)} |"));
        }
    }
}

Console.WriteLine();
Console.WriteLine(Inv($"total {total.Elapsed.TotalSeconds:F0} s"));
return 0;

static (double Mean, int Proven, double MeanTicks, double P50Ticks, double P99Ticks, double CpuTicks) Run(
    PickPathPlanner planner, PickLocation[][] orders, PickPathMethod method, PickPathOptions options)
{
    // Warm up the JIT (tiered compilation) before timing.
    for (var i = 0; i < Math.Min(5, orders.Length); i++)
    {
        planner.Plan(orders[i], method, options);
    }

    var ticks = new long[orders.Length];
    var distance = 0.0;
    var proven = 0;

    // Wall time per plan suffers on a shared machine; process CPU time over the batch much less so.
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < orders.Length; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var path = planner.Plan(orders[i], method, options);
        ticks[i] = Stopwatch.GetTimestamp() - start;
        distance += path.Distance;
        proven += path.IsOptimal ? 1 : 0;
    }

    var cpuTicks = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds * Stopwatch.Frequency / orders.Length;
    Array.Sort(ticks);
    double Percentile(double p) => ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(ticks.Length * p) - 1)];
    return (distance / orders.Length, proven, ticks.Average(), Percentile(0.5), Percentile(0.99), cpuTicks);
}

static PickLocation[] RandomOrder(Random random, WarehouseLayout layout, int size)
{
    // Uniform over the racking: a block, then a position within it to the decimetre.
    var picks = new PickLocation[size];
    for (var i = 0; i < size; i++)
    {
        var block = random.Next(layout.BlockCount);
        var start = 0.0;
        for (var b = 0; b < block; b++)
        {
            start += layout.BlockLengths[b] + layout.CrossAisleWidth;
        }

        var offset = Math.Round(random.NextDouble() * layout.BlockLengths[block], 1);
        picks[i] = new PickLocation(random.Next(layout.AisleCount), start + offset);
    }

    return picks;
}

static string Time(double ticks)
{
    var micros = ticks * 1_000_000 / Stopwatch.Frequency;
    return micros >= 1000 ? Inv($"{micros / 1000:F2} ms") : Inv($"{micros:F0} µs");
}

static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
