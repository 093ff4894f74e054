using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Wms.Server.Catalog;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Layout;
using Wms.Server.Outbound;

namespace Wms.Server.Planning;

/// <summary>
/// Reads for supervisors: transfer lead times, suppliers with their terms, suggestions (with stock in transit) and
/// the stored plans, by code. The transport only maps these views to its messages.
/// </summary>
public sealed class PlanningQueries(IDbContextFactory<WmsDbContext> contexts, IOptions<PlanningOptions> options)
{
    public sealed record TransferLeadTimeView(string SourceWarehouseCode, string TargetWarehouseCode, double LeadTimeDays, double LeadTimeSigmaDays, DateTimeOffset UpdatedAt);

    public sealed record TransferLeadTimes(double DefaultLeadTimeDays, double DefaultLeadTimeSigmaDays, List<TransferLeadTimeView> LeadTimes);

    public sealed record TermsView(string SkuCode, double LeadTimeDays, double LeadTimeSigmaDays, long MinOrderQuantity, long PackMultiple, double UnitPrice);

    public sealed record SupplierView(string Code, string Name, DateTimeOffset UpdatedAt, List<TermsView> Terms);

    public sealed record SuggestionView(
        long SuggestionId, string WarehouseCode, string SkuCode, SuggestionKind Kind, string SourceWarehouseCode, long Quantity, SuggestionStatus Status,
        string Reason, DateTimeOffset CreatedAt, string DecidedBy, string Reference, long InTransit, string SupplierCode, double UnitPrice, double OrderValue);

    public sealed record SkuPlanView(SkuPlan Plan, string SkuCode, string SupplierCode, string SourceWarehouseCode);

    /// <summary>The lanes set by hand (all, or into one regional warehouse), at most 1,000, with the default for the others.</summary>
    public async Task<TransferLeadTimes> TransferLeadTimesAsync(string targetWarehouseCode, CancellationToken ct)
    {
        var target = Require.Optional(targetWarehouseCode, "target_warehouse_code", Limits.WarehouseCode);
        await using var db = await contexts.CreateDbContextAsync(ct);
        long? targetId = target.Length == 0 ? null : await LayoutLookup.WarehouseIdAsync(db, target, ct);
        var rows = await (from t in db.Set<TransferLeadTime>().AsNoTracking()
                          join s in db.Set<Warehouse>() on t.SourceWarehouseId equals s.Id
                          join w in db.Set<Warehouse>() on t.TargetWarehouseId equals w.Id
                          where targetId == null || t.TargetWarehouseId == targetId
                          orderby w.Code, s.Code
                          select new TransferLeadTimeView(s.Code, w.Code, t.LeadTimeDays, t.LeadTimeSigmaDays, t.UpdatedAt)).Take(1000).ToListAsync(ct);
        return new TransferLeadTimes(options.Value.TransferLeadTimeDays, options.Value.TransferLeadTimeSigmaDays, rows);
    }

    /// <summary>Suppliers by code (all, or those selling <paramref name="skuCode"/> with only those terms).</summary>
    public async Task<List<SupplierView>> SuppliersAsync(string skuCode, CancellationToken ct)
    {
        var sku = Require.Optional(skuCode, "sku_code", Limits.SkuCode);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await SuppliersAsync(db, null, sku.Length == 0 ? null : sku, ct);
    }

    /// <summary>One supplier as just stored (the answer to an upsert).</summary>
    public async Task<SupplierView> SupplierAsync(string code, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await SuppliersAsync(db, code, null, ct)).Single();
    }

    private static async Task<List<SupplierView>> SuppliersAsync(WmsDbContext db, string? code, string? sku, CancellationToken ct)
    {
        var suppliers = await db.Set<Supplier>().AsNoTracking().Where(s => code == null || s.Code == code).OrderBy(s => s.Code).Take(1000).ToListAsync(ct);
        var ids = suppliers.Select(s => s.Id).ToList();
        var terms = await (from t in db.Set<SupplierSku>().AsNoTracking()
                           join k in db.Set<Sku>() on t.SkuId equals k.Id
                           where ids.Contains(t.SupplierId) && (sku == null || k.Code == sku)
                           orderby k.Code
                           select new { t.SupplierId, Sku = k.Code, Terms = t }).ToListAsync(ct);
        var bySupplier = terms.ToLookup(t => t.SupplierId);
        return suppliers.Where(s => sku == null || bySupplier[s.Id].Any()).Select(s => new SupplierView(
            s.Code, s.Name, s.UpdatedAt,
            bySupplier[s.Id].Select(t => new TermsView(
                t.Sku, t.Terms.LeadTimeDays, t.Terms.LeadTimeSigmaDays, t.Terms.MinOrderQuantity, t.Terms.PackMultiple, t.Terms.UnitPrice)).ToList())).ToList();
    }

    /// <summary>A warehouse's suggestions, newest first, at most 500; <paramref name="status"/> "" for all, else its name (any case).</summary>
    public async Task<List<SuggestionView>> SuggestionsAsync(string warehouseCode, string status, CancellationToken ct)
    {
        var wanted = status switch
        {
            "" => (SuggestionStatus?)null,
            _ when Enum.TryParse<SuggestionStatus>(status, ignoreCase: true, out var s) => s,
            _ => throw DomainException.Invalid("status", $"'{status}' is not proposed, accepted, rejected or superseded."),
        };
        await using var db = await contexts.CreateDbContextAsync(ct);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, Require.NotEmpty(warehouseCode, "warehouse_code"), ct);
        return await SuggestionsAsync(db, warehouseId, wanted, null, ct);
    }

    /// <summary>One suggestion as it stands (the answer to a decision).</summary>
    public async Task<SuggestionView> SuggestionAsync(long suggestionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return (await SuggestionsAsync(db, null, null, suggestionId, ct)).Single();
    }

    /// <summary>Suggestions with their codes, and for accepted transfers what shipped from the source and has not arrived.</summary>
    private static async Task<List<SuggestionView>> SuggestionsAsync(WmsDbContext db, long? warehouseId, SuggestionStatus? status, long? id, CancellationToken ct)
    {
        var rows = await (from s in db.Set<StockSuggestion>().AsNoTracking()
                          join k in db.Set<Sku>() on s.SkuId equals k.Id
                          join w in db.Set<Warehouse>() on s.WarehouseId equals w.Id
                          where (warehouseId == null || s.WarehouseId == warehouseId) && (status == null || s.Status == status) && (id == null || s.Id == id)
                          orderby s.Id descending
                          select new
                          {
                              Suggestion = s, Sku = k.Code, Warehouse = w.Code,
                              Source = db.Set<Warehouse>().Where(x => x.Id == s.SourceWarehouseId).Select(x => x.Code).FirstOrDefault(),
                              Supplier = db.Set<Supplier>().Where(x => x.Id == s.SupplierId).Select(x => x.Code).FirstOrDefault(),
                              Shipped = db.Set<Order>().Where(o => o.WarehouseId == s.SourceWarehouseId && o.Reference == s.Reference && o.Status == OrderStatus.Shipped)
                                  .SelectMany(o => o.Lines).Sum(l => (long?)l.PickedQuantity) ?? 0,
                              Received = db.Set<Receipt>().Where(x => x.WarehouseId == s.WarehouseId && x.Reference == s.Reference)
                                  .SelectMany(x => x.Lines).Sum(l => (long?)l.ReceivedQuantity) ?? 0,
                          }).Take(500).ToListAsync(ct);
        return rows.Select(x => new SuggestionView(
            x.Suggestion.Id, x.Warehouse, x.Sku, x.Suggestion.Kind, x.Source ?? "", x.Suggestion.Quantity, x.Suggestion.Status, x.Suggestion.Reason,
            x.Suggestion.CreatedAt, x.Suggestion.DecidedBy, x.Suggestion.Reference,
            x.Suggestion.Kind == SuggestionKind.Transfer ? Math.Max(0, x.Shipped - x.Received) : 0, x.Supplier ?? "", x.Suggestion.UnitPrice, x.Suggestion.OrderValue))
            .ToList();
    }

    /// <summary>A warehouse's plans by SKU code, optionally of one ABC class ("" for all).</summary>
    public async Task<List<SkuPlanView>> SkuPlansAsync(string warehouseCode, string abcClass, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, Require.NotEmpty(warehouseCode, "warehouse_code"), ct);
        var rows = await (from p in db.Set<SkuPlan>().AsNoTracking()
                          join s in db.Set<Sku>() on p.SkuId equals s.Id
                          where p.WarehouseId == warehouseId && (abcClass == "" || p.AbcClass == abcClass)
                          orderby s.Code
                          select new
                          {
                              Plan = p, s.Code, Supplier = db.Set<Supplier>().Where(x => x.Id == p.SupplierId).Select(x => x.Code).FirstOrDefault(),
                              Source = db.Set<Warehouse>().Where(x => x.Id == p.SourceWarehouseId).Select(x => x.Code).FirstOrDefault(),
                          })
                          .ToListAsync(ct);
        return rows.Select(x => new SkuPlanView(x.Plan, x.Code, x.Supplier ?? "", x.Source ?? "")).ToList();
    }
}
