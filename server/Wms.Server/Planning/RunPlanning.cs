using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Replenishment;

namespace Wms.Server.Planning;

/// <summary>
/// The nightly planning run of one warehouse: demand per SKU and day from the ledger's picks, the plan of
/// every SKU with demand or a planned pick face (<see cref="Planner"/>), stored in <c>sku_plans</c>, and the
/// min/max of pick faces whose levels are planned rather than set by hand.
/// </summary>
public static class RunPlanning
{
    public sealed record Command(string WarehouseCode);

    public sealed record Result(int Skus, int FacesUpdated, int Suggestions, IReadOnlyDictionary<ForecastMethod, int> Methods, double MeanMase)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Skus} SKUs planned ({string.Join(", ", Methods.Select(m => $"{m.Key} {m.Value}"))}), mean MASE {MeanMase:0.00}, {FacesUpdated} faces re-levelled, {Suggestions} suggestions");
    }

    /// <summary>What the writer's part changed; a record so it round-trips as the writer's stored answer.</summary>
    private sealed record Stored(int Faces, int Suggested);

    public sealed class Handler(IDbContextFactory<WmsDbContext> contexts, WriteBatcher writes, TimeProvider time, IOptions<PlanningOptions> options)
    {
        public async Task<Result> HandleAsync(Command command, CancellationToken cancellationToken)
        {
            var settings = options.Value;
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            var first = today.AddDays(-settings.HistoryDays);
            long warehouseId;
            Dictionary<long, double[]> demand;
            SupplyOption fallback;
            Dictionary<long, IReadOnlyList<SupplyOption>> supply;
            Dictionary<long, double>? values = null;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                warehouseId = await LayoutLookup.WarehouseIdAsync(db, command.WarehouseCode, cancellationToken);
                var kind = await db.Set<Warehouse>().Where(w => w.Id == warehouseId).Select(w => w.Kind).FirstAsync(cancellationToken);
                demand = await DemandHistory.DailyAsync(db, warehouseId, first, today, cancellationToken);
                foreach (var sku in await db.Set<PickFace>().Where(f => f.WarehouseId == warehouseId && f.Levels == PickFaceLevels.Planned).Select(f => f.SkuId).ToListAsync(cancellationToken))
                {
                    demand.TryAdd(sku, new double[settings.HistoryDays]);
                }

                // A central warehouse buys from suppliers, each SKU on the terms of the suppliers that sell it; a regional
                // one is supplied by transfers from a central one, on that pair's lead time.
                if (kind == WarehouseKind.Regional)
                {
                    fallback = SupplyOption.Default(settings.TransferLeadTimeDays, settings.TransferLeadTimeSigmaDays);
                    supply = await TransferSourcesAsync(db, warehouseId, fallback, demand.Keys, cancellationToken);
                }
                else
                {
                    fallback = SupplyOption.Default(settings.SupplierLeadTimeDays, settings.SupplierLeadTimeSigmaDays);
                    supply = await SupplyTermsAsync(db, cancellationToken);
                }

                if (settings.AbcBasis == AbcBasis.Value)
                {
                    values = await UnitValuesAsync(db, cancellationToken);
                }
            }

            var plans = Planner.PlanAll(demand, settings, fallback, supply, values);
            var (faces, suggested) = await writes.ExecuteAsync(
                new CommandInfo(nameof(RunPlanning), "planning", ""), (db, ct) => StoreAsync(db, warehouseId, plans, settings, now, ct), cancellationToken);
            var scored = plans.Where(p => !double.IsNaN(p.Forecast.Mase)).ToList();
            return new Result(
                plans.Count, faces, suggested,
                plans.GroupBy(p => p.Forecast.Method).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
                scored.Count == 0 ? double.NaN : scored.Average(p => p.Forecast.Mase));
        }

        private static async Task<Dictionary<long, IReadOnlyList<SupplyOption>>> SupplyTermsAsync(WmsDbContext db, CancellationToken ct)
        {
            var terms = await (from t in db.Set<SupplierSku>()
                               join s in db.Set<Supplier>() on t.SupplierId equals s.Id
                               select new { t.SkuId, Option = new SupplyOption(s.Id, s.Code, t.LeadTimeDays, t.LeadTimeSigmaDays, t.MinOrderQuantity, t.PackMultiple, t.UnitPrice, null, "") })
                              .ToListAsync(ct);
            return terms.GroupBy(t => t.SkuId).ToDictionary(g => g.Key, g => (IReadOnlyList<SupplyOption>)g.Select(t => t.Option).ToList());
        }

        /// <summary>
        /// Per SKU, the central warehouses a transfer can come from, each on its lead time into this warehouse (the default
        /// without one): those with free stock of the SKU, most first; when none has any, every central warehouse.
        /// <see cref="Planner.Choose"/> then takes the one with the lowest reorder point (ties: the first).
        /// </summary>
        private static async Task<Dictionary<long, IReadOnlyList<SupplyOption>>> TransferSourcesAsync(
            WmsDbContext db, long warehouseId, SupplyOption fallback, IEnumerable<long> skus, CancellationToken ct)
        {
            var centrals = await db.Set<Warehouse>().Where(w => w.Kind == WarehouseKind.Central).OrderBy(w => w.Id).Select(w => new { w.Id, w.Code }).ToListAsync(ct);
            if (centrals.Count == 0)
            {
                return [];
            }

            var lanes = await db.Set<TransferLeadTime>().Where(t => t.TargetWarehouseId == warehouseId).ToDictionaryAsync(t => t.SourceWarehouseId, ct);
            var options = centrals.ToDictionary(c => c.Id, c => lanes.TryGetValue(c.Id, out var lane)
                ? SupplyOption.Transfer(c.Id, c.Code, lane.LeadTimeDays, lane.LeadTimeSigmaDays)
                : SupplyOption.Transfer(c.Id, c.Code, fallback.LeadTimeDays, fallback.LeadTimeSigmaDays));
            var ids = centrals.Select(c => c.Id).ToList();
            var free = await db.Set<StockBalance>().Where(b => ids.Contains(b.WarehouseId))
                .GroupBy(b => new { b.WarehouseId, b.SkuId })
                .Select(g => new { g.Key.WarehouseId, g.Key.SkuId, Free = g.Sum(b => b.OnHand - b.Reserved) })
                .Where(x => x.Free > 0).ToListAsync(ct);
            var all = (IReadOnlyList<SupplyOption>)[.. centrals.Select(c => options[c.Id])];
            var stocked = free.ToLookup(x => x.SkuId);
            return skus.ToDictionary(sku => sku, sku => stocked[sku].Any()
                ? (IReadOnlyList<SupplyOption>)[.. stocked[sku].OrderByDescending(x => x.Free).ThenBy(x => x.WarehouseId).Select(x => options[x.WarehouseId])]
                : all);
        }

        /// <summary>ABC by value: a SKU's value is its lowest supplier price (prices of 0, "none given", left out).</summary>
        private static async Task<Dictionary<long, double>> UnitValuesAsync(WmsDbContext db, CancellationToken ct) =>
            await db.Set<SupplierSku>().Where(t => t.UnitPrice > 0).GroupBy(t => t.SkuId)
                .Select(g => new { Sku = g.Key, Price = g.Min(t => t.UnitPrice) }).ToDictionaryAsync(x => x.Sku, x => x.Price, ct);

        private static async Task<Stored> StoreAsync(
            WmsDbContext db, long warehouseId, List<Planner.Plan> plans, PlanningOptions settings, DateTimeOffset now, CancellationToken ct)
        {
            var serviceLevel = settings.ServiceLevel;
            var existing = await db.Set<SkuPlan>().Where(p => p.WarehouseId == warehouseId).ToDictionaryAsync(p => p.SkuId, ct);
            foreach (var plan in plans)
            {
                if (!existing.TryGetValue(plan.SkuId, out var row))
                {
                    row = new SkuPlan { WarehouseId = warehouseId, SkuId = plan.SkuId };
                    db.Add(row);
                }

                row.ComputedAt = now;
                row.Method = plan.Forecast.Method;
                row.DailyMean = plan.Forecast.DailyMean;
                row.DailySigma = plan.Forecast.DailySigma;
                row.Mae = double.IsNaN(plan.Forecast.Mae) ? -1 : plan.Forecast.Mae;
                row.Mase = double.IsNaN(plan.Forecast.Mase) ? -1 : plan.Forecast.Mase;
                row.AbcClass = plan.Abc.ToString();
                row.XyzClass = plan.Xyz.ToString();
                row.ServiceLevel = serviceLevel;
                row.LeadTimeDays = plan.Supply.LeadTimeDays;
                row.LeadTimeSigmaDays = plan.Supply.LeadTimeSigmaDays;
                row.SupplierId = plan.Supply.SupplierId;
                row.SourceWarehouseId = plan.Supply.SourceWarehouseId;
                row.SafetyStock = plan.Levels.SafetyStock;
                row.ReorderPoint = plan.Levels.ReorderPoint;
                row.OrderUpTo = plan.Levels.OrderUpTo;
            }

            await StoreLevelsAsync(db, warehouseId, plans, settings, DateOnly.FromDateTime(now.UtcDateTime), ct);
            var byId = plans.ToDictionary(p => p.SkuId);
            var faces = await db.Set<PickFace>().Where(f => f.WarehouseId == warehouseId && f.Levels == PickFaceLevels.Planned).ToListAsync(ct);
            foreach (var face in faces.Where(f => byId.ContainsKey(f.SkuId)))
            {
                var plan = byId[face.SkuId];
                face.MinQuantity = plan.FaceMin;
                face.MaxQuantity = plan.FaceMax;
                face.UpdatedAt = now;
            }

            var suggested = await Suggest.ProposeAsync(db, warehouseId, plans, now, ct);
            await db.SaveChangesAsync(ct);
            return new Stored(faces.Count, suggested);
        }

        /// <summary>
        /// Today's levels into the history the KPIs read (a second run today overwrites them), and rows older than
        /// <see cref="PlanningOptions.LevelHistoryDays"/> dropped.
        /// </summary>
        private static async Task StoreLevelsAsync(WmsDbContext db, long warehouseId, List<Planner.Plan> plans, PlanningOptions settings, DateOnly today, CancellationToken ct)
        {
            // Pruned first, so the rows kept and tracked below are never deleted under the change tracker; today's always stay.
            var cutoff = today.AddDays(-Math.Max(0, settings.LevelHistoryDays));
            await db.Set<PlanLevel>().Where(l => l.WarehouseId == warehouseId && l.Day < cutoff).ExecuteDeleteAsync(ct);
            var todays = await db.Set<PlanLevel>().Where(l => l.WarehouseId == warehouseId && l.Day == today).ToDictionaryAsync(l => l.SkuId, ct);
            foreach (var plan in plans)
            {
                if (!todays.TryGetValue(plan.SkuId, out var level))
                {
                    level = new PlanLevel { WarehouseId = warehouseId, SkuId = plan.SkuId, Day = today };
                    db.Add(level);
                }

                level.ReorderPoint = plan.Levels.ReorderPoint;
                level.OrderUpTo = plan.Levels.OrderUpTo;
            }
        }
    }
}
