using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Planning;
using Wms.Server.Tests.Outbound;
using Wms.Server.Tests.Replenishment;
using Xunit;
using Role = Wms.Server.Security.Role;
using Warehouse = Wms.Server.Layout.Warehouse;
using WarehouseKind = Wms.Server.Layout.WarehouseKind;

namespace Wms.Server.Tests.Planning;

/// <summary>
/// A regional warehouse's plan uses the transfer lead time of the central warehouse it is planned on: the one with free
/// stock needing the lowest reorder point. Steady 12 a day (σd = 0), 95 %: ROP = 12·L + 5.5 + 1.6449·√((12·σL)² + 11.92), the
/// 5.5 and 11.92 being the undershoot's mean and variance (the position is 0-11 below the reorder point when seen there).
/// </summary>
public sealed class TransferLeadTimeTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task NightlyPlan_TwoCentralsWithTheirOwnLeadTimes_PlannedAndTransferredFromTheQuickerOne()
    {
        var (regional, near, far) = await RegionalWithTwoCentralsAsync();
        await regional.Outbound.StockAsync(near, "R-01", regional.Sku, 300);
        await regional.Outbound.StockAsync(far, "R-01", regional.Sku, 900);
        await SetAsync(regional, near, 1, 0);
        await SetAsync(regional, far, 5, 1);

        var (plan, suggestion) = await PlanAsync(regional);

        // NEAR 1 ± 0 days: SS = 5.5 + 1.6449·√11.92 = 11.18, ROP = 23.18, up to 23.18 + 12·7 = 107.18 → 108.
        // FAR 5 ± 1: ROP = 60 + 26.04 = 86.04. FAR holds more, NEAR needs less.
        Assert.Equal((near, 1.0, 0.0), (plan.SourceWarehouseCode, plan.LeadTimeDays, plan.LeadTimeSigmaDays));
        Assert.Equal(23.18, plan.ReorderPoint, 2);
        Assert.NotNull(suggestion);
        Assert.Equal(("transfer", near, 108L), (suggestion.Kind, suggestion.SourceWarehouseCode, suggestion.Quantity));
        Assert.Contains($"x L 1+-0 d from {near} + SS 11.2 incl. undershoot 5.5)", suggestion.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NightlyPlan_QuickerCentralHasNoStock_PlannedOnTheOneThatHasItsLeadTime()
    {
        var (regional, near, far) = await RegionalWithTwoCentralsAsync();
        await regional.Outbound.StockAsync(far, "R-01", regional.Sku, 900);
        await SetAsync(regional, near, 1, 0);
        await SetAsync(regional, far, 5, 1);

        var (plan, suggestion) = await PlanAsync(regional);

        // FAR 5 ± 1: SS = 5.5 + 1.6449·√(12² + 11.92) = 26.04, ROP = 86.04, up to 86.04 + 84 = 170.04 → 171.
        Assert.Equal((far, 5.0, 1.0), (plan.SourceWarehouseCode, plan.LeadTimeDays, plan.LeadTimeSigmaDays));
        Assert.Equal(86.04, plan.ReorderPoint, 2);
        Assert.NotNull(suggestion);
        Assert.Equal(("transfer", far, 171L), (suggestion.Kind, suggestion.SourceWarehouseCode, suggestion.Quantity));
    }

    [Fact]
    public async Task SetTransferLeadTime_SetListRemoveAndReplay_PairUsesTheDefaultAgainAfterRemoval()
    {
        var (regional, near, far) = await RegionalWithTwoCentralsAsync();
        await regional.Outbound.StockAsync(near, "R-01", regional.Sku, 300);
        var request = new SetTransferLeadTimeRequest
        {
            RequestId = OutboundKit.NewId(), SourceWarehouseCode = near, TargetWarehouseCode = regional.Warehouse, LeadTimeDays = 3, LeadTimeSigmaDays = 0.5,
        };

        var set = await regional.Outbound.Call(WmsMethods.Planning.SetTransferLeadTime, request);
        var replayed = await regional.Outbound.Call(WmsMethods.Planning.SetTransferLeadTime, request);
        await SetAsync(regional, far, 4, 2);
        var listed = await regional.Outbound.Call(WmsMethods.Planning.ListTransferLeadTimes, new ListTransferLeadTimesRequest { TargetWarehouseCode = regional.Warehouse });
        var removed = await regional.Outbound.Call(WmsMethods.Planning.SetTransferLeadTime, new SetTransferLeadTimeRequest
        {
            RequestId = OutboundKit.NewId(), SourceWarehouseCode = near, TargetWarehouseCode = regional.Warehouse, Remove = true,
        });
        var after = await regional.Outbound.Call(WmsMethods.Planning.ListTransferLeadTimes, new ListTransferLeadTimesRequest { TargetWarehouseCode = regional.Warehouse });
        var (plan, _) = await PlanAsync(regional);

        Assert.Equal((near, regional.Warehouse, 3.0, 0.5, false), (set.SourceWarehouseCode, set.TargetWarehouseCode, set.LeadTimeDays, set.LeadTimeSigmaDays, set.Removed));
        Assert.Equal(set.UpdatedAt, replayed.UpdatedAt);
        // Listed by source code (the codes are random here).
        Assert.Equal(new[] { (far, 4.0, 2.0), (near, 3.0, 0.5) }.OrderBy(l => l.Item1, StringComparer.Ordinal), listed.LeadTimes.Select(l => (l.SourceWarehouseCode, l.LeadTimeDays, l.LeadTimeSigmaDays)).ToList());
        Assert.Equal((2.0, 0.5), (listed.DefaultLeadTimeDays, listed.DefaultLeadTimeSigmaDays));
        Assert.True(removed.Removed);
        Assert.Equal([far], after.LeadTimes.Select(l => l.SourceWarehouseCode).ToList());
        // Only NEAR has stock, and its pair is back on the default 2 ± 0.5 days.
        Assert.Equal((near, 2.0, 0.5), (plan.SourceWarehouseCode, plan.LeadTimeDays, plan.LeadTimeSigmaDays));
    }

    [Fact]
    public async Task SetTransferLeadTime_BadInput_NamedFieldNothingStoredAndSupervisorsOnly()
    {
        var (regional, near, far) = await RegionalWithTwoCentralsAsync();
        SetTransferLeadTimeRequest Request(string source, string target, double days = 2, double sigma = 0.5) =>
            new() { RequestId = OutboundKit.NewId(), SourceWarehouseCode = source, TargetWarehouseCode = target, LeadTimeDays = days, LeadTimeSigmaDays = sigma };
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

        async Task<RpcException> Refused(SetTransferLeadTimeRequest request, string? token = WmsServerFactory.AdminToken) =>
            await Assert.ThrowsAsync<RpcException>(() => regional.Outbound.Call(WmsMethods.Planning.SetTransferLeadTime, request, token));

        var fromRegional = await Refused(Request(regional.Warehouse, near));
        var toCentral = await Refused(Request(near, far));
        var same = await Refused(Request(near, near));
        var zero = await Refused(Request(near, regional.Warehouse, days: 0));
        var tooLong = await Refused(Request(near, regional.Warehouse, days: 366));
        var sigma = await Refused(Request(near, regional.Warehouse, sigma: double.NaN));
        var unknown = await Refused(Request("NO-SUCH-WH", regional.Warehouse));
        var denied = await Refused(Request(near, regional.Warehouse), picker);
        var listed = await regional.Outbound.Call(WmsMethods.Planning.ListTransferLeadTimes, new ListTransferLeadTimesRequest { TargetWarehouseCode = regional.Warehouse });

        Assert.StartsWith("source_warehouse_code:", fromRegional.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("target_warehouse_code:", toCentral.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("target_warehouse_code:", same.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("lead_time_days:", zero.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("lead_time_days:", tooLong.Status.Detail, StringComparison.Ordinal);
        Assert.StartsWith("lead_time_sigma_days:", sigma.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Empty(listed.LeadTimes);
    }

    /// <summary>The nightly run of the regional warehouse, then its one plan and its newest suggestion (null when none).</summary>
    private async Task<(Contracts.V1.SkuPlan Plan, Suggestion? Suggestion)> PlanAsync(ReplenishmentKit regional)
    {
        await factory.Services.GetRequiredService<RunPlanning.Handler>().HandleAsync(new RunPlanning.Command(regional.Warehouse), TestContext.Current.CancellationToken);
        var plan = Assert.Single((await regional.Outbound.Call(WmsMethods.Planning.ListSkuPlans, new ListSkuPlansRequest { WarehouseCode = regional.Warehouse })).Plans);
        var suggestions = (await regional.Outbound.Call(WmsMethods.Planning.ListSuggestions, new ListSuggestionsRequest { WarehouseCode = regional.Warehouse })).Suggestions;
        return (plan, suggestions.FirstOrDefault());
    }

    private static Task<Contracts.V1.TransferLeadTime> SetAsync(ReplenishmentKit regional, string source, double days, double sigma) =>
        regional.Outbound.Call(WmsMethods.Planning.SetTransferLeadTime, new SetTransferLeadTimeRequest
        {
            RequestId = OutboundKit.NewId(), SourceWarehouseCode = source, TargetWarehouseCode = regional.Warehouse, LeadTimeDays = days, LeadTimeSigmaDays = sigma,
        });

    /// <summary>A regional warehouse that sold 12 a day for a year and has nothing left, and two central ones.</summary>
    private async Task<(ReplenishmentKit Regional, string Near, string Far)> RegionalWithTwoCentralsAsync()
    {
        var near = await ReplenishmentKit.CreateAsync(factory);
        var far = await ReplenishmentKit.CreateAsync(factory);
        var regional = ReplenishmentKit.ForExisting(factory, (await ReplenishmentKit.CreateAsync(factory)).Warehouse, near.Sku);
        await regional.Outbound.SetupAsync(async (db, ct) =>
        {
            foreach (var w in await db.Set<Warehouse>().Where(w => w.Code == near.Warehouse || w.Code == far.Warehouse || w.Code == regional.Warehouse).ToListAsync(ct))
            {
                w.Kind = w.Code == regional.Warehouse ? WarehouseKind.Regional : WarehouseKind.Central;
            }

            await db.SaveChangesAsync(ct);
            return true;
        });
        var balance = await regional.Outbound.StockAsync(regional.Warehouse, "F-01", regional.Sku, 365 * 12);
        await RunPlanningTests.PicksAsync(regional, balance, days: 365, perDay: 12);
        return (regional, near.Warehouse, far.Warehouse);
    }
}
