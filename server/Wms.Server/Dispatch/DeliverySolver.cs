using Microsoft.Extensions.Options;
using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Layout;

namespace Wms.Server.Dispatch;

/// <summary>
/// Runs route solves off the request path, a bounded number at a time: each takes a core for its whole
/// budget, and on a small machine unbounded solves would starve the writer and every other call.
/// </summary>
public sealed class DeliverySolver(IOptions<DispatchOptions> options, Wms.Routing.Vehicles.ITravelMatrixSource travel) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.Value.MaxConcurrentSolves), Math.Max(1, options.Value.MaxConcurrentSolves));

    public async Task<SolvedPlan> SolveAsync(
        Warehouse warehouse, IReadOnlyList<Vehicle> vehicles, IReadOnlyList<DeliveryShipment> shipments, PlanKeep keep, RouteEngine engine, int seed, int timeBudgetMs,
        CancellationToken cancellationToken, IReadOnlyDictionary<long, Warehouse>? depots = null)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Road distances and times from the configured source (straight line by default, or pgRouting).
            var matrix = await travel.GetAsync(DeliveryProblem.Points(warehouse, vehicles, shipments, depots), cancellationToken);
            var model = Wms.Routing.Vehicles.TravelModel.FromMatrices(matrix.Distance, matrix.Time);
            var solved = await Task.Run(() => DeliveryProblem.Solve(warehouse, vehicles, shipments, keep, options.Value, engine, seed, timeBudgetMs, cancellationToken, depots, model), cancellationToken);

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
