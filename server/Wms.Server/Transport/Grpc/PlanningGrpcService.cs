using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Wms.Contracts.V1;
using Wms.Server.Planning;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps PlanningService messages to the stored plans and the KPI report.</summary>
[Authorize(Roles = RoleSets.Supervisors)]
public sealed class PlanningGrpcService(
    PlanningQueries queries, Kpis kpis, Planning.DecideSuggestion.Handler decide, Planning.UpsertSupplier.Handler upsertSupplier,
    Planning.SetTransferLeadTime.Handler setTransferLeadTime) : PlanningService.PlanningServiceBase
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
        var lanes = await queries.TransferLeadTimesAsync(r.TargetWarehouseCode, c.CancellationToken);
        var response = new ListTransferLeadTimesResponse { DefaultLeadTimeDays = lanes.DefaultLeadTimeDays, DefaultLeadTimeSigmaDays = lanes.DefaultLeadTimeSigmaDays };
        response.LeadTimes.AddRange(lanes.LeadTimes.Select(x => new V1.TransferLeadTime
        {
            SourceWarehouseCode = x.SourceWarehouseCode, TargetWarehouseCode = x.TargetWarehouseCode, LeadTimeDays = x.LeadTimeDays, LeadTimeSigmaDays = x.LeadTimeSigmaDays,
            UpdatedAt = x.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
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
        return MapSupplier(await queries.SupplierAsync(result.Code, c.CancellationToken));
    }

    public override async Task<ListSuppliersResponse> ListSuppliers(ListSuppliersRequest r, ServerCallContext c)
    {
        var response = new ListSuppliersResponse();
        response.Suppliers.AddRange((await queries.SuppliersAsync(r.SkuCode, c.CancellationToken)).Select(MapSupplier));
        return response;
    }

    private static SupplierInfo MapSupplier(PlanningQueries.SupplierView s)
    {
        var info = new SupplierInfo { Code = s.Code, Name = s.Name, UpdatedAt = s.UpdatedAt.ToString("O", CultureInfo.InvariantCulture) };
        info.Terms.AddRange(s.Terms.Select(t => new SupplierTerms
        {
            SkuCode = t.SkuCode, LeadTimeDays = t.LeadTimeDays, LeadTimeSigmaDays = t.LeadTimeSigmaDays,
            MinOrderQuantity = t.MinOrderQuantity, PackMultiple = t.PackMultiple, UnitPrice = t.UnitPrice,
        }));
        return info;
    }

    public override async Task<ListSuggestionsResponse> ListSuggestions(ListSuggestionsRequest r, ServerCallContext c)
    {
        var response = new ListSuggestionsResponse();
        response.Suggestions.AddRange((await queries.SuggestionsAsync(r.WarehouseCode, r.Status, c.CancellationToken)).Select(MapSuggestion));
        return response;
    }

    public override async Task<Suggestion> DecideSuggestion(DecideSuggestionRequest r, ServerCallContext c)
    {
        var result = await decide.HandleAsync(new Planning.DecideSuggestion.Command(r.RequestId, Actor(c), r.SuggestionId, r.Accept, r.Quantity), c.CancellationToken);
        return MapSuggestion(await queries.SuggestionAsync(result.SuggestionId, c.CancellationToken));
    }

    private static Suggestion MapSuggestion(PlanningQueries.SuggestionView x) => new()
    {
        SuggestionId = x.SuggestionId, WarehouseCode = x.WarehouseCode, SkuCode = x.SkuCode, Kind = x.Kind.ToString().ToLowerInvariant(),
        SourceWarehouseCode = x.SourceWarehouseCode, Quantity = x.Quantity, Status = x.Status.ToString().ToLowerInvariant(), Reason = x.Reason,
        CreatedAt = x.CreatedAt.ToString("O", CultureInfo.InvariantCulture), DecidedBy = x.DecidedBy, Reference = x.Reference,
        InTransit = x.InTransit, SupplierCode = x.SupplierCode, UnitPrice = x.UnitPrice, OrderValue = x.OrderValue,
    };

    public override async Task<ListSkuPlansResponse> ListSkuPlans(ListSkuPlansRequest r, ServerCallContext c)
    {
        var response = new ListSkuPlansResponse();
        response.Plans.AddRange((await queries.SkuPlansAsync(r.WarehouseCode, r.AbcClass, c.CancellationToken)).Select(x => new V1.SkuPlan
        {
            SkuCode = x.SkuCode, Method = x.Plan.Method == ForecastMethod.HoltWinters ? "holt-winters" : x.Plan.Method.ToString().ToLowerInvariant(),
            DailyMean = x.Plan.DailyMean, DailySigma = x.Plan.DailySigma, Mae = x.Plan.Mae, Mase = x.Plan.Mase, AbcClass = x.Plan.AbcClass, XyzClass = x.Plan.XyzClass,
            LeadTimeDays = x.Plan.LeadTimeDays, LeadTimeSigmaDays = x.Plan.LeadTimeSigmaDays, ServiceLevel = x.Plan.ServiceLevel, SafetyStock = x.Plan.SafetyStock,
            ReorderPoint = x.Plan.ReorderPoint, OrderUpTo = x.Plan.OrderUpTo, ComputedAt = x.Plan.ComputedAt.ToString("O", CultureInfo.InvariantCulture),
            SupplierCode = x.SupplierCode, SourceWarehouseCode = x.SourceWarehouseCode,
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
