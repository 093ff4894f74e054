using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;

namespace Wms.Server.Planning;

/// <summary>
/// The suggestions step of the nightly run: a SKU whose inventory position (on hand − reserved + still expected
/// on open receipts) is at or below its reorder point gets a proposal for the quantity that brings the
/// position to its order-up-to level: a purchase for a central warehouse, a transfer from the central warehouse
/// with the most free stock of the SKU for a regional one. An undecided older proposal for the same SKU is superseded.
/// </summary>
internal static class Suggest
{
    public static async Task<int> ProposeAsync(WmsDbContext db, long warehouseId, IReadOnlyList<Planner.Plan> plans, DateTimeOffset now, CancellationToken ct)
    {
        var warehouse = await db.Set<Warehouse>().AsNoTracking().FirstAsync(w => w.Id == warehouseId, ct);
        var centrals = warehouse.Kind == WarehouseKind.Regional
            ? await db.Set<Warehouse>().Where(w => w.Kind == WarehouseKind.Central).OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct)
            : [];
        var skuIds = plans.Select(p => p.SkuId).ToList();
        // A transfer comes from the central warehouse with the most free stock of the SKU (the first one when none has any).
        var centralStock = centrals.Count == 0 ? [] : await db.Set<StockBalance>()
            .Where(b => centrals.Contains(b.WarehouseId) && skuIds.Contains(b.SkuId))
            .GroupBy(b => new { b.WarehouseId, b.SkuId }).Select(g => new { g.Key.WarehouseId, g.Key.SkuId, Free = g.Sum(b => b.OnHand - b.Reserved) }).ToListAsync(ct);
        var stock = await db.Set<StockBalance>().Where(b => b.WarehouseId == warehouseId)
            .GroupBy(b => b.SkuId).Select(g => new { Sku = g.Key, Free = g.Sum(b => b.OnHand - b.Reserved) }).ToDictionaryAsync(x => x.Sku, x => x.Free, ct);
        var expected = await (from l in db.Set<ReceiptLine>()
                              join r in db.Set<Receipt>() on l.ReceiptId equals r.Id
                              where r.WarehouseId == warehouseId && r.Status == ReceiptStatus.Open && l.ExpectedQuantity > l.ReceivedQuantity
                              group l by l.SkuId into g
                              select new { Sku = g.Key, Open = g.Sum(l => l.ExpectedQuantity - l.ReceivedQuantity) }).ToDictionaryAsync(x => x.Sku, x => x.Open, ct);
        var open = await db.Set<StockSuggestion>().Where(s => s.WarehouseId == warehouseId && s.Status == SuggestionStatus.Proposed).ToListAsync(ct);
        var proposed = 0;
        foreach (var plan in plans.Where(p => p.Forecast.DailyMean > 0))
        {
            var position = stock.GetValueOrDefault(plan.SkuId) + expected.GetValueOrDefault(plan.SkuId);
            if (position > plan.Levels.ReorderPoint)
            {
                continue;
            }

            // Purchases respect the supplier's minimum order and pack (transfers have neither: the option's are 1 and 1).
            var quantity = plan.Supply.OrderQuantity(plan.Levels.OrderUpTo - position);
            if (quantity <= 0)
            {
                continue;
            }

            foreach (var older in open.Where(s => s.SkuId == plan.SkuId))
            {
                older.Decide(SuggestionStatus.Superseded, "planning", now);
            }

            long? central = centrals.Count == 0 ? null
                : centralStock.Where(c => c.SkuId == plan.SkuId && c.Free > 0).OrderByDescending(c => c.Free).ThenBy(c => c.WarehouseId).Select(c => (long?)c.WarehouseId).FirstOrDefault() ?? centrals[0];
            var supply = plan.Supply;
            db.Add(new StockSuggestion
            {
                WarehouseId = warehouseId, SkuId = plan.SkuId, Kind = central is null ? SuggestionKind.Purchase : SuggestionKind.Transfer, SourceWarehouseId = central,
                Quantity = quantity, CreatedAt = now, SupplierId = central is null ? supply.SupplierId : null,
                Reason = string.Create(CultureInfo.InvariantCulture,
                    $"position {position} <= reorder point {plan.Levels.ReorderPoint:0.#} (d {plan.Forecast.DailyMean:0.##}/day x L {supply.LeadTimeDays:0.##}+-{supply.LeadTimeSigmaDays:0.##} d + SS {plan.Levels.SafetyStock:0.#}); up to {plan.Levels.OrderUpTo:0.#}")
                    + (supply.SupplierId is null ? "" : string.Create(CultureInfo.InvariantCulture,
                        $"; supplier {supply.SupplierCode}, min {supply.MinOrderQuantity}, pack {supply.PackMultiple}: {Math.Ceiling(plan.Levels.OrderUpTo - position - 1e-9)} -> {quantity}")),
            });
            proposed++;
        }

        return proposed;
    }
}
