using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Wms.Client;
using Wms.Server.Outbound;
using Wms.Server.Tests.Outbound;
using Xunit;
using BinKind = Wms.Server.Layout.BinKind;
using BinLocation = Wms.Server.Picking.BinLocation;
using PickRoute = Wms.Server.Picking.PickRoute;
using Order = Wms.Server.Outbound.Order;
using OrderLine = Wms.Server.Outbound.OrderLine;
using PickTask = Wms.Server.Picking.PickTask;
using Trip = Wms.Server.Picking.Trip;
using Wave = Wms.Contracts.V1.Wave;

namespace Wms.Server.Tests.Picking;

/// <summary>Issue 16: ReleaseWave groups orders into trips by shortest walk (order batching) when asked.</summary>
public sealed class TripGroupingTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private readonly OutboundKit _kit = new(factory);

    /// <summary>
    /// Eight two-line orders arriving alternately near the depot (aisle 0) and at the far end (aisle 9), for
    /// carts of four lines: first come pairs every near order with a far one, so every trip crosses the warehouse.
    /// </summary>
    private async Task<(string Warehouse, Dictionary<string, BinLocation[]> Orders)> WaveAsync()
    {
        var bins = Enumerable.Range(0, 8).SelectMany(p => new[] { new BinSpec($"N-{p}", BinKind.PickFace, 0, p), new BinSpec($"F-{p}", BinKind.PickFace, 9, p) }).ToArray();
        var warehouse = await _kit.WarehouseAsync(bins);
        var orders = new Dictionary<string, BinLocation[]>();
        for (var i = 0; i < 8; i++)
        {
            var (prefix, aisle) = i % 2 == 0 ? ("N", 0) : ("F", 9);
            var positions = new[] { i / 2 * 2, (i / 2 * 2) + 1 };
            var lines = new List<(string, long)>();
            foreach (var p in positions)
            {
                var sku = await _kit.SkuAsync();
                await _kit.StockAsync(warehouse, $"{prefix}-{p}", sku, 10);
                lines.Add((sku, 1));
            }

            await _kit.CreateOrderAsync(warehouse, $"SO-{i}", 1, [.. lines]);
            orders[$"SO-{i}"] = [.. positions.Select(p => new BinLocation(aisle, p, 0))];
        }

        return (warehouse, orders);
    }

    private Task<Wave> ReleaseAsync(string warehouse, string grouping, int maxLines, IEnumerable<string> references)
    {
        var request = new ReleaseWaveRequest { RequestId = OutboundKit.NewId(), WarehouseCode = warehouse, MaxLinesPerTrip = maxLines, TripGrouping = grouping };
        request.OrderReferences.AddRange(references);
        return _kit.Call(WmsMethods.Order.ReleaseWave, request);
    }

    private Task<double> WalkAsync(Wave wave)
    {
        var ids = wave.Trips.Select(t => t.TripId).ToList();
        return _kit.QueryAsync(async db => (await db.Set<Trip>().Where(t => ids.Contains(t.Id)).Select(t => t.PlannedDistanceM).ToListAsync(TestContext.Current.CancellationToken)).Sum());
    }

    /// <summary>Every order line's reserved quantity is on exactly one pick task, and no trip holds more tasks than the cart.</summary>
    private async Task AssertEveryLineOnceAsync(Wave wave, int maxLines)
    {
        var ids = wave.Trips.Select(t => t.TripId).ToList();
        var tasks = await _kit.QueryAsync(db => db.Set<PickTask>().Where(t => ids.Contains(t.TripId)).Select(t => new { t.TripId, t.OrderLineId, t.ReservationId }).ToListAsync(TestContext.Current.CancellationToken));
        var references = wave.ReleasedOrderReferences.ToList();
        var lines = await _kit.QueryAsync(db => (
            from l in db.Set<OrderLine>()
            join o in db.Set<Order>() on l.OrderId equals o.Id
            join w in db.Set<Wms.Server.Layout.Warehouse>() on o.WarehouseId equals w.Id
            where w.Code == wave.WarehouseCode && references.Contains(o.Reference)
            select l.Id).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal(lines.Order(), tasks.Select(t => t.OrderLineId).Order());
        Assert.Equal(tasks.Count, tasks.Select(t => t.ReservationId).Distinct().Count());
        Assert.All(tasks.GroupBy(t => t.TripId), trip => Assert.InRange(trip.Count(), 1, maxLines));
    }

    [Fact]
    public async Task ReleaseWave_ShortestWalk_LessWalkingThanFirstComeAndThanOneOrderPerTrip()
    {
        var (first, orders) = await WaveAsync();
        var (batched, _) = await WaveAsync();

        var firstCome = await ReleaseAsync(first, "first-come", 4, orders.Keys);
        var shortest = await ReleaseAsync(batched, "shortest-walk", 4, orders.Keys);

        var singleOrders = orders.Values.Sum(bins => PickRoute.Plan(bins, b => b).DistanceM);
        var (walkFirst, walkShortest) = (await WalkAsync(firstCome), await WalkAsync(shortest));
        Assert.True(walkShortest < walkFirst, $"shortest walk {walkShortest} m, first come {walkFirst} m");
        Assert.True(walkShortest < singleOrders, $"shortest walk {walkShortest} m, one order per trip {singleOrders} m");
        // Near orders ride together, far ones together.
        Assert.All(shortest.Trips, t => Assert.Single(t.OrderReferences.Select(r => int.Parse(r[3..], System.Globalization.CultureInfo.InvariantCulture) % 2).Distinct()));
        Assert.Equal(orders.Keys.Order(), shortest.Trips.SelectMany(t => t.OrderReferences).Order());
        await AssertEveryLineOnceAsync(shortest, 4);
    }

    [Fact]
    public async Task ReleaseWave_ShortestWalkWithAnOrderLargerThanTheCart_ItIsCutAndEveryLinePickedOnce()
    {
        var (warehouse, orders) = await WaveAsync();
        var skus = new List<(string, long)>();
        foreach (var p in new[] { 0, 2, 4 })
        {
            var sku = await _kit.SkuAsync();
            await _kit.StockAsync(warehouse, $"F-{p}", sku, 10);
            skus.Add((sku, 1));
        }

        await _kit.CreateOrderAsync(warehouse, "SO-big", 5, [.. skus]);

        var wave = await ReleaseAsync(warehouse, "shortest-walk", 2, [.. orders.Keys, "SO-big"]);

        Assert.Equal(9, wave.ReleasedOrderReferences.Count);
        // The most urgent order's trips come first.
        Assert.Equal(["SO-big"], wave.Trips[0].OrderReferences);
        await AssertEveryLineOnceAsync(wave, 2);
    }

    [Fact]
    public async Task ReleaseWave_NoGroupingNamed_ConfiguredFirstComeKeepsArrivalPairs()
    {
        var (warehouse, orders) = await WaveAsync();

        var wave = await ReleaseAsync(warehouse, "", 4, orders.Keys);

        Assert.Equal([["SO-0", "SO-1"], ["SO-2", "SO-3"], ["SO-4", "SO-5"], ["SO-6", "SO-7"]], wave.Trips.Select(t => t.OrderReferences.ToList()));
    }
}
