using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Wms.Routing.PickPaths;

/// <summary>
/// Order batching on generated waves: total walk of first-come-first-served trips, of one trip per
/// order, and of <see cref="OrderBatcher"/> (seed batching + local search), with the batcher's time.
/// </summary>
internal static class BatchingBench
{
    public static int Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.5;
        (string Name, WarehouseLayout Layout, int FirstAisle, int Positions)[] layouts =
        [
            // The demo's Frankfurt site as the server's PickRoute sees it: aisles 1-8, 20 positions 1.2 m apart.
            ("demo (8 aisles x 20 positions)", new WarehouseLayout(9, aisleLength: 21 * 1.2, aisleSpacing: 3, crossAisleWidth: 2), 1, 20),
            ("1 block x 20 aisles x 40 positions", new WarehouseLayout(21, aisleLength: 41 * 1.2, aisleSpacing: 3, crossAisleWidth: 2), 1, 40),
        ];
        var cart = new CartCapacity(Totes: 8, Units: 40, WeightKg: 80);
        Console.WriteLine(Inv($"cart: {cart.Totes} totes, {cart.Units} units, {cart.WeightKg} kg; batcher budget {seconds} s, seed 1; 3 waves per size"));
        Console.WriteLine("| layout | orders | single-order trips (m) | first-come trips | first-come (m) | batched trips | batched (m) | saved vs first-come | saved vs single | batch time (s) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, layout, firstAisle, positions) in layouts)
        {
            var batcher = new OrderBatcher(layout);
            foreach (int size in new[] { 20, 50, 100, 200 })
            {
                double single = 0, fcfs = 0, batched = 0, maxTime = 0;
                int fcfsTrips = 0, batchedTrips = 0;
                for (int wave = 0; wave < 3; wave++)
                {
                    var orders = Wave(new Random((size * 31) + wave), size, layout.AisleCount - firstAisle, positions, firstAisle);
                    single += batcher.SingleOrders(orders, cart).TotalDistance;
                    var f = batcher.FirstComeFirstServed(orders, cart);
                    fcfs += f.TotalDistance;
                    fcfsTrips += f.Batches.Length;
                    var sw = Stopwatch.StartNew();
                    var b = batcher.Batch(orders, cart, seed: 1, TimeSpan.FromSeconds(seconds));
                    maxTime = Math.Max(maxTime, sw.Elapsed.TotalSeconds);
                    batched += b.TotalDistance;
                    batchedTrips += b.Batches.Length;
                }

                Console.WriteLine(Inv(
                    $"| {name} | {size} | {single / 3:F0} | {fcfsTrips / 3.0:F1} | {fcfs / 3:F0} | {batchedTrips / 3.0:F1} | {batched / 3:F0} | {(1 - (batched / fcfs)) * 100:F1} % | {(1 - (batched / single)) * 100:F1} % | {maxTime:F2} (max) |"));
            }
        }

        return 0;
    }

    /// <summary>
    /// Orders of 1-4 lines (most have one or two), 1-3 units a line, 0.2-3 kg a unit; a fifth of the
    /// locations (the fast movers) draw 60 % of the lines.
    /// </summary>
    private static List<BatchOrder> Wave(Random random, int count, int aisles, int positions, int firstAisle)
    {
        var orders = new List<BatchOrder>();
        int locations = aisles * positions;
        for (int o = 0; o < count; o++)
        {
            int lines = random.NextDouble() switch { < 0.4 => 1, < 0.7 => 2, < 0.9 => 3, _ => 4 };
            var picks = ImmutableArray.CreateBuilder<PickLocation>();
            int units = 0;
            double weight = 0;
            for (int l = 0; l < lines; l++)
            {
                int slot = random.NextDouble() < 0.6 ? random.Next(locations / 5) : random.Next(locations);
                // Fast movers sit on the first positions of every aisle (slot → aisle-major order).
                int aisle = slot % aisles;
                int position = slot / aisles;
                picks.Add(new PickLocation(firstAisle + aisle, (position + 0.5) * 1.2));
                int qty = random.Next(1, 4);
                units += qty;
                weight += qty * (0.2 + (random.NextDouble() * 2.8));
            }

            orders.Add(new BatchOrder($"o{o}", picks.ToImmutable(), Totes: 1, Units: units, WeightKg: Math.Round(weight, 2)));
        }

        return orders;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
