using Wms.Contracts.V1;
using Grpc.Core;
using Wms.Server.Tests.Outbound;
using Xunit;
using MixPolicy = Wms.Server.Layout.MixPolicy;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Replenishment;

public sealed class TopUpPickFacesTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    [Fact]
    public async Task RunReplenishment_FaceBelowMin_OneTaskBringingItToMax()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 5);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);

        var run = await kit.RunAsync();
        var tasks = await kit.TasksAsync();

        Assert.Equal((1, 1, 35L), (run.FacesBelowMin, run.TasksCreated, run.UnitsPlanned));
        var task = Assert.Single(tasks);
        Assert.Equal(("R-01", "F-01", kit.Sku, 35L, "manual"), (task.FromBinCode, task.ToBinCode, task.SkuCode, task.QuantityRemaining, task.Trigger));
        var face = Assert.Single(await kit.FacesAsync());
        Assert.Equal((5L, 35L, 80L, FaceCondition.Low), (face.OnHand, face.Inbound, face.ReserveAvailable, face.Condition));
    }

    [Fact]
    public async Task RunReplenishment_FaceAtOrAboveMin_NoTask()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "F-01", kit.Sku, 10);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);

        var run = await kit.RunAsync();

        Assert.Equal((0, 0), (run.FacesBelowMin, run.TasksCreated));
        Assert.Empty(await kit.TasksAsync());
    }

    [Fact]
    public async Task RunReplenishment_TwentyConcurrentTriggers_ExactlyOneTask()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-02", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => kit.RunAsync()));
        var tasks = await kit.TasksAsync();

        Assert.Equal(1, runs.Sum(r => r.TasksCreated));
        var task = Assert.Single(tasks);
        Assert.Equal(40, task.QuantityRemaining);
    }

    [Fact]
    public async Task RunReplenishment_SameRequestIdTwice_SecondAnswersTheFirst()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        var id = OutboundKit.NewId();

        var first = await kit.RunAsync(id);
        var again = await kit.RunAsync(id);

        Assert.Equal(1, first.TasksCreated);
        Assert.Equal(first, again);
        Assert.Single(await kit.TasksAsync());
    }

    [Fact]
    public async Task RunReplenishment_LotsInReserve_EarliestExpiryFirstThenTheNext()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory, lots: true);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 30, lot: "LATE", expiry: new DateOnly(2028, 6, 1), receivedAt: DateTimeOffset.UnixEpoch);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-02", kit.Sku, 25, lot: "SOON", expiry: new DateOnly(2027, 1, 1), receivedAt: DateTimeOffset.UnixEpoch.AddDays(9));
        await kit.SetFaceAsync(min: 10, max: 40);

        await kit.RunAsync();
        var tasks = await kit.TasksAsync();

        Assert.Equal([("R-02", "SOON", 25L), ("R-01", "LATE", 15L)], tasks.OrderBy(t => t.TaskId).Select(t => (t.FromBinCode, t.Lot, t.Quantity)).ToList());
    }

    [Fact]
    public async Task RunReplenishment_FaceCapacityByUnitsWeightAndVolume_TakesOnlyWhatFits()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 500);
        await kit.SetSkuAsync(weightKg: 2, volumeM3: 0.01);
        await kit.SetFaceAsync(min: 50, max: 400);

        // Units 300, weight 100 kg (50 units), volume 0.3 m3 (30 units): volume binds.
        await kit.SetBinAsync("F-01", units: 300, weightKg: 100, volumeM3: 0.3);
        var byVolume = await kit.RunAsync();
        await kit.SetBinAsync("F-01", units: 300, weightKg: 100, volumeM3: 0);
        var byWeight = await kit.RunAsync();

        Assert.Equal(30, byVolume.UnitsPlanned);
        // The 30 on their way count against the 50 the weight allows.
        Assert.Equal(20, byWeight.UnitsPlanned);
    }

    [Fact]
    public async Task RunReplenishment_CaseSize_WholeCasesWithinMax()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 100);
        await kit.SetSkuAsync(caseSize: 12);
        await kit.SetFaceAsync(min: 10, max: 40);

        var run = await kit.RunAsync();

        Assert.Equal(36, run.UnitsPlanned);
    }

    [Fact]
    public async Task RunReplenishment_NoReserveStock_NamesTheFaceAndListsItAsStockOut()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.SetFaceAsync(min: 10, max: 40);

        var run = await kit.RunAsync();
        var low = await kit.FacesAsync(onlyBelowMin: true);

        Assert.Equal([$"F-01/{kit.Sku}"], run.FacesWithoutReserve);
        Assert.Equal(FaceCondition.StockOut, Assert.Single(low).Condition);
    }

    [Fact]
    public async Task RunReplenishment_NoReserveStockTwice_OneOpenLowStockAlertNamingTheFace()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.SetFaceAsync(min: 10, max: 40);

        await kit.RunAsync();
        await kit.RunAsync();
        var alerts = await kit.Outbound.Call(Wms.Client.WmsMethods.Alert.ListAlerts, new ListAlertsRequest { WarehouseCode = kit.Warehouse, OpenOnly = true });

        var alert = Assert.Single(alerts.Alerts);
        Assert.Equal((AlertKind.LowStock, $"F-01/{kit.Sku}"), (alert.Kind, alert.Subject));
        Assert.Contains("no reserve bin", alert.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPickFace_BadLevelsOrReserveBin_ClearErrorsNamingTheField()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);

        var maxBelowMin = await Assert.ThrowsAsync<RpcException>(() => kit.SetFaceAsync(min: 10, max: 5));
        var negative = await Assert.ThrowsAsync<RpcException>(() => kit.SetFaceAsync(min: -1, max: 5));
        var reserve = await Assert.ThrowsAsync<RpcException>(() => kit.SetFaceAsync(min: 1, max: 5, bin: "R-01"));
        var denied = await Assert.ThrowsAsync<RpcException>(() => kit.SetFaceAsync(min: 1, max: 5, token: picker));

        Assert.Equal((StatusCode.InvalidArgument, true), (maxBelowMin.StatusCode, maxBelowMin.Status.Detail.StartsWith("max_quantity", StringComparison.Ordinal)));
        Assert.Equal((StatusCode.InvalidArgument, true), (negative.StatusCode, negative.Status.Detail.StartsWith("min_quantity", StringComparison.Ordinal)));
        Assert.Equal(StatusCode.FailedPrecondition, reserve.StatusCode);
        Assert.Contains("not a pick face", reserve.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Empty(await kit.FacesAsync());
    }
}
