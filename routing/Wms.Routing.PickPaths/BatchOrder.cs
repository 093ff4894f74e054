using System.Collections.Immutable;

namespace Wms.Routing.PickPaths;

/// <summary>An order waiting for a trip: where its picks are and how much of the cart it takes.</summary>
/// <param name="Totes">Totes (or cart slots) the order needs; one per order on most carts.</param>
/// <param name="Units">Units picked for the order (or lines, when the cart limit is in lines).</param>
public sealed record BatchOrder(string Id, ImmutableArray<PickLocation> Picks, int Totes = 1, int Units = 0, double WeightKg = 0);

/// <summary>What one trip's cart holds; an unlimited dimension is <see cref="int.MaxValue"/> / infinity.</summary>
public readonly record struct CartCapacity(int Totes, int Units = int.MaxValue, double WeightKg = double.PositiveInfinity)
{
    internal bool Holds(int totes, long units, double weightKg) => totes <= Totes && units <= Units && weightKg <= WeightKg + 1e-9;
}

/// <summary>One trip: the orders (indices into the input), its exact pick path over all their picks and its load.</summary>
public sealed record OrderBatch(ImmutableArray<int> Orders, double Distance, int Totes, long Units, double WeightKg);

/// <summary>The trips of a wave and their total walk in metres.</summary>
public sealed record BatchingPlan(ImmutableArray<OrderBatch> Batches, double TotalDistance);
