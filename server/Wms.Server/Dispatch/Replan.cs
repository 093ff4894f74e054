using Microsoft.EntityFrameworkCore;
using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;

namespace Wms.Server.Dispatch;

/// <summary>
/// Solves a draft plan again: locked routes stay as they are, pinned shipments go on their vehicle (or
/// are left out), everything else is planned afresh on the plan's shipments and vehicles. The solve runs
/// on a snapshot of version v; the result is stored only if the plan is still at v (ABORTED otherwise).
/// </summary>
public static class Replan
{
    public sealed record Command(string RequestId, string Actor, long PlanId, int TimeBudgetMs, int Seed, string Engine = "");

    public sealed class Handler(WriteBatcher writes, IDbContextFactory<WmsDbContext> contexts, DeliverySolver solver)
    {
        public async Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            Require.Positive(command.PlanId, "plan_id");
            DeliveryProblem.TimeBudget(command.TimeBudgetMs, DispatchOptions.DefaultTimeBudgetMs);
            DispatchEngine.Resolve(command.Engine, "hgs");
            var info = new CommandInfo(nameof(Replan), command.Actor, requestId, $"route plan {command.PlanId}");
            if (await ReplayGuard.AnsweredAsync(contexts, requestId, cancellationToken))
            {
                return await writes.ExecuteAsync(info, ReplayGuard.Unreachable<RoutePlanView>, cancellationToken);
            }

            await using var read = await contexts.CreateDbContextAsync(cancellationToken);
            var snapshot = await DispatchQueries.FindPlanAsync(read.Set<RoutePlan>().AsNoTracking(), command.PlanId, cancellationToken);
            snapshot.EnsureDraft();
            var budget = DeliveryProblem.TimeBudget(command.TimeBudgetMs, snapshot.TimeBudgetMs);
            var seed = command.Seed != 0 ? command.Seed : snapshot.Seed;
            var engine = DispatchEngine.Resolve(command.Engine, snapshot.Engine);
            var warehouse = await read.Set<Warehouse>().AsNoTracking().FirstAsync(w => w.Id == snapshot.WarehouseId, cancellationToken);
            var vehicleIds = snapshot.Routes.Select(r => r.VehicleId).ToList();
            var vehicles = await read.Set<Vehicle>().AsNoTracking().Where(v => vehicleIds.Contains(v.Id)).OrderBy(v => v.Code).ToListAsync(cancellationToken);
            var shipments = await DeliveryProblem.LoadShipmentsAsync(read, snapshot.Stops.Select(s => s.ShipmentId).ToList(), cancellationToken);
            var pins = snapshot.Stops.Where(s => s.PinnedVehicleId != null).ToDictionary(s => s.ShipmentId, s => s.PinnedVehicleId!.Value);
            await EnsureNotCommittedElsewhereAsync(read, snapshot, cancellationToken);
            var current = snapshot.Routes.ToDictionary(
                r => r.VehicleId,
                r => snapshot.Stops.Where(s => s.RouteId == r.Id).OrderBy(s => s.StopNumber).Select(s => s.ShipmentId).ToList());
            var locked = snapshot.Routes.Where(r => r.Locked).ToDictionary(r => r.VehicleId, r => current[r.VehicleId]);
            var trips = snapshot.Stops.Where(s => s.RouteId != null).ToDictionary(s => s.ShipmentId, s => s.Trip);
            var depots = await DispatchQueries.DepotsAsync(read, vehicles, cancellationToken);
            var solved = await solver.SolveAsync(warehouse, vehicles, shipments, new PlanKeep(pins, locked, current) { Trips = trips }, engine, seed, budget, cancellationToken, depots);

            return await writes.ExecuteAsync(info, async (db, ct) =>
            {
                var plan = await DispatchQueries.FindPlanAsync(db.Set<RoutePlan>(), command.PlanId, ct);
                plan.EnsureDraft();
                plan.EnsureVersion(snapshot.Version, "it was being re-planned");
                await EnsureNotCommittedElsewhereAsync(db, plan, ct);
                (plan.Seed, plan.TimeBudgetMs, plan.Engine, plan.SolvedBy) = (seed, budget, RoutePlanner.Name(engine), solved.SolvedBy);
                DeliveryProblem.Apply(plan, solved);
                plan.Touch();
                await db.SaveChangesAsync(ct);
                return await DispatchQueries.LoadViewAsync(db, plan, ct);
            }, cancellationToken);
        }
    }

    /// <summary>
    /// A draft whose shipments another plan has committed since can never be committed itself, so solving it
    /// again is refused, naming that plan (checked before the solve and again when storing it).
    /// </summary>
    private static async Task EnsureNotCommittedElsewhereAsync(WmsDbContext db, RoutePlan plan, CancellationToken cancellationToken)
    {
        var ids = plan.Stops.Select(s => s.ShipmentId).ToList();
        var taken = await (from s in db.Set<PlannedStop>().AsNoTracking()
                           join p in db.Set<RoutePlan>() on s.PlanId equals p.Id
                           where p.Status == RoutePlanStatus.Committed && p.Id != plan.Id && s.RouteId != null && ids.Contains(s.ShipmentId)
                           select new { PlanId = p.Id, s.ShipmentId }).ToListAsync(cancellationToken);
        if (taken.Count > 0)
        {
            var byPlan = taken.GroupBy(t => t.PlanId).OrderBy(g => g.Key)
                .Select(g => $"route plan {g.Key} (shipments {string.Join(", ", g.Select(t => t.ShipmentId).Order())})");
            throw DomainException.Precondition(
                $"Route plan {plan.Id} cannot be re-planned: some of its shipments were committed since by {string.Join(" and ", byPlan)}; plan the day again with PlanRoutes.");
        }
    }
}
