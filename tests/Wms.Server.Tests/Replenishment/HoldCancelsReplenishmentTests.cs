using Grpc.Core;
using Wms.Client;
using Wms.Contracts.V1;
using Wms.Server.Tests.Outbound;
using Xunit;
using Role = Wms.Server.Security.Role;

namespace Wms.Server.Tests.Replenishment;

/// <summary>
/// A hold stops the replenishment that touches the held stock: open tasks from or to a held bin or lot are cancelled
/// with the hold as their reason, the operator hears it, and after the release the next top-up plans again.
/// </summary>
public sealed class HoldCancelsReplenishmentTests(WmsServerFactory factory) : IClassFixture<WmsServerFactory>
{
    private static Task<BinHold> HoldAsync(ReplenishmentKit kit, string bin, string reason, string sku = "", string lot = "") =>
        kit.Outbound.Call(WmsMethods.Inventory.PlaceHold, new PlaceHoldRequest
        {
            RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse, BinCode = bin, Reason = reason, SkuCode = sku, Lot = lot,
        });

    private static Task<BinHold> ReleaseAsync(ReplenishmentKit kit, string bin, string sku = "", string lot = "") =>
        kit.Outbound.Call(WmsMethods.Inventory.ReleaseHold, new ReleaseHoldRequest { RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse, BinCode = bin, SkuCode = sku, Lot = lot });

    [Theory]
    [InlineData("R-01")]
    [InlineData("F-01")]
    public async Task PlaceHold_OnTheTasksReserveBinOrFace_CancelsItWithTheReasonAndItsOperatorHearsWhy(string heldBin)
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        await kit.RunAsync();
        var task = Assert.Single(await kit.TasksAsync());
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        await kit.ClaimAsync(task.TaskId, picker);

        var held = await HoldAsync(kit, heldBin, "sprinkler leak");
        var confirm = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(task), picker));
        var claim = await Assert.ThrowsAsync<RpcException>(() => kit.ClaimAsync(task.TaskId, picker));
        var whileHeld = await kit.RunAsync();

        Assert.Equal(1, held.ReplenishmentTasksCancelled);
        Assert.Empty(await kit.TasksAsync());
        Assert.Equal(StatusCode.FailedPrecondition, confirm.StatusCode);
        Assert.Equal($"Replenishment task {task.TaskId} was cancelled: bin {heldBin} is on hold (sprinkler leak).", confirm.Status.Detail);
        Assert.Equal(confirm.Status.Detail, claim.Status.Detail);
        Assert.Equal(0, whileHeld.TasksCreated);
        Assert.Equal((80L, 0L), await kit.Outbound.BalanceAsync(kit.Warehouse, "R-01", kit.Sku));

        await ReleaseAsync(kit, heldBin);
        var after = await kit.RunAsync();
        Assert.Equal((1, 40L), (after.TasksCreated, after.UnitsPlanned));
        Assert.NotEqual(task.TaskId, Assert.Single(await kit.TasksAsync()).TaskId);
    }

    [Fact]
    public async Task PlaceHold_OnTheTasksLot_CancelsOnlyThatLotsTaskAndTopUpTakesAnotherLot()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory, lots: true);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 30, lot: "L1", expiry: new DateOnly(2027, 1, 10));
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 30, lot: "L2", expiry: new DateOnly(2027, 2, 10));
        await kit.SetFaceAsync(min: 10, max: 20);
        await kit.RunAsync();
        var task = Assert.Single(await kit.TasksAsync());
        Assert.Equal(("R-01", "L1", 20L), (task.FromBinCode, task.Lot, task.Quantity));

        var otherLot = await HoldAsync(kit, "R-01", "label check", kit.Sku, "L2");
        Assert.Equal(0, otherLot.ReplenishmentTasksCancelled);
        Assert.Equal(task.TaskId, Assert.Single(await kit.TasksAsync()).TaskId);
        await ReleaseAsync(kit, "R-01", kit.Sku, "L2");

        var held = await HoldAsync(kit, "R-01", "temperature excursion", kit.Sku, "L1");
        var refused = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(task)));
        var rerun = await kit.RunAsync();
        var next = Assert.Single(await kit.TasksAsync());

        Assert.Equal(1, held.ReplenishmentTasksCancelled);
        Assert.Equal($"Replenishment task {task.TaskId} was cancelled: Lot L1 of SKU {kit.Sku} in bin R-01 is on hold (temperature excursion).", refused.Status.Detail);
        Assert.Equal(1, rerun.TasksCreated);
        Assert.Equal(("R-01", "L2", 20L), (next.FromBinCode, next.Lot, next.Quantity));
        var face = Assert.Single(await kit.FacesAsync());
        Assert.Equal(30L, face.ReserveAvailable);
    }

    [Fact]
    public async Task ReportPickException_BinBlockedAtTheReserveBin_CancelsTheReplenishmentFromIt()
    {
        var kit = await ReplenishmentKit.CreateAsync(factory);
        await kit.Outbound.StockAsync(kit.Warehouse, "R-01", kit.Sku, 80);
        await kit.SetFaceAsync(min: 10, max: 40);
        await kit.RunAsync();
        var replenish = Assert.Single(await kit.TasksAsync());
        // The face is empty, so the order is allocated from R-01 too: the picker is sent to the reserve bin.
        await kit.Outbound.CreateOrderAsync(kit.Warehouse, "SO-1", 1, (kit.Sku, 3));
        await kit.Outbound.ReleaseAsync(kit.Warehouse, 0, "SO-1");
        var picker = factory.RegisterToken("picker-" + OutboundKit.NewId()[..6], Role.Picker);
        var pick = (await kit.Outbound.Call(WmsMethods.Picking.GetNextPickTask, new GetNextPickTaskRequest { RequestId = OutboundKit.NewId(), WarehouseCode = kit.Warehouse }, picker)).Task;
        Assert.Equal(("R-01", "R-01"), (pick.BinCode, replenish.FromBinCode));

        var report = await kit.Outbound.Call(WmsMethods.Picking.ReportPickException, new ReportPickExceptionRequest
        {
            RequestId = OutboundKit.NewId(), TaskId = pick.TaskId, Kind = PickExceptionKind.BinBlocked,
        }, picker);
        var refused = await Assert.ThrowsAsync<RpcException>(() => kit.ConfirmAsync(ReplenishmentKit.Confirm(replenish)));

        Assert.Equal(("R-01", 1), (report.HeldBinCode, report.ReplenishmentTasksCancelled));
        Assert.Empty(await kit.TasksAsync());
        Assert.StartsWith($"Replenishment task {replenish.TaskId} was cancelled: bin R-01 is on hold (pick exception: bin blocked (", refused.Status.Detail, StringComparison.Ordinal);
        await kit.Outbound.AssertStockIntegrityAsync();
    }
}
