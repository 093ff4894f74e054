using System.Diagnostics;
using System.Globalization;
using Wms.Routing.PickPaths;
using Wms.Routing.Vehicles.OrTools;

namespace Wms.Routing.Vehicles.Bench;

/// <summary>
/// Slotting advice on generated warehouses: SKUs placed at random (no slotting so far), velocities
/// skewed (a fifth of the SKUs take most picks), upper levels carrying less weight; for several move
/// limits, the walking per day before and after and the solver's time.
/// </summary>
internal static class SlottingBench
{
    public static int Run()
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| warehouse | SKUs | bins | max moves | moves | walk/day before (km) | after (km) | saved | proven optimal | time (s) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        foreach (var (name, aisles, positions, levels, skuCount) in new[] { ("demo Frankfurt", 8, 20, 1, 120), ("20 aisles x 40 x 3 levels", 20, 40, 3, 1200) })
        {
            var random = new Random(1);
            var layout = new WarehouseLayout(aisles + 1, aisleLength: (positions + 1) * 1.2, aisleSpacing: 3, crossAisleWidth: 2);
            var bins = new List<SlottingBin>();
            for (int a = 1; a <= aisles; a++)
            {
                for (int p = 1; p <= positions; p++)
                {
                    for (int l = 0; l < levels; l++)
                    {
                        bins.Add(SlottingBin.At($"A{a}-{p}-{l}", layout, new PickLocation(a, (p + 0.5) * 1.2), capacity: 4, maxWeightKg: l == 0 ? 200 : 40));
                    }
                }
            }

            var free = Enumerable.Range(0, bins.Count).OrderBy(_ => random.Next()).ToList();
            var skus = new List<SlottingSku>();
            for (int s = 0; s < skuCount; s++)
            {
                var bin = bins[free[s]];
                double picks = random.NextDouble() < 0.2 ? 20 + (random.NextDouble() * 80) : random.NextDouble() * 10;
                double weight = bin.MaxWeightKg > 40 && random.NextDouble() < 0.3 ? 40 + (random.NextDouble() * 100) : random.NextDouble() * 40;
                skus.Add(new SlottingSku($"s{s}", Math.Round(picks, 1), random.Next(1, 5), Math.Round(weight, 1), bin.Id));
            }

            foreach (int k in new[] { 5, 10, 20, 50, skuCount })
            {
                var sw = Stopwatch.StartNew();
                var advice = SlottingAdvisor.Advise(skus, bins, k, TimeSpan.FromSeconds(60));
                Console.WriteLine(string.Create(inv,
                    $"| {name} | {skus.Count} | {bins.Count} | {k} | {advice.Moves.Count} | {advice.CurrentWalkPerDayM / 1000:F1} | {advice.AdvisedWalkPerDayM / 1000:F1} | {advice.WalkSavedPerDayM / advice.CurrentWalkPerDayM * 100:F1} % | {(advice.IsOptimal ? "yes" : "no")} | {sw.Elapsed.TotalSeconds:F2} |"));
            }
        }

        return 0;
    }
}
