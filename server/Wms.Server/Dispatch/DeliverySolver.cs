using Microsoft.Extensions.Options;
using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Layout;

namespace Wms.Server.Dispatch;

/// <summary>
/// Runs route solves off the request path, a bounded number at a time: each takes a core for its whole
/// budget, and on a small machine unbounded solves would starve the writer and every other call. The travel
/// matrix is fetched before a solve takes its slot: a road-network query waits on the database, not on a core,
/// and must not hold up the solves queued behind it.
/// </summary>
public sealed class DeliverySolver(IOptions<DispatchOptions> options, TravelMatrices matrices) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.Value.MaxConcurrentSolves), Math.Max(1, options.Value.MaxConcurrentSolves));

    public async Task<SolvedPlan> SolveAsync(
        Warehouse warehouse, IReadOnlyList<Vehicle> vehicles, IReadOnlyList<DeliveryShipment> shipments, PlanKeep keep, RouteEngine engine, int seed, int timeBudgetMs,
        CancellationToken cancellationToken, IReadOnlyDictionary<long, Warehouse>? depots = null)
    {
        var input = DeliveryProblem.Input(warehouse, vehicles, shipments, keep.Pins, options.Value, depots);
        // Road distances and times from the configured source (straight line by default, or pgRouting, kept by TravelMatrices).
        var matrix = await matrices.GetAsync(input.Points, cancellationToken);
        var model = Wms.Routing.Vehicles.TravelModel.FromMatrices(matrix.Distance, matrix.Time);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var solved = await Task.Run(() => DeliveryProblem.Solve(input, vehicles, shipments, keep, options.Value, engine, seed, timeBudgetMs, cancellationToken, model), cancellationToken);

            // A cancelled call stops the solver early; its result is not stored.
            cancellationToken.ThrowIfCancellationRequested();
            return solved;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
