using System.Collections.Immutable;
using System.Globalization;
using Wms.Routing.PickPaths.Internal;

namespace Wms.Routing.PickPaths;

/// <summary>
/// Groups a wave's orders into trips under the cart's capacity so that the trips' pick paths are as
/// short as possible in total. The exact pick-path planner prices every candidate trip (the distance
/// oracle). Seed batching builds the trips: the order reaching farthest into the warehouse opens a
/// trip, which then takes the order that lengthens it least among the few that share most of its
/// aisles, until nothing fits. Local search then moves single orders between trips and swaps pairs of
/// orders while that shortens the total, until no move helps, the time budget ends or cancellation.
/// Deterministic for a seed when the search ends by itself.
/// </summary>
public sealed class OrderBatcher
{
    private readonly PickPathPlanner _planner;
    private readonly TimeProvider _clock;

    public OrderBatcher(WarehouseLayout layout, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _clock = timeProvider ?? TimeProvider.System;
        _planner = new PickPathPlanner(layout, _clock);
    }

    public WarehouseLayout Layout => _planner.Layout;

    /// <summary>Trips that minimise the total pick-path length (seed batching, then local search).</summary>
    /// <param name="timeBudget">For the local search; the seed batches are always built.</param>
    public BatchingPlan Batch(IReadOnlyList<BatchOrder> orders, CartCapacity cart, int seed, TimeSpan timeBudget, CancellationToken cancellationToken = default)
    {
        if (timeBudget < TimeSpan.Zero)
        {
            throw new ArgumentException("Time budget must not be negative.", nameof(timeBudget));
        }

        var wave = Validate(orders, cart);
        long started = _clock.GetTimestamp();
        var search = new BatchSearch(wave, seed, () => _clock.GetElapsedTime(started) >= timeBudget || cancellationToken.IsCancellationRequested);
        search.SeedBatches();
        search.Improve();
        return search.ToPlan();
    }

    /// <summary>The baseline: orders in the given (arrival) order, a new trip whenever the next does not fit.</summary>
    public BatchingPlan FirstComeFirstServed(IReadOnlyList<BatchOrder> orders, CartCapacity cart)
    {
        var wave = Validate(orders, cart);
        var trips = new List<List<int>>();
        var current = new List<int>();
        for (int i = 0; i < orders.Count; i++)
        {
            if (current.Count > 0 && !wave.Fits(current, i))
            {
                trips.Add(current);
                current = [];
            }

            current.Add(i);
        }

        if (current.Count > 0)
        {
            trips.Add(current);
        }

        return wave.Plan(trips);
    }

    /// <summary>The other baseline: every order its own trip.</summary>
    public BatchingPlan SingleOrders(IReadOnlyList<BatchOrder> orders, CartCapacity cart)
    {
        var wave = Validate(orders, cart);
        return wave.Plan([.. Enumerable.Range(0, orders.Count).Select(i => new List<int> { i })]);
    }

    private Wave Validate(IReadOnlyList<BatchOrder> orders, CartCapacity cart)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (cart.Totes <= 0 || cart.Units < 0 || double.IsNaN(cart.WeightKg) || cart.WeightKg < 0)
        {
            throw new ArgumentException("The cart needs at least one tote and non-negative unit and weight limits.", nameof(cart));
        }

        for (int i = 0; i < orders.Count; i++)
        {
            var o = orders[i] ?? throw new ArgumentException($"orders[{i}] must not be null.", $"orders[{i}]");
            if (o.Picks.IsDefaultOrEmpty || o.Totes < 0 || o.Units < 0 || !double.IsFinite(o.WeightKg) || o.WeightKg < 0)
            {
                throw new ArgumentException($"orders[{i}] needs picks and non-negative totes, units and weight.", $"orders[{i}]");
            }

            if (!cart.Holds(o.Totes, o.Units, o.WeightKg))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"orders[{i}] '{o.Id}' does not fit on one cart ({o.Totes} totes, {o.Units} units, {o.WeightKg} kg); split it first."), $"orders[{i}]");
            }

            foreach (var p in o.Picks)
            {
                if (p.Aisle >= Layout.AisleCount)
                {
                    throw new ArgumentException($"orders[{i}] has a pick in aisle {p.Aisle}, outside the layout.", $"orders[{i}]");
                }
            }
        }

        return new Wave(_planner, [.. orders], cart);
    }
}
