using System.Diagnostics;
using System.Globalization;
using Wms.Planning.Bench;
using Wms.Server.Planning;

// Backtest of the planning method on a year of generated demand: the nightly plan is computed from the first
// 273 days (what the job would know on that night), then the next 92 days are played against it with a
// continuous-review (reorder point, order-up-to) policy and a lead time that varies as planned.
// Usage: dotnet run -c Release --project bench/Wms.Planning.Bench -- [--skus 20000] [--seed 1] [--service 0.95]
// With --database [--keep file.db] [--postgres <connection string>]: the nightly job with its database part instead
// (DatabaseBench), on SQLite or on a throw-away database of that PostgreSQL server.
var skus = Option("--skus", 20_000);
var seed = Option("--seed", 1);
if (args.Contains("--database"))
{
    var keep = Array.IndexOf(args, "--keep") is var k and >= 0 && k + 1 < args.Length ? args[k + 1] : null;
    var postgres = Array.IndexOf(args, "--postgres") is var p and >= 0 && p + 1 < args.Length ? args[p + 1] : null;
    await DatabaseBench.RunAsync(skus, seed, keep, postgres);
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

// Play the next 92 days with the plans' levels, and as the same run's reference with the levels the method gave before the
// undershoot allowance (SafetyStock): same demand, same lead-time draws.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{skus} SKUs x {Days} days (plan on {History}, play {Days - History}), seed {seed}, target service {service:P0}, {Environment.ProcessorCount} cores"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generate {generate.Elapsed.TotalSeconds:0.00} s; nightly planning arithmetic {planning.Elapsed.TotalSeconds:0.00} s; reference (one pass summing the history, {historyTotal:0} units) {reference.Elapsed.TotalMilliseconds:0.0} ms"));
Console.WriteLine("methods chosen: " + string.Join(", ", plans.GroupBy(p => p.Forecast.Method).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}")));
Console.WriteLine("forecast error, next 28 days (MASE: 1.0 = same day last week; mean / median):");
foreach (var (name, values) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
{
    values.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} n={values.Count,6}  {values.Average(),6:0.000}  {values[values.Count / 2],6:0.000}"));
}

Report("planned levels", Play(plans, p => p.Levels));
Report("without the undershoot allowance", Play(plans, p => SafetyStock.Compute(
    p.Forecast.DailyMean, p.Forecast.DailySigma, options.SupplierLeadTimeDays, options.SupplierLeadTimeSigmaDays, options.ServiceLevel, options.ReviewDays)));

void Report(string name, PlayResult r)
{
    var averageInventory = r.InventoryDays / 92;
    var dailyDemand = r.Demand / 92;
    Console.WriteLine(name + ":");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  cycle service level {(double)r.Good / Math.Max(1, r.Cycles):P2} (target {service:P0}) over {r.Cycles} cycles; fill rate {r.Served / r.Demand:P2}; stock-out SKU-days {r.StockOutDays}"));
    Console.WriteLine("  cycle service by demand family: " + string.Join(", ", r.ByFamily.OrderBy(f => f.Key, StringComparer.Ordinal)
        .Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {(double)f.Value.Good / f.Value.Cycles:P2} over {f.Value.Cycles} cycles"))));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  average inventory {averageInventory:0} units; turnover {dailyDemand * 365 / averageInventory:0.0}/year; days of supply {averageInventory / dailyDemand:0.0}"));
}

// Continuous review: an order up to the order-up-to level when the position (on hand + on order) is at or below the reorder
// point at the end of a day; it arrives at the start of the day lead days later (lead time drawn from 7 ± 2 days).
PlayResult Play(List<Planner.Plan> planned, Func<Planner.Plan, SafetyStock.Levels> levelsOf)
{
    var random = new Random(seed);
    var r = new PlayResult();
    foreach (var plan in planned)
    {
        var levels = levelsOf(plan);
        var family = plan.Forecast.Method is ForecastMethod.Croston or ForecastMethod.Sba ? "intermittent" : "regular";
        var future = series[plan.SkuId][History..];
        var onHand = Math.Ceiling(levels.OrderUpTo);
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
                    r.Cycles++;
                    r.Good += stockOutThisCycle ? 0 : 1;
                    var f = r.ByFamily.GetValueOrDefault(family);
                    r.ByFamily[family] = (f.Cycles + 1, f.Good + (stockOutThisCycle ? 0 : 1));
                    stockOutThisCycle = false;
                }
            }

            var shipped = Math.Min(onHand, future[t]);
            r.Demand += future[t];
            r.Served += shipped;
            onHand -= shipped;
            if (shipped < future[t])
            {
                r.StockOutDays++;
                stockOutThisCycle = true;
            }

            r.InventoryDays += onHand;
            var position = onHand + pipeline.Sum(p => p.Quantity);
            if (position <= levels.ReorderPoint && plan.Forecast.DailyMean > 0)
            {
                var lead = Math.Max(1, (int)Math.Round(options.SupplierLeadTimeDays + options.SupplierLeadTimeSigmaDays * Normal(random)));
                pipeline.Add((t + lead, Math.Ceiling(levels.OrderUpTo - position)));
            }
        }
    }

    return r;
}

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

internal sealed class PlayResult
{
    public double Demand { get; set; }

    public double Served { get; set; }

    public double InventoryDays { get; set; }

    public long Cycles { get; set; }

    public long Good { get; set; }

    public long StockOutDays { get; set; }

    public Dictionary<string, (long Cycles, long Good)> ByFamily { get; } = [];
}
