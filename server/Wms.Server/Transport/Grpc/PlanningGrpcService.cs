using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Wms.Contracts.V1;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Layout;
using Wms.Server.Inventory;
using Wms.Server.Planning;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps PlanningService messages to the stored plans and the KPI report.</summary>
[Authorize(Roles = RoleSets.Supervisors)]
public sealed class PlanningGrpcService(
    IDbContextFactory<WmsDbContext> contexts, Kpis kpis, Planning.DecideSuggestion.Handler decide, Planning.UpsertSupplier.Handler upsertSupplier,
    Planning.SetTransferLeadTime.Handler setTransferLeadTime, IOptions<PlanningOptions> planning) : PlanningService.PlanningServiceBase
{
    public override async Task<V1.TransferLeadTime> SetTransferLeadTime(SetTransferLeadTimeRequest r, ServerCallContext c)
    {
        var result = await setTransferLeadTime.HandleAsync(
            new Planning.SetTransferLeadTime.Command(r.RequestId, Actor(c), r.SourceWarehouseCode, r.TargetWarehouseCode, r.LeadTimeDays, r.LeadTimeSigmaDays, r.Remove),
            c.CancellationToken);
        return new V1.TransferLeadTime
        {
            SourceWarehouseCode = result.SourceWarehouseCode, TargetWarehouseCode = result.TargetWarehouseCode, LeadTimeDays = result.LeadTimeDays,
            LeadTimeSigmaDays = result.LeadTimeSigmaDays, UpdatedAt = result.UpdatedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "", Removed = result.Removed,
        };
    }

    public override async Task<ListTransferLeadTimesResponse> ListTransferLeadTimes(ListTransferLeadTimesRequest r, ServerCallContext c)
    {
        var target = Require.Optional(r.TargetWarehouseCode, "target_warehouse_code", Limits.WarehouseCode);
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        long? targetId = target.Length == 0 ? null : await LayoutLookup.WarehouseIdAsync(db, target, c.CancellationToken);
        var rows = await (from t in db.Set<Planning.TransferLeadTime>().AsNoTracking()
                          join s in db.Set<Layout.Warehouse>() on t.SourceWarehouseId equals s.Id
                          join w in db.Set<Layout.Warehouse>() on t.TargetWarehouseId equals w.Id
                          where targetId == null || t.TargetWarehouseId == targetId
                          orderby w.Code, s.Code
                          select new { Source = s.Code, Target = w.Code, Lane = t }).Take(1000).ToListAsync(c.CancellationToken);
        var response = new ListTransferLeadTimesResponse
        {
            DefaultLeadTimeDays = planning.Value.TransferLeadTimeDays, DefaultLeadTimeSigmaDays = planning.Value.TransferLeadTimeSigmaDays,
        };
        response.LeadTimes.AddRange(rows.Select(x => new V1.TransferLeadTime
        {
            SourceWarehouseCode = x.Source, TargetWarehouseCode = x.Target, LeadTimeDays = x.Lane.LeadTimeDays, LeadTimeSigmaDays = x.Lane.LeadTimeSigmaDays,
            UpdatedAt = x.Lane.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        }));
        return response;
    }

    public override async Task<SupplierInfo> UpsertSupplier(UpsertSupplierRequest r, ServerCallContext c)
    {
        var result = await upsertSupplier.HandleAsync(
            new Planning.UpsertSupplier.Command(
                r.RequestId, Actor(c), r.Code, r.Name,
                r.Terms.Select(t => new Planning.UpsertSupplier.Terms(t.SkuCode, t.LeadTimeDays, t.LeadTimeSigmaDays, t.MinOrderQuantity, t.PackMultiple, t.UnitPrice)).ToList(),
                r.RemoveSkuCodes.ToList()),
            c.CancellationToken);
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        return (await SuppliersAsync(db, result.Code, null, c.CancellationToken)).Single();
    }

    public override async Task<ListSuppliersResponse> ListSuppliers(ListSuppliersRequest r, ServerCallContext c)
    {
        var sku = Require.Optional(r.SkuCode, "sku_code", Limits.SkuCode);
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        var response = new ListSuppliersResponse();
        response.Suppliers.AddRange(await SuppliersAsync(db, null, sku.Length == 0 ? null : sku, c.CancellationToken));
        return response;
    }

    /// <summary>Suppliers by code with their terms per SKU; with a SKU, only the suppliers that sell it and only those terms.</summary>
    private static async Task<List<SupplierInfo>> SuppliersAsync(WmsDbContext db, string? code, string? sku, CancellationToken ct)
    {
        var suppliers = await db.Set<Planning.Supplier>().AsNoTracking().Where(s => code == null || s.Code == code).OrderBy(s => s.Code).Take(1000).ToListAsync(ct);
        var ids = suppliers.Select(s => s.Id).ToList();
        var terms = await (from t in db.Set<Planning.SupplierSku>().AsNoTracking()
                           join k in db.Set<Catalog.Sku>() on t.SkuId equals k.Id
                           where ids.Contains(t.SupplierId) && (sku == null || k.Code == sku)
                           orderby k.Code
                           select new { t.SupplierId, Sku = k.Code, Terms = t }).ToListAsync(ct);
        var bySupplier = terms.ToLookup(t => t.SupplierId);
        return suppliers.Where(s => sku == null || bySupplier[s.Id].Any()).Select(s =>
        {
            var info = new SupplierInfo { Code = s.Code, Name = s.Name, UpdatedAt = s.UpdatedAt.ToString("O", CultureInfo.InvariantCulture) };
            info.Terms.AddRange(bySupplier[s.Id].Select(t => new SupplierTerms
            {
                SkuCode = t.Sku, LeadTimeDays = t.Terms.LeadTimeDays, LeadTimeSigmaDays = t.Terms.LeadTimeSigmaDays,
                MinOrderQuantity = t.Terms.MinOrderQuantity, PackMultiple = t.Terms.PackMultiple, UnitPrice = t.Terms.UnitPrice,
            }));
            return info;
        }).ToList();
    }

    public override async Task<ListSuggestionsResponse> ListSuggestions(ListSuggestionsRequest r, ServerCallContext c)
    {
        var status = r.Status switch
        {
            "" => (SuggestionStatus?)null,
            _ when Enum.TryParse<SuggestionStatus>(r.Status, ignoreCase: true, out var s) => s,
            _ => throw DomainException.Invalid("status", $"'{r.Status}' is not proposed, accepted, rejected or superseded."),
        };
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, Require.NotEmpty(r.WarehouseCode, "warehouse_code"), c.CancellationToken);
        var response = new ListSuggestionsResponse();
        response.Suggestions.AddRange(await SuggestionsAsync(db, warehouseId, status, null, c.CancellationToken));
        return response;
    }

    public override async Task<Suggestion> DecideSuggestion(DecideSuggestionRequest r, ServerCallContext c)
    {
        var result = await decide.HandleAsync(new Planning.DecideSuggestion.Command(r.RequestId, Actor(c), r.SuggestionId, r.Accept, r.Quantity), c.CancellationToken);
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        var warehouseId = await db.Set<StockSuggestion>().Where(s => s.Id == result.SuggestionId).Select(s => s.WarehouseId).FirstAsync(c.CancellationToken);
        return (await SuggestionsAsync(db, warehouseId, null, result.SuggestionId, c.CancellationToken)).Single();
    }

    /// <summary>Suggestions with their codes, and for accepted transfers what shipped from the source and has not arrived.</summary>
    private static async Task<List<Suggestion>> SuggestionsAsync(WmsDbContext db, long warehouseId, SuggestionStatus? status, long? id, CancellationToken ct)
    {
        var rows = await (from s in db.Set<StockSuggestion>().AsNoTracking()
                          join k in db.Set<Catalog.Sku>() on s.SkuId equals k.Id
                          join w in db.Set<Layout.Warehouse>() on s.WarehouseId equals w.Id
                          where s.WarehouseId == warehouseId && (status == null || s.Status == status) && (id == null || s.Id == id)
                          orderby s.Id descending
                          select new
                          {
                              Suggestion = s, Sku = k.Code, Warehouse = w.Code,
                              Source = db.Set<Layout.Warehouse>().Where(x => x.Id == s.SourceWarehouseId).Select(x => x.Code).FirstOrDefault(),
                              Supplier = db.Set<Planning.Supplier>().Where(x => x.Id == s.SupplierId).Select(x => x.Code).FirstOrDefault(),
                              Shipped = db.Set<Outbound.Order>().Where(o => o.WarehouseId == s.SourceWarehouseId && o.Reference == s.Reference && o.Status == Outbound.OrderStatus.Shipped)
                                  .SelectMany(o => o.Lines).Sum(l => (long?)l.PickedQuantity) ?? 0,
                              Received = db.Set<Inventory.Receipt>().Where(x => x.WarehouseId == s.WarehouseId && x.Reference == s.Reference)
                                  .SelectMany(x => x.Lines).Sum(l => (long?)l.ReceivedQuantity) ?? 0,
                          }).Take(500).ToListAsync(ct);
        return rows.Select(x => new Suggestion
        {
            SuggestionId = x.Suggestion.Id, WarehouseCode = x.Warehouse, SkuCode = x.Sku, Kind = x.Suggestion.Kind.ToString().ToLowerInvariant(),
            SourceWarehouseCode = x.Source ?? "", Quantity = x.Suggestion.Quantity, Status = x.Suggestion.Status.ToString().ToLowerInvariant(), Reason = x.Suggestion.Reason,
            CreatedAt = x.Suggestion.CreatedAt.ToString("O", CultureInfo.InvariantCulture), DecidedBy = x.Suggestion.DecidedBy, Reference = x.Suggestion.Reference,
            InTransit = x.Suggestion.Kind == SuggestionKind.Transfer ? Math.Max(0, x.Shipped - x.Received) : 0, SupplierCode = x.Supplier ?? "",
            UnitPrice = x.Suggestion.UnitPrice, OrderValue = x.Suggestion.OrderValue,
        }).ToList();
    }

    public override async Task<ListSkuPlansResponse> ListSkuPlans(ListSkuPlansRequest r, ServerCallContext c)
    {
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        var warehouseId = await LayoutLookup.WarehouseIdAsync(db, Require.NotEmpty(r.WarehouseCode, "warehouse_code"), c.CancellationToken);
        var rows = await (from p in db.Set<Planning.SkuPlan>().AsNoTracking()
                          join s in db.Set<Catalog.Sku>() on p.SkuId equals s.Id
                          where p.WarehouseId == warehouseId && (r.AbcClass == "" || p.AbcClass == r.AbcClass)
                          orderby s.Code
                          select new
                          {
                              Plan = p, s.Code, Supplier = db.Set<Planning.Supplier>().Where(x => x.Id == p.SupplierId).Select(x => x.Code).FirstOrDefault(),
                              Source = db.Set<Layout.Warehouse>().Where(x => x.Id == p.SourceWarehouseId).Select(x => x.Code).FirstOrDefault(),
                          })
                          .ToListAsync(c.CancellationToken);
        var response = new ListSkuPlansResponse();
        response.Plans.AddRange(rows.Select(x => new V1.SkuPlan
        {
            SkuCode = x.Code, Method = x.Plan.Method == ForecastMethod.HoltWinters ? "holt-winters" : x.Plan.Method.ToString().ToLowerInvariant(),
            DailyMean = x.Plan.DailyMean, DailySigma = x.Plan.DailySigma, Mae = x.Plan.Mae, Mase = x.Plan.Mase, AbcClass = x.Plan.AbcClass, XyzClass = x.Plan.XyzClass,
            LeadTimeDays = x.Plan.LeadTimeDays, LeadTimeSigmaDays = x.Plan.LeadTimeSigmaDays, ServiceLevel = x.Plan.ServiceLevel, SafetyStock = x.Plan.SafetyStock,
            ReorderPoint = x.Plan.ReorderPoint, OrderUpTo = x.Plan.OrderUpTo, ComputedAt = x.Plan.ComputedAt.ToString("O", CultureInfo.InvariantCulture),
            SupplierCode = x.Supplier ?? "", SourceWarehouseCode = x.Source ?? "",
        }));
        return response;
    }

    public override async Task<InventoryKpis> GetInventoryKpis(GetInventoryKpisRequest r, ServerCallContext c)
    {
        var report = await kpis.ComputeAsync(r.WarehouseCode, r.From, r.To, c.CancellationToken);
        var response = new InventoryKpis
        {
            From = r.From, To = r.To, Total = MapRow(report.Total), FillRate = Finite(report.FillRate), OrdersComplete = Finite(report.OrdersComplete), OrdersCounted = report.OrdersCounted,
            DaysOfSupplyTarget = report.DaysOfSupplyTarget,
        };
        response.Classes.AddRange(report.Classes.Select(MapRow));
        return response;
    }

    private static KpiRow MapRow(Kpis.Row row) => new()
    {
        AbcClass = row.AbcClass, Skus = row.Skus, PickedUnits = row.PickedUnits, AverageInventory = row.AverageInventory, TurnoverPerYear = row.TurnoverPerYear,
        DaysOfSupply = Finite(row.DaysOfSupply), StockOutFaceDays = row.StockOutFaceDays, ExcessUnits = row.ExcessUnits,
        OverDaysOfSupplyTarget = row.OverDaysOfSupplyTarget,
    };

    private static double Finite(double value) => double.IsFinite(value) ? value : -1;
}
