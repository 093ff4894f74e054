using System.Collections.Immutable;

namespace Wms.Routing.PickPaths.Tests;

public sealed class OrderBatcherTests
{
    private static readonly WarehouseLayout Layout = new(12, aisleLength: 30, aisleSpacing: 3, crossAisleWidth: 2);
    private static readonly PickPathOptions Exact = new(0, TimeSpan.FromSeconds(1));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Batch_RandomWaves_NoCartOverCapacityEveryOrderOnce(int seed)
    {
        var random = new Random(seed);
        var orders = RandomWave(random, 120);
        var cart = new CartCapacity(Totes: 6, Units: 25, WeightKg: 40);

        var plan = new OrderBatcher(Layout).Batch(orders, cart, seed, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.All(plan.Batches, b =>
        {
            Assert.True(b.Orders.Sum(i => orders[i].Totes) <= cart.Totes);
            Assert.True(b.Orders.Sum(i => orders[i].Units) <= cart.Units);
            Assert.True(b.Orders.Sum(i => orders[i].WeightKg) <= cart.WeightKg + 1e-9);
            Assert.Equal(b.Totes, b.Orders.Sum(i => orders[i].Totes));
        });
        Assert.Equal(Enumerable.Range(0, orders.Count), plan.Batches.SelectMany(b => b.Orders).Order());
    }

    [Fact]
    public void Batch_ReportedDistances_AreTheExactPathsOfEachTrip()
    {
        var orders = RandomWave(new Random(4), 60);
        var plan = new OrderBatcher(Layout).Batch(orders, new CartCapacity(5), 1, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var planner = new PickPathPlanner(Layout);
        foreach (var b in plan.Batches)
        {
            var picks = b.Orders.SelectMany(i => orders[i].Picks).ToList();
            Assert.Equal(planner.Plan(picks, PickPathMethod.Optimal, Exact, TestContext.Current.CancellationToken).Distance, b.Distance, 9);
        }

        Assert.Equal(plan.Batches.Sum(b => b.Distance), plan.TotalDistance, 9);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Batch_WaveOfSeven_NoWorseThanBaselinesNoBetterThanBruteForce(int seed)
    {
        var orders = RandomWave(new Random(seed), 7);
        var cart = new CartCapacity(Totes: 3);
        var batcher = new OrderBatcher(Layout);

        var plan = batcher.Batch(orders, cart, seed, TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        double optimum = BruteForceOptimum(orders, cart);

        Assert.True(plan.TotalDistance >= optimum - 1e-9);
        Assert.True(plan.TotalDistance <= batcher.SingleOrders(orders, cart).TotalDistance + 1e-9);
        Assert.True(plan.TotalDistance <= batcher.FirstComeFirstServed(orders, cart).TotalDistance + 1e-9);
    }

    [Fact]
    public void Batch_SameSeed_SamePlan()
    {
        var orders = RandomWave(new Random(8), 80);
        var batcher = new OrderBatcher(Layout);
        var a = batcher.Batch(orders, new CartCapacity(6), 3, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        var b = batcher.Batch(orders, new CartCapacity(6), 3, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(a.Batches.Select(x => string.Join(',', x.Orders)), b.Batches.Select(x => string.Join(',', x.Orders)));
    }

    [Fact]
    public void FirstComeFirstServed_CartFull_StartsNextTrip()
    {
        var orders = RandomWave(new Random(9), 10);
        var plan = new OrderBatcher(Layout).FirstComeFirstServed(orders, new CartCapacity(Totes: 4));
        Assert.Equal([4, 4, 2], plan.Batches.Select(b => b.Orders.Length));
        Assert.Equal([0, 1, 2, 3], plan.Batches[0].Orders);
    }

    [Fact]
    public void Batch_OrderLargerThanCartOrOutsideLayout_ThrowsNamingTheOrder()
    {
        var ok = new BatchOrder("a", [new PickLocation(1, 5)], Units: 2);
        var heavy = new BatchOrder("b", [new PickLocation(2, 5)], WeightKg: 50);
        var lost = new BatchOrder("c", [new PickLocation(40, 5)]);
        var batcher = new OrderBatcher(Layout);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("orders[1]", Assert.Throws<ArgumentException>(() => batcher.Batch([ok, heavy], new CartCapacity(4, WeightKg: 20), 1, TimeSpan.FromSeconds(1), ct)).ParamName);
        Assert.Equal("orders[1]", Assert.Throws<ArgumentException>(() => batcher.Batch([ok, lost], new CartCapacity(4), 1, TimeSpan.FromSeconds(1), ct)).ParamName);
        Assert.Equal("cart", Assert.Throws<ArgumentException>(() => batcher.Batch([ok], new CartCapacity(0), 1, TimeSpan.FromSeconds(1), ct)).ParamName);
    }

    private static List<BatchOrder> RandomWave(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(o => new BatchOrder($"o{o}",
            [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => new PickLocation(random.Next(Layout.AisleCount), Math.Round(random.NextDouble() * 30, 1)))],
            Totes: 1, Units: random.Next(1, 8), WeightKg: Math.Round(random.NextDouble() * 10, 2)))];

    /// <summary>Every partition of the orders into trips that fit, each priced by the exact planner.</summary>
    private static double BruteForceOptimum(List<BatchOrder> orders, CartCapacity cart)
    {
        var planner = new PickPathPlanner(Layout);
        double best = double.PositiveInfinity;
        var trips = new List<List<int>>();

        void Place(int i, double sofar)
        {
            if (sofar >= best)
            {
                return;
            }

            if (i == orders.Count)
            {
                best = Math.Min(best, sofar);
                return;
            }

            for (int t = 0; t <= trips.Count; t++)
            {
                if (t == trips.Count)
                {
                    trips.Add([]);
                }

                var trip = trips[t];
                if (trip.Sum(x => orders[x].Totes) + orders[i].Totes <= cart.Totes)
                {
                    double before = Length(trip);
                    trip.Add(i);
                    Place(i + 1, sofar - before + Length(trip));
                    trip.RemoveAt(trip.Count - 1);
                }

                if (trip.Count == 0)
                {
                    trips.RemoveAt(t);
                    break;
                }
            }
        }

        double Length(List<int> trip) => trip.Count == 0 ? 0
            : planner.Plan([.. trip.SelectMany(x => orders[x].Picks)], PickPathMethod.Optimal, Exact).Distance;

        Place(0, 0);
        return best;
    }
}
