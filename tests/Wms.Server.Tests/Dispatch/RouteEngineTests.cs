using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Hosting;
using Wms.Client;
using Wms.Contracts.V1;
using Xunit;
using static Wms.Server.Tests.Dispatch.DispatchSetup;

namespace Wms.Server.Tests.Dispatch;

/// <summary>Issue 16: the route engine of PlanRoutes and Replan, named per call or configured per warehouse, said on the plan.</summary>
public sealed class RouteEngineTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    /// <summary>Eight drops around the depot for two vans: small enough that both engines find the same best plan in a short budget.</summary>
    private static async Task<Site> DayAsync(WmsServerFactory server, string? code = null)
    {
        var rng = new Random(16);
        var drops = Enumerable.Range(0, 8).Select(_ => new Drop(5 + rng.Next(20), "08:00", "17:00", (rng.NextDouble() - 0.5) * 0.2, (rng.NextDouble() - 0.5) * 0.3)).ToArray();
        var site = code is null ? await SiteAsync(server, drops) : await SiteAsync(server, code, drops);
        await FleetAsync(server, site.WarehouseCode, Van("VAN-1", 80), Van("VAN-2", 80));
        return site;
    }

    private static PlanRoutesRequest Plan(string warehouseCode, string engine)
    {
        var request = DispatchSetup.Plan(warehouseCode, budgetMs: 300);
        request.Engine = engine;
        return request;
    }

    [Fact]
    public async Task PlanRoutes_NoEngineNamed_ConfiguredDefaultHgsSaidOnThePlan()
    {
        var site = await DayAsync(factory);

        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, ""));

        Assert.Equal(("hgs", "hgs"), (plan.Engine, plan.SolvedBy));
        Assert.Equal(8, plan.Totals.StopsRouted);
    }

    [Fact]
    public async Task PlanRoutes_OrTools_PlanByOrToolsServesEveryStopAndIsStored()
    {
        var site = await DayAsync(factory);

        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "ortools"));
        var stored = await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = plan.PlanId });

        Assert.Equal(("ortools", "ortools"), (plan.Engine, plan.SolvedBy));
        Assert.Equal((8, 0), (plan.Totals.StopsRouted, plan.Totals.StopsUnserved));
        Assert.All(plan.Routes, r => Assert.True(r.LoadWeightKg <= 80 + 1e-9, $"{r.VehicleCode} carries {r.LoadWeightKg} kg"));
        Assert.Equal(("ortools", "ortools", plan.Totals.Cost), (stored.Engine, stored.SolvedBy, stored.Totals.Cost));
        var json = await factory.Call(WmsMethods.Dispatch.ExportRoutePlan, new ExportRoutePlanRequest { PlanId = plan.PlanId, Format = "json" });
        using var doc = System.Text.Json.JsonDocument.Parse(json.Content.ToStringUtf8());
        Assert.Equal("ortools", doc.RootElement.GetProperty("solved_by").GetString());
    }

    [Fact]
    public async Task PlanRoutes_BestOf_NoWorseThanEitherEngineAloneAndNamesTheWinner()
    {
        var site = await DayAsync(factory);

        var hgs = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "hgs"));
        var ortools = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "ortools"));
        var best = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "best-of"));

        Assert.Equal("best-of", best.Engine);
        Assert.Contains(best.SolvedBy, new[] { "hgs", "ortools" });
        Assert.True(best.Totals.Cost <= Math.Min(hgs.Totals.Cost, ortools.Totals.Cost) + 0.01, $"best-of {best.Totals.Cost}, hgs {hgs.Totals.Cost}, ortools {ortools.Totals.Cost}");
    }

    [Theory]
    [InlineData("gurobi")]
    [InlineData("hgs-fast")]
    [InlineData("ortools ortools ortools")]
    public async Task PlanRoutes_UnknownEngine_InvalidArgumentNamingEngineAndNoPlanStored(string engine)
    {
        var site = await DayAsync(factory);

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, engine)));
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "hgs"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("engine", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal(8, plan.Totals.StopsRouted);
    }

    [Fact]
    public async Task Replan_NoEngineNamed_KeepsThePlansEngine_NamedOneReplacesItAndIsNeverWorse()
    {
        var site = await DayAsync(factory);
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "ortools"));

        var again = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Guid.NewGuid().ToString(), PlanId = plan.PlanId, TimeBudgetMs = 100 });
        var byHgs = await factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Guid.NewGuid().ToString(), PlanId = plan.PlanId, TimeBudgetMs = 300, Engine = "HGS" });

        Assert.Equal("ortools", again.Engine);
        Assert.Contains(again.SolvedBy, new[] { "ortools", "current" });
        Assert.True(again.Totals.Cost <= plan.Totals.Cost + 0.01, $"{again.Totals.Cost} > {plan.Totals.Cost}");
        Assert.Equal(("hgs", "hgs"), (byHgs.Engine, byHgs.SolvedBy));
        Assert.True(byHgs.Totals.Cost <= again.Totals.Cost + 0.01, $"{byHgs.Totals.Cost} > {again.Totals.Cost}");
    }

    [Fact]
    public async Task Replan_UnknownEngine_InvalidArgumentAndPlanUnchanged()
    {
        var site = await DayAsync(factory);
        var plan = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, ""));

        var error = await Assert.ThrowsAsync<RpcException>(() => factory.Call(WmsMethods.Dispatch.Replan, new ReplanRequest { RequestId = Guid.NewGuid().ToString(), PlanId = plan.PlanId, Engine = "cplex" }));
        var stored = await factory.Call(WmsMethods.Dispatch.GetRoutePlan, new GetRoutePlanRequest { PlanId = plan.PlanId });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("must be hgs, ortools or best-of, not 'cplex'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal((plan.Version, "hgs"), (stored.Version, stored.Engine));
    }

    [Fact]
    public async Task PlanRoutes_OrToolsWithDriversBreaks_PlansKeepingTheBreaks()
    {
        // OR-Tools models breaks and the driving limit since issue 16's second session; it was refused here before.
        var site = await DayAsync(factory);
        var van = Van("VAN-3", 200);
        (van.MaxDrivingMinutes, van.BreakAfterDrivingMinutes, van.BreakMinutes) = (540, 270, 45);
        await FleetAsync(factory, site.WarehouseCode, van);

        var ortools = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "ortools"));
        var best = await factory.Call(WmsMethods.Dispatch.PlanRoutes, Plan(site.WarehouseCode, "best-of"));

        Assert.Equal(("ortools", "ortools"), (ortools.Engine, ortools.SolvedBy));
        Assert.Equal(8, ortools.Totals.StopsRouted);
        Assert.Equal(8, best.Totals.StopsRouted);
    }

    /// <summary>best-of by default, ortools for one warehouse.</summary>
    private sealed class ConfiguredServer(string orToolsWarehouse) : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Wms:Dispatch:Engine", "best-of");
            builder.UseSetting($"Wms:Dispatch:Engines:{orToolsWarehouse}", "ortools");
        }
    }

    [Fact]
    public async Task PlanRoutes_EngineConfiguredPerWarehouse_UsedUnlessTheCallNamesAnother()
    {
        var code = "E" + Guid.NewGuid().ToString("N")[..8];
        await using var server = new ConfiguredServer(code);
        var configured = await DayAsync(server, code);
        var other = await DayAsync(server);

        var byWarehouse = await server.Call(WmsMethods.Dispatch.PlanRoutes, Plan(configured.WarehouseCode, ""));
        var byDefault = await server.Call(WmsMethods.Dispatch.PlanRoutes, Plan(other.WarehouseCode, ""));
        var named = await server.Call(WmsMethods.Dispatch.PlanRoutes, Plan(configured.WarehouseCode, "hgs"));

        Assert.Equal(("ortools", "ortools"), (byWarehouse.Engine, byWarehouse.SolvedBy));
        Assert.Equal("best-of", byDefault.Engine);
        Assert.Equal("hgs", named.Engine);
    }

    private sealed class MisconfiguredServer : WmsServerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Wms:Dispatch:Engine", "simplex");
        }
    }

    [Fact]
    public async Task Start_UnknownConfiguredEngine_ServerRefusesToStartSayingWhy()
    {
        await using var server = new MisconfiguredServer();

        var error = Assert.ThrowsAny<Exception>(() => server.Services);

        Assert.Contains("Wms:Dispatch: Engine and every Engines entry must be hgs, ortools or best-of", error.ToString(), StringComparison.Ordinal);
    }
}
