using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Routing.Vehicles.OrTools;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Outbound;
using Wms.Server.Shipping;

namespace Wms.Server.Dispatch;

/// <summary>
/// Plans delivery routes for the shipments ready to go and stores them as a draft plan. The solve (seconds
/// of CPU) runs on a read snapshot outside the write batcher; the short write that stores it checks that
/// none of the shipments changed meanwhile (ABORTED if one did).
/// </summary>
public static class PlanRoutes
{
    public sealed record Command(
        string RequestId, string Actor, string WarehouseCode, string DeliveryDate, IReadOnlyList<long> ShipmentIds, IReadOnlyList<string> VehicleCodes,
        int TimeBudgetMs, int Seed, string Engine = "");

    public sealed class Handler(WriteBatcher writes, IDbContextFactory<WmsDbContext> contexts, DeliverySolver solver, TimeProvider time, IOptions<DispatchOptions> options)
    {
        public async Task<RoutePlanView> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var requestId = Require.RequestId(command.RequestId);
            var warehouseCode = Require.NotEmpty(command.WarehouseCode, "warehouse_code");
            var date = Require.Date(command.DeliveryDate, "delivery_date");
            var budget = DeliveryProblem.TimeBudget(command.TimeBudgetMs, DispatchOptions.DefaultTimeBudgetMs);
            ValidateSelection(command.ShipmentIds, command.VehicleCodes);
            var engine = DispatchEngine.Resolve(command.Engine, DispatchEngine.ForWarehouse(options.Value, warehouseCode));
            var info = new CommandInfo(nameof(PlanRoutes), command.Actor, requestId, $"route plan for {warehouseCode} on {ClockTime.Format(date)}");
            if (await ReplayGuard.AnsweredAsync(contexts, requestId, cancellationToken))
            {
                // A retry: the first answer is returned by the batcher, so there is nothing to solve.
                return await writes.ExecuteAsync(info, ReplayGuard.Unreachable<RoutePlanView>, cancellationToken);
            }

            await using var read = await contexts.CreateDbContextAsync(cancellationToken);
            var warehouse = await DispatchQueries.FindWarehouseAsync(read, warehouseCode, cancellationToken);
            var vehicles = await VehiclesAsync(read, warehouse.Id, warehouseCode, date, command.VehicleCodes, cancellationToken);
            var stops = await ShipmentsAsync(read, warehouse.Id, warehouseCode, date, command.ShipmentIds, cancellationToken);
            var shipments = await DeliveryProblem.WithLoadsAsync(read, stops, cancellationToken);
            var shipmentIds = stops.Select(s => s.ShipmentId).ToList();
            var depots = await DispatchQueries.DepotsAsync(read, vehicles, cancellationToken);
            var solved = await solver.SolveAsync(warehouse, vehicles, shipments, PlanKeep.None, engine, command.Seed, budget, cancellationToken, depots);

            return await writes.ExecuteAsync(info, async (db, ct) =>
            {
                var changed = await db.Set<Shipment>().Where(s => shipmentIds.Contains(s.Id) && (s.Status == ShipmentStatus.Shipped || s.RouteCode != ""))
                    .Select(s => s.Id).OrderBy(id => id).ToListAsync(ct);
                if (changed.Count > 0)
                {
                    throw new DomainException(ErrorKind.Aborted, $"Shipments {string.Join(", ", changed)} were shipped or routed while the plan was being solved: plan again.");
                }

                var plan = new RoutePlan
                {
                    WarehouseId = warehouse.Id, DeliveryDate = date, Seed = command.Seed, TimeBudgetMs = budget, CreatedAt = time.GetUtcNow(), CreatedBy = command.Actor,
                    Engine = RoutePlanner.Name(engine), SolvedBy = solved.SolvedBy,
                };
                plan.Routes.AddRange(vehicles.Select(v => new PlannedRoute { VehicleId = v.Id }));
                plan.Stops.AddRange(shipments.Select(s => new PlannedStop { ShipmentId = s.ShipmentId, WeightKg = s.WeightKg, VolumeM3 = s.VolumeM3 }));
                db.Add(plan);
                await db.SaveChangesAsync(ct);
                DeliveryProblem.Apply(plan, solved);
                await db.SaveChangesAsync(ct);
                return await DispatchQueries.LoadViewAsync(db, plan, ct);
            }, cancellationToken);
        }
    }

    private static async Task<List<Vehicle>> VehiclesAsync(WmsDbContext db, long warehouseId, string warehouseCode, DateOnly date, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var all = await db.Set<Vehicle>().AsNoTracking().Where(v => v.WarehouseId == warehouseId).OrderBy(v => v.Code).ToListAsync(cancellationToken);
        if (codes.Count == 0)
        {
            // A vehicle drives one route a day: one already committed for the date is not offered again.
            var committed = all.Select(v => RoutePlanView.RouteCode(warehouseCode, date, v.Code)).ToList();
            var taken = (await db.Set<Shipment>().Where(s => s.WarehouseId == warehouseId && committed.Contains(s.RouteCode)).Select(s => s.RouteCode).Distinct().ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            var active = all.Where(v => v.Active).ToList();
            var free = active.Where(v => !taken.Contains(RoutePlanView.RouteCode(warehouseCode, date, v.Code))).ToList();
            return free.Count > 0 ? free
                : active.Count == 0 ? throw DomainException.Precondition($"vehicle_codes: warehouse {warehouseCode} has no active vehicle; add the fleet with UpsertVehicles first.")
                : throw DomainException.Precondition($"vehicle_codes: every active vehicle of {warehouseCode} already has a committed route on {ClockTime.Format(date)}.");
        }

        var byCode = all.ToDictionary(v => v.Code, StringComparer.Ordinal);
        return codes.Select(c => byCode.GetValueOrDefault(c.Trim()) ?? throw DomainException.NotFound("Vehicle", $"{warehouseCode}/{c.Trim()}")).ToList();
    }

    /// <summary>
    /// The shipments to plan, read once with their orders: those named, each checked; or, when none is named, every one
    /// ready to go (Open or Loaded, not on a committed route, its order shipping on or before the delivery date).
    /// </summary>
    private static async Task<List<ShipmentStop>> ShipmentsAsync(WmsDbContext db, long warehouseId, string warehouseCode, DateOnly date, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        var stops = DeliveryProblem.Stops(db).Where(s => s.WarehouseId == warehouseId);
        if (ids.Count == 0)
        {
            var ready = await stops.Where(s => s.Status != ShipmentStatus.Shipped && s.RouteCode == "" && s.ShipDate <= date)
                .OrderBy(s => s.ShipmentId).ToListAsync(cancellationToken);
            return ready.Count > 0 ? ready
                : throw DomainException.Precondition($"No shipment of {warehouseCode} is ready to go on {ClockTime.Format(date)} (Open or Loaded, not on a committed route, ship date on or before it).");
        }

        var found = await stops.Where(s => ids.Contains(s.ShipmentId)).ToDictionaryAsync(s => s.ShipmentId, cancellationToken);
        if (ids.FirstOrDefault(id => !found.ContainsKey(id)) is var missing and > 0)
        {
            throw DomainException.NotFound($"Shipment of {warehouseCode}", missing.ToString(CultureInfo.InvariantCulture));
        }

        var notReady = ids.Where(id => found[id].Gone).ToList();
        return notReady.Count == 0 ? [.. found.Values.OrderBy(s => s.ShipmentId)]
            : throw DomainException.Precondition($"shipment_ids: shipments {string.Join(", ", notReady)} are not ready to go (already shipped or on a committed route).");
    }

    private static void ValidateSelection(IReadOnlyList<long> shipmentIds, IReadOnlyList<string> vehicleCodes)
    {
        var ids = new HashSet<long>();
        for (var i = 0; i < shipmentIds.Count; i++)
        {
            Require.Positive(shipmentIds[i], $"shipment_ids[{i}]");
            if (!ids.Add(shipmentIds[i]))
            {
                throw DomainException.Invalid($"shipment_ids[{i}]", $"shipment {shipmentIds[i]} appears twice.");
            }
        }

        Require.DistinctCodes(vehicleCodes, "vehicle_codes");
    }
}

/// <summary>A retried solve must not burn seconds of CPU to be thrown away: the batcher answers it from the request log.</summary>
internal static class ReplayGuard
{
    public static async Task<bool> AnsweredAsync(IDbContextFactory<WmsDbContext> contexts, string requestId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<RequestLogEntry>().AnyAsync(r => r.RequestId == requestId, cancellationToken);
    }

    public static Task<T> Unreachable<T>(WmsDbContext db, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("A request id found in the request log was not answered from it.");
}
