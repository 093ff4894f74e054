using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Server.Data;
using Wms.Server.Inventory;

namespace Wms.Server.Planning;

/// <summary>
/// The suggestions step of the nightly run: a SKU whose inventory position (on hand − reserved + still expected
/// on open receipts) is at or below its reorder point gets a proposal for the quantity that brings the
/// position to its order-up-to level: a purchase for a central warehouse (from the plan's supplier, at its price), a
/// transfer for a regional one from the central warehouse the plan was made on (<see cref="RunPlanning"/>: one with free
/// stock, on the lead time of that pair). An undecided older proposal for the same SKU is superseded.
/// </summary>
internal static class Suggest
{
    public static async Task<int> ProposeAsync(WmsDbContext db, long warehouseId, IReadOnlyList<Planner.Plan> plans, DateTimeOffset now, CancellationToken ct)
    {
        var stock = await db.Set<StockBalance>().Where(b => b.WarehouseId == warehouseId)
            .GroupBy(b => b.SkuId).Select(g => new { Sku = g.Key, Free = g.Sum(b => b.OnHand - b.Reserved) }).ToDictionaryAsync(x => x.Sku, x => x.Free, ct);
        var expected = await (from l in db.Set<ReceiptLine>()
                              join r in db.Set<Receipt>() on l.ReceiptId equals r.Id
                              where r.WarehouseId == warehouseId && r.Status == ReceiptStatus.Open && l.ExpectedQuantity > l.ReceivedQuantity
                              group l by l.SkuId into g
                              select new { Sku = g.Key, Open = g.Sum(l => l.ExpectedQuantity - l.ReceivedQuantity) }).ToDictionaryAsync(x => x.Sku, x => x.Open, ct);
        var open = (await db.Set<StockSuggestion>().Where(s => s.WarehouseId == warehouseId && s.Status == SuggestionStatus.Proposed).ToListAsync(ct)).ToLookup(s => s.SkuId);
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

            foreach (var older in open[plan.SkuId])
            {
                older.Decide(SuggestionStatus.Superseded, "planning", now);
            }

            // A regional plan names the central warehouse it was planned on; without one (no central warehouse exists) it is bought.
            var supply = plan.Supply;
            var central = supply.SourceWarehouseId;
            db.Add(new StockSuggestion
            {
                WarehouseId = warehouseId, SkuId = plan.SkuId, Kind = central is null ? SuggestionKind.Purchase : SuggestionKind.Transfer, SourceWarehouseId = central,
                Quantity = quantity, CreatedAt = now, SupplierId = supply.SupplierId, UnitPrice = supply.UnitPrice,
                Reason = Reason(plan, position, quantity),
            });
            proposed++;
        }

        return proposed;
    }

    /// <summary>The figures behind a proposal, short enough for a list (300 characters at most).</summary>
    private static string Reason(Planner.Plan plan, long position, long quantity)
    {
        var supply = plan.Supply;
        var from = supply.SourceWarehouseId is null ? "" : " from " + supply.SourceWarehouseCode;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"position {position} <= reorder point {plan.Levels.ReorderPoint:0.#} (d {plan.Forecast.DailyMean:0.##}/day x L {supply.LeadTimeDays:0.##}+-{supply.LeadTimeSigmaDays:0.##} d{from} + SS {plan.Levels.SafetyStock:0.#}{Undershoot(plan.Levels)}); up to {plan.Levels.OrderUpTo:0.#}");
        if (supply.SupplierId is not null)
        {
            reason += string.Create(CultureInfo.InvariantCulture,
                $"; supplier {supply.SupplierCode}, min {supply.MinOrderQuantity}, pack {supply.PackMultiple}: {Math.Ceiling(plan.Levels.OrderUpTo - position - 1e-9)} -> {quantity}");
            if (supply.UnitPrice > 0)
            {
                reason += string.Create(CultureInfo.InvariantCulture, $" at {supply.UnitPrice:0.####} = {quantity * supply.UnitPrice:0.##}");
            }
        }

        // The column holds 300: extreme figures (ten-digit quantities and prices, long codes) could pass it.
        return reason.Length <= 300 ? reason : reason[..300];
    }

    /// <summary>" incl. undershoot 5.5" when the safety stock carries an undershoot allowance (SafetyStock), else nothing.</summary>
    private static string Undershoot(SafetyStock.Levels levels) =>
        levels.Undershoot >= 0.05 ? string.Create(CultureInfo.InvariantCulture, $" incl. undershoot {levels.Undershoot:0.#}") : "";
}
