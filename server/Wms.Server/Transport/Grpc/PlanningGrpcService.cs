using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Wms.Contracts.V1;
using Wms.Grpc;
using Wms.Server.Common;
using Wms.Server.Data;
using Wms.Server.Inventory;
using Wms.Server.Planning;
using Wms.Server.Security;
using static Wms.Server.Transport.Grpc.GrpcMethods;
using V1 = Wms.Contracts.V1;

namespace Wms.Server.Transport.Grpc;

/// <summary>Maps PlanningService messages to the stored plans and the KPI report.</summary>
public sealed class PlanningGrpcService(IDbContextFactory<WmsDbContext> contexts, Kpis kpis) : IGrpcService<PlanningGrpcService>
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor Service = PlanningReflection.Descriptor.Services[0];
    public static readonly Method<ListSkuPlansRequest, ListSkuPlansResponse> ListSkuPlansMethod = Create<ListSkuPlansRequest, ListSkuPlansResponse>(Service, "ListSkuPlans");
    public static readonly Method<GetInventoryKpisRequest, InventoryKpis> GetInventoryKpisMethod = Create<GetInventoryKpisRequest, InventoryKpis>(Service, "GetInventoryKpis");

    public static void Bind(GrpcServiceBinder<PlanningGrpcService> binder) => binder
        .Describe(Service)
        .Unary(ListSkuPlansMethod, static (s, r, c) => s.ListSkuPlans(r, c))
        .Unary(GetInventoryKpisMethod, static (s, r, c) => s.GetKpis(r, c));

    public static void Authorize(MethodRoles roles) => roles
        .Allow(ListSkuPlansMethod.FullName, Role.Admin, Role.Supervisor)
        .Allow(GetInventoryKpisMethod.FullName, Role.Admin, Role.Supervisor);

    private async Task<ListSkuPlansResponse> ListSkuPlans(ListSkuPlansRequest r, ServerCallContext c)
    {
        await using var db = await contexts.CreateDbContextAsync(c.CancellationToken);
        var warehouseId = await StockPlaces.WarehouseIdAsync(db, Require.NotEmpty(r.WarehouseCode, "warehouse_code"), c.CancellationToken);
        var rows = await (from p in db.Set<Planning.SkuPlan>().AsNoTracking()
                          join s in db.Set<Catalog.Sku>() on p.SkuId equals s.Id
                          where p.WarehouseId == warehouseId && (r.AbcClass == "" || p.AbcClass == r.AbcClass)
                          orderby s.Code
                          select new { Plan = p, s.Code }).ToListAsync(c.CancellationToken);
        var response = new ListSkuPlansResponse();
        response.Plans.AddRange(rows.Select(x => new V1.SkuPlan
        {
            SkuCode = x.Code, Method = x.Plan.Method == ForecastMethod.HoltWinters ? "holt-winters" : x.Plan.Method.ToString().ToLowerInvariant(),
            DailyMean = x.Plan.DailyMean, DailySigma = x.Plan.DailySigma, Mae = x.Plan.Mae, Mase = x.Plan.Mase, AbcClass = x.Plan.AbcClass, XyzClass = x.Plan.XyzClass,
            LeadTimeDays = x.Plan.LeadTimeDays, LeadTimeSigmaDays = x.Plan.LeadTimeSigmaDays, ServiceLevel = x.Plan.ServiceLevel, SafetyStock = x.Plan.SafetyStock,
            ReorderPoint = x.Plan.ReorderPoint, OrderUpTo = x.Plan.OrderUpTo, ComputedAt = x.Plan.ComputedAt.ToString("O", CultureInfo.InvariantCulture),
        }));
        return response;
    }

    private async Task<InventoryKpis> GetKpis(GetInventoryKpisRequest r, ServerCallContext c)
    {
        var report = await kpis.ComputeAsync(r.WarehouseCode, r.From, r.To, c.CancellationToken);
        var response = new InventoryKpis
        {
            From = r.From, To = r.To, Total = MapRow(report.Total), FillRate = Finite(report.FillRate), OrdersComplete = Finite(report.OrdersComplete), OrdersCounted = report.OrdersCounted,
        };
        response.Classes.AddRange(report.Classes.Select(MapRow));
        return response;
    }

    private static KpiRow MapRow(Kpis.Row row) => new()
    {
        AbcClass = row.AbcClass, Skus = row.Skus, PickedUnits = row.PickedUnits, AverageInventory = row.AverageInventory, TurnoverPerYear = row.TurnoverPerYear,
        DaysOfSupply = Finite(row.DaysOfSupply), StockOutFaceDays = row.StockOutFaceDays, ExcessUnits = row.ExcessUnits,
    };

    private static double Finite(double value) => double.IsFinite(value) ? value : -1;
}
