using Microsoft.Extensions.Options;
using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Layout;

namespace Wms.Server.Dispatch;

/// <summary>
/// Runs route solves off the request path, a bounded number at a time: each takes a core for its whole
/// budget, and on a small machine unbounded solves would starve the writer and every other call.
/// </summary>
public sealed class DeliverySolver(IOptions<DispatchOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.Value.MaxConcurrentSolves), Math.Max(1, options.Value.MaxConcurrentSolves));

    public async Task<SolvedPlan> SolveAsync(
        Warehouse warehouse, IReadOnlyList<Vehicle> vehicles, IReadOnlyList<DeliveryShipment> shipments, PlanKeep keep, RouteEngine engine, int seed, int timeBudgetMs,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var solved = await Task.Run(() => DeliveryProblem.Solve(warehouse, vehicles, shipments, keep, options.Value, engine, seed, timeBudgetMs, cancellationToken), cancellationToken);

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
