using System.Diagnostics;
using System.Globalization;
using Wms.Planning.Bench;
using Wms.Server.Planning;

// Backtest of the planning method on a year of generated demand: the nightly plan is computed from the first
// 273 days (what the job would know on that night), then the next 92 days are played against it with a
// continuous-review (reorder point, order-up-to) policy and a lead time that varies as planned.
// Usage: dotnet run -c Release --project bench/Wms.Planning.Bench -- [--skus 20000] [--seed 1] [--service 0.95]
// With --database [--keep file.db]: the nightly job with its database part instead (DatabaseBench).
var skus = Option("--skus", 20_000);
var seed = Option("--seed", 1);
if (args.Contains("--database"))
{
    var keep = Array.IndexOf(args, "--keep") is var k and >= 0 && k + 1 < args.Length ? args[k + 1] : null;
    await DatabaseBench.RunAsync(skus, seed, keep);
    return;
}

var service = Option("--service", 95) / 100.0;
const int Days = 365;
const int History = 273;
var options = new PlanningOptions { ServiceLevel = service, HistoryDays = History, HorizonDays = 28 };

var generate = Stopwatch.StartNew();
var series = Enumerable.Range(0, skus).ToDictionary(i => (long)i, i => Demand.Generate(i, Days, seed));
var history = series.ToDictionary(kv => kv.Key, kv => kv.Value[..History]);
generate.Stop();

// The nightly job's arithmetic for every SKU: forecasts chosen by backtest, ABC/XYZ, safety stock, ROP, order-up-to.
var planning = Stopwatch.StartNew();
var plans = Planner.PlanAll(history, options, options.SupplierLeadTimeDays, options.SupplierLeadTimeSigmaDays);
planning.Stop();

// The trivial reference in the same run: one pass summing the same history, so the planning time can be read
// against what this machine was doing at that moment (it is shared and loaded).
var reference = Stopwatch.StartNew();
var historyTotal = history.Values.Sum(h => h.Sum());
reference.Stop();

// Forecast error per method on the 28 days after the plan, for every SKU its family covers, and for the chosen one.
var errors = new Dictionary<string, List<double>>();
foreach (var plan in plans)
{
    var actual = series[plan.SkuId][History..(History + 28)];
    var scale = Forecasting.NaiveScale(history[plan.SkuId]);
    if (scale <= 0)
    {
        continue;
    }

    foreach (var method in Forecasting.Methods)
    {
        Add(errors, method.ToString(), Forecasting.MeanAbsoluteError(Forecasting.Fit(method, history[plan.SkuId], 28).Next, actual) / scale);
    }

    Add(errors, "chosen: " + plan.Forecast.Method, Forecasting.MeanAbsoluteError(plan.Forecast.Next, actual) / scale);
}

// Play the next 92 days.
var random = new Random(seed);
double demandTotal = 0, served = 0, inventoryDays = 0;
long cycles = 0, cyclesWithoutStockOut = 0, stockOutDays = 0;
foreach (var plan in plans)
{
    var future = series[plan.SkuId][History..];
    var onHand = Math.Ceiling(plan.Levels.OrderUpTo);
    var pipeline = new List<(int Day, double Quantity)>();
    var stockOutThisCycle = false;
    for (var t = 0; t < future.Length; t++)
    {
        for (var i = pipeline.Count - 1; i >= 0; i--)
        {
            if (pipeline[i].Day == t)
            {
                onHand += pipeline[i].Quantity;
                pipeline.RemoveAt(i);
                cycles++;
                cyclesWithoutStockOut += stockOutThisCycle ? 0 : 1;
                stockOutThisCycle = false;
            }
        }

        var shipped = Math.Min(onHand, future[t]);
        demandTotal += future[t];
        served += shipped;
        onHand -= shipped;
        if (shipped < future[t])
        {
            stockOutDays++;
            stockOutThisCycle = true;
        }

        inventoryDays += onHand;
        var position = onHand + pipeline.Sum(p => p.Quantity);
        if (position <= plan.Levels.ReorderPoint && plan.Forecast.DailyMean > 0)
        {
            var lead = Math.Max(1, (int)Math.Round(options.SupplierLeadTimeDays + options.SupplierLeadTimeSigmaDays * Normal(random)));
            pipeline.Add((t + lead, Math.Ceiling(plan.Levels.OrderUpTo - position)));
        }
    }
}

var averageInventory = inventoryDays / 92;
var dailyDemand = demandTotal / 92;
var turnover = dailyDemand * 365 / averageInventory;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{skus} SKUs x {Days} days (plan on {History}, play {Days - History}), seed {seed}, target service {service:P0}, {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generate {generate.Elapsed.TotalSeconds:0.00} s; nightly planning arithmetic {planning.Elapsed.TotalSeconds:0.00} s; reference (one pass summing the history, {historyTotal:0} units) {reference.Elapsed.TotalMilliseconds:0.0} ms"));
Console.WriteLine("methods chosen: " + string.Join(", ", plans.GroupBy(p => p.Forecast.Method).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
Console.WriteLine("forecast error, next 28 days (MASE: 1.0 = same day last week; mean / median):");
foreach (var (name, values) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
{
    values.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} n={values.Count,6}  {values.Average(),6:0.000}  {values[values.Count / 2],6:0.000}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"cycle service level {(double)cyclesWithoutStockOut / Math.Max(1, cycles):P2} (target {service:P0}) over {cycles} cycles; fill rate {served / demandTotal:P2}; stock-out SKU-days {stockOutDays}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"average inventory {averageInventory:0} units; turnover {turnover:0.0}/year; days of supply {averageInventory / dailyDemand:0.0}"));

static void Add(Dictionary<string, List<double>> errors, string key, double value)
{
    if (!errors.TryGetValue(key, out var list))
    {
        errors[key] = list = [];
    }

    list.Add(value);
}

static double Normal(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    if (i < 0)
    {
        return fallback;
    }

    return i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value)
        ? value
        : throw new ArgumentException($"{name} needs a whole number.");
}
