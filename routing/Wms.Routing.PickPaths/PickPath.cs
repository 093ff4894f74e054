using System.Collections.Immutable;

namespace Wms.Routing.PickPaths;

/// <summary>
/// A planned pick path: the picks in visiting order (indices into the request's pick list, each exactly
/// once, picks at the same location adjacent), starting and ending at the depot.
/// </summary>
/// <param name="Method">The method that produced the plan.</param>
/// <param name="Sequence">Pick indices in visiting order.</param>
/// <param name="Distance">Travel in metres from the depot through the picks back to the depot,
/// each leg the shortest path through the aisle graph.</param>
/// <param name="IsOptimal">True when the plan is proven shortest.</param>
public sealed record PickPath(PickPathMethod Method, ImmutableArray<int> Sequence, double Distance, bool IsOptimal);
