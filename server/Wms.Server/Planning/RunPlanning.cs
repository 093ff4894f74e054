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
            WarehouseKind kind;
            Dictionary<long, double[]> demand;
            Dictionary<long, IReadOnlyList<SupplyOption>> suppliers = [];
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                warehouseId = await LayoutLookup.WarehouseIdAsync(db, command.WarehouseCode, cancellationToken);
                kind = await db.Set<Warehouse>().Where(w => w.Id == warehouseId).Select(w => w.Kind).FirstAsync(cancellationToken);
                demand = await DemandHistory.DailyAsync(db, warehouseId, first, today, cancellationToken);
                foreach (var sku in await db.Set<PickFace>().Where(f => f.WarehouseId == warehouseId && f.Levels == PickFaceLevels.Planned).Select(f => f.SkuId).ToListAsync(cancellationToken))
                {
                    demand.TryAdd(sku, new double[settings.HistoryDays]);
                }

                // A central warehouse buys from suppliers, each SKU on the terms of the suppliers that sell it.
                if (kind != WarehouseKind.Regional)
                {
                    suppliers = await SupplyTermsAsync(db, cancellationToken);
                }
            }

            // A regional warehouse is supplied by transfers from the central one; a SKU without supplier terms is bought on the settings' lead time.
            var fallback = kind != WarehouseKind.Regional
                ? SupplyOption.Default(settings.SupplierLeadTimeDays, settings.SupplierLeadTimeSigmaDays)
                : SupplyOption.Default(settings.TransferLeadTimeDays, settings.TransferLeadTimeSigmaDays);
            var plans = Planner.PlanAll(demand, settings, fallback, suppliers);
            var (faces, suggested) = await writes.ExecuteAsync(
                new CommandInfo(nameof(RunPlanning), "planning", ""), (db, ct) => StoreAsync(db, warehouseId, plans, settings.ServiceLevel, now, ct), cancellationToken);
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
                               select new { t.SkuId, Option = new SupplyOption(s.Id, s.Code, t.LeadTimeDays, t.LeadTimeSigmaDays, t.MinOrderQuantity, t.PackMultiple) })
                              .ToListAsync(ct);
            return terms.GroupBy(t => t.SkuId).ToDictionary(g => g.Key, g => (IReadOnlyList<SupplyOption>)g.Select(t => t.Option).ToList());
        }

        private static async Task<Stored> StoreAsync(
            WmsDbContext db, long warehouseId, List<Planner.Plan> plans, double serviceLevel, DateTimeOffset now, CancellationToken ct)
        {
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
                row.SafetyStock = plan.Levels.SafetyStock;
                row.ReorderPoint = plan.Levels.ReorderPoint;
                row.OrderUpTo = plan.Levels.OrderUpTo;
            }

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
    }
}
